/**
 * The assertions of one test case: type picker (promptfoo's vocabulary, with `not-`), value,
 * threshold and weight, each written to the assertion's Y.Map when changed, with the problems of the
 * assertion shown beside it.
 */
import * as Y from 'yjs'
import {
  ASSERTION_TYPES,
  type AssertionGroup,
  changeType,
  composeType,
  describeType,
  parseNumberField,
  parseType,
  validateAssertion,
} from '../card/assertions'
import { addAssertion, assertionFields, testFields, updateAssertion } from '../card/schema'
import type { EditorContext } from './context'
import { h, setInputValue } from './dom'
import { reconcileViews } from './keyed-views'

const GROUP_LABELS: Record<AssertionGroup, string> = {
  deterministic: 'Deterministic',
  'model-graded': 'Model-graded',
  performance: 'Performance',
}

const THRESHOLD_HINT = { none: '', score: '0–1', distance: 'max edits', milliseconds: 'ms', usd: 'USD' } as const

export class AssertionList {
  readonly element: HTMLElement
  private readonly list: HTMLUListElement
  private readonly addButton: HTMLButtonElement
  private readonly rows = new Map<Y.Map<unknown>, AssertionRow>()
  private readonly assertions: Y.Array<Y.Map<unknown>> | undefined
  private readonly cleanups: Array<() => void> = []

  constructor(private readonly context: EditorContext, private readonly test: Y.Map<unknown>) {
    this.assertions = testFields(test).assert
    this.list = h('ul', { class: 'pc-asserts' })
    this.addButton = h('button', { type: 'button', class: 'pc-small', 'data-action': 'add-assert' }, '+ Assertion')
    this.addButton.addEventListener('click', () => {
      const created = addAssertion(this.context.card, this.test)
      if (created !== undefined) this.rows.get(created)?.focus()
    })
    this.element = h('div', { class: 'pc-assert-cell' }, this.list, this.addButton)
    const reconcile = () => this.reconcile()
    this.assertions?.observe(reconcile)
    this.cleanups.push(() => this.assertions?.unobserve(reconcile))
    this.cleanups.push(context.readOnly.subscribe((readOnly) => (this.addButton.disabled = readOnly || this.assertions === undefined)))
    this.reconcile()
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
    this.rows.forEach((row) => row.destroy())
    this.rows.clear()
  }

  private reconcile(): void {
    const current = this.assertions?.toArray().filter((item): item is Y.Map<unknown> => item instanceof Y.Map) ?? []
    reconcileViews(this.list, this.rows, current, (assertion) =>
      new AssertionRow(this.context, assertion, () => {
        const at = this.assertions?.toArray().indexOf(assertion) ?? -1
        if (at >= 0) this.assertions!.delete(at, 1)
        this.addButton.focus()
      }),
    )
  }
}

class AssertionRow {
  readonly element: HTMLLIElement
  private readonly type: HTMLSelectElement
  private readonly negate: HTMLInputElement
  private readonly value: HTMLInputElement
  private readonly threshold: HTMLInputElement
  private readonly thresholdLabel: HTMLElement
  private readonly weight: HTMLInputElement
  private readonly remove: HTMLButtonElement
  private readonly problems: HTMLElement
  private readonly cleanups: Array<() => void> = []

  constructor(private readonly context: EditorContext, private readonly assertion: Y.Map<unknown>, onRemove: () => void) {
    this.type = h('select', { 'data-field': 'assert-type', 'aria-label': 'Assertion type' }, ...typeOptions())
    this.negate = h('input', { type: 'checkbox', 'data-field': 'assert-not', 'aria-label': 'Negate (not-)' })
    this.value = h('input', { 'data-field': 'assert-value', 'aria-label': 'Assertion value', spellcheck: 'false' })
    this.threshold = h('input', { 'data-field': 'assert-threshold', 'aria-label': 'Threshold', inputmode: 'decimal', class: 'pc-narrow' })
    this.weight = h('input', { 'data-field': 'assert-weight', 'aria-label': 'Weight', inputmode: 'decimal', class: 'pc-narrow', placeholder: '1' })
    this.remove = h('button', { type: 'button', class: 'pc-icon', 'data-action': 'remove-assert', 'aria-label': 'Remove assertion', title: 'Remove assertion' }, '×')
    this.problems = h('span', { class: 'pc-field-error', role: 'status' })
    this.thresholdLabel = h('label', { class: 'pc-number', title: 'Threshold' }, h('span', {}, 'min'), this.threshold)
    this.element = h(
      'li',
      { 'data-testid': 'assert-row' },
      h('label', { class: 'pc-not', title: 'Negate: the assertion must fail' }, this.negate, h('span', {}, 'not')),
      this.type,
      this.value,
      this.remove,
      h('div', { class: 'pc-assert-numbers' }, this.thresholdLabel, h('label', { class: 'pc-number', title: 'Weight of this assertion in the score' }, 'weight', this.weight)),
      this.problems,
    )
    const card = context.card
    this.type.addEventListener('change', () => {
      const base = this.type.value
      updateAssertion(card, assertion, changeType(assertionFields(assertion), composeType(base, this.negate.checked)))
      // this person's own change: the value field shows what the new type kept even if it still has the focus
      this.value.value = assertionFields(assertion).value ?? ''
    })
    this.negate.addEventListener('change', () => {
      const { base } = parseType(assertionFields(assertion).type)
      updateAssertion(card, assertion, { type: composeType(base, this.negate.checked) })
    })
    this.value.addEventListener('input', () => updateAssertion(card, assertion, { value: this.value.value }))
    this.threshold.addEventListener('change', () => this.writeNumber('threshold', this.threshold))
    this.weight.addEventListener('change', () => this.writeNumber('weight', this.weight))
    this.remove.addEventListener('click', onRemove)
    const show = () => this.show()
    assertion.observe(show)
    this.cleanups.push(() => assertion.unobserve(show))
    this.cleanups.push(
      context.readOnly.subscribe((readOnly) => {
        for (const control of [this.type, this.negate, this.value, this.threshold, this.weight, this.remove]) control.disabled = readOnly
      }),
    )
    this.show()
  }

  focus(): void {
    this.type.focus()
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
  }

  /** A number that cannot be read is not written; the problem is shown until it is fixed. */
  private writeNumber(key: 'threshold' | 'weight', input: HTMLInputElement): void {
    const parsed = parseNumberField(input.value)
    if (parsed !== undefined && Number.isNaN(parsed)) {
      this.showProblems([`${key === 'threshold' ? 'The threshold' : 'The weight'} must be a number`])
      return
    }
    updateAssertion(this.context.card, this.assertion, { [key]: parsed })
    this.show()
  }

  private show(): void {
    const fields = assertionFields(this.assertion)
    const { base, negated } = parseType(fields.type)
    const type = describeType(fields.type)
    if (type === undefined && ![...this.type.options].some((option) => option.value === base)) {
      this.type.append(h('option', { value: base }, `${base} (unknown)`))
    }
    setInputValue(this.type, base, this.context.root)
    this.negate.checked = negated
    this.negate.parentElement!.hidden = type !== undefined && !type.negatable
    this.value.hidden = type?.value === 'none'
    this.value.placeholder = valuePlaceholder(type?.value)
    setInputValue(this.value, fields.value ?? '', this.context.root)
    this.thresholdLabel.hidden = type?.threshold === 'none'
    // A score must reach the threshold; a distance, a latency or a cost must stay under it.
    this.thresholdLabel.firstElementChild!.textContent = type?.threshold === 'score' ? 'min' : 'max'
    this.threshold.placeholder = type ? THRESHOLD_HINT[type.threshold] : ''
    setInputValue(this.threshold, fields.threshold === undefined ? '' : String(fields.threshold), this.context.root)
    setInputValue(this.weight, fields.weight === undefined ? '' : String(fields.weight), this.context.root)
    this.showProblems(validateAssertion(fields).map((problem) => problem.message))
  }

  private showProblems(messages: string[]): void {
    this.problems.textContent = messages.join('; ')
    this.element.classList.toggle('pc-invalid', messages.length > 0)
  }
}

function typeOptions(): HTMLOptGroupElement[] {
  const groups = new Map<AssertionGroup, HTMLOptGroupElement>()
  for (const type of ASSERTION_TYPES) {
    let group = groups.get(type.group)
    if (group === undefined) {
      group = h('optgroup', { label: GROUP_LABELS[type.group] })
      groups.set(type.group, group)
    }
    group.append(h('option', { value: type.type }, type.label))
  }
  return [...groups.values()]
}

function valuePlaceholder(kind: string | undefined): string {
  switch (kind) {
    case 'list':
      return 'a, b, c'
    case 'regex':
      return 'regular expression'
    case 'code':
      return 'output.includes("…")'
    case 'json-schema':
      return 'JSON schema (optional)'
    case 'rubric':
      return 'what a good answer does'
    case 'url':
      return 'https://…'
    case 'count':
      return 'number of words'
    default:
      return 'value'
  }
}
