/**
 * The prompt as one test case sends it: the system prompt and the template with that test case's values
 * filled in (card/prompt-preview.ts, as the runner renders them), the variables it gives no value for
 * marked; a disclosure closed by default, redrawn while open at most once a frame while anyone types in the
 * prompts or the test cases.
 */
import * as Y from 'yjs'
import { type PreviewPart, missingNames, renderPreview } from '../card/prompt-preview'
import { testFields } from '../card/schema'
import type { EditorContext } from './context'
import { h, setText } from './dom'

export function promptPreview(context: EditorContext): { element: HTMLElement; destroy: () => void } {
  const { card } = context
  const idPrefix = `pc-preview-${Math.random().toString(36).slice(2, 8)}`
  const choice = h('select', { id: `${idPrefix}-test`, 'data-field': 'preview-test' })
  const system = h('pre', { class: 'pc-preview-text', 'data-testid': 'preview-system' })
  const user = h('pre', { class: 'pc-preview-text', 'data-testid': 'preview-template' })
  const systemBlock = h('div', { class: 'pc-preview-block' }, h('div', { class: 'pc-label' }, h('span', {}, 'System')), system)
  const userBlock = h('div', { class: 'pc-preview-block' }, h('div', { class: 'pc-label' }, h('span', {}, 'User')), user)
  const missing = h('p', { class: 'pc-preview-missing-note', 'data-testid': 'preview-missing', hidden: true })
  const empty = h('p', { class: 'pc-hint' }, 'Add a test case to see the prompt with its values.')
  const body = h('div', {}, systemBlock, userBlock, missing)
  const details = h(
    'details',
    { class: 'pc-preview', 'data-testid': 'preview' },
    h('summary', {}, 'Preview ', h('span', { class: 'pc-muted' }, "the prompt with a test case's values")),
    h('label', { class: 'pc-preview-choice', for: choice.id }, h('span', {}, 'With the values of'), choice),
    empty,
    body,
  )
  choice.addEventListener('change', () => draw())
  // closed by default (it would push the test cases and the runs down); drawn only while open
  details.addEventListener('toggle', () => {
    if (details.open) draw()
  })

  let frame = 0
  const draw = () => {
    frame = 0
    const tests = card.tests.toArray().filter((test): test is Y.Map<unknown> => test instanceof Y.Map)
    const chosen = choice.value
    const options = tests.map((test, index) => {
      const { id, name } = testFields(test)
      const label = name?.toString().trim() || `Test case ${index + 1}`
      return h('option', { value: id }, label)
    })
    if (options.map((o) => `${o.value}\u0000${o.text}`).join('\n') !== [...choice.options].map((o) => `${o.value}\u0000${o.text}`).join('\n')) {
      choice.replaceChildren(...options)
    }
    const test = tests.find((candidate) => testFields(candidate).id === chosen) ?? tests[0]
    empty.hidden = test !== undefined
    body.hidden = test === undefined
    choice.disabled = test === undefined
    if (test === undefined) return
    choice.value = testFields(test).id
    const values = valuesOf(test)
    const systemParts = renderPreview(card.system.toString(), values)
    const userParts = renderPreview(card.template.toString(), values)
    systemBlock.hidden = card.system.length === 0
    show(system, systemParts)
    show(user, userParts)
    const names = missingNames(systemParts, userParts)
    missing.hidden = names.length === 0
    setText(missing, `This test case gives no value for ${names.map((name) => `{{${name}}}`).join(', ')}: a run reports it as an error instead of calling the model.`)
  }
  const schedule = () => {
    if (frame === 0 && details.open) frame = requestAnimationFrame(draw)
  }
  card.system.observe(schedule)
  card.template.observe(schedule)
  card.tests.observeDeep(schedule)
  draw()
  return {
    element: details,
    destroy: () => {
      cancelAnimationFrame(frame)
      card.system.unobserve(schedule)
      card.template.unobserve(schedule)
      card.tests.unobserveDeep(schedule)
    },
  }
}

function valuesOf(test: Y.Map<unknown>): Map<string, string> {
  const values = new Map<string, string>()
  testFields(test).vars?.forEach((value, key) => {
    const text = value as unknown
    if (text instanceof Y.Text) values.set(key, text.toString())
    else if (typeof text === 'string') values.set(key, text)
  })
  return values
}

function show(target: HTMLElement, parts: PreviewPart[]): void {
  target.replaceChildren(
    ...parts.map((part) => {
      switch (part.kind) {
        case 'text':
          return document.createTextNode(part.text)
        case 'value':
          return h('mark', { class: 'pc-preview-value', 'data-var': part.name, title: `the value of {{${part.name}}}` }, part.text)
        case 'missing':
          return h('span', { class: 'pc-preview-missing', 'data-var': part.name, title: 'this test case gives no value' }, `{{${part.name}}} missing`)
      }
    }),
  )
}
