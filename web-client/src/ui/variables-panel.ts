/** The variables the prompts use, each flagged: given by every test case, missing somewhere, or unused. */
import type { VariableStatus } from '../card/variables'
import type { EditorContext } from './context'
import { h } from './dom'

const EXPLAIN: Record<VariableStatus['flag'], (status: VariableStatus, tests: number) => string> = {
  ok: (_status, tests) => (tests === 0 ? 'used in the prompt' : `given by all ${tests} test cases`),
  missing: (status, tests) => `used in the prompt, but only ${status.given} of ${tests} test cases give a value`,
  unused: () => 'test cases give a value, but no prompt uses it',
}

export function variablesPanel(context: EditorContext): { element: HTMLElement; destroy: () => void } {
  const list = h('ul', { class: 'pc-variables', 'data-testid': 'variables', 'aria-label': 'Variables' })
  const empty = h('p', { class: 'pc-hint' }, 'No variables yet: write {{name}} in the prompt to add one.')
  const destroy = context.report.subscribe((report) => {
    const tests = context.card.tests.length
    empty.hidden = report.length > 0
    list.replaceChildren(
      ...report.map((status) =>
        h(
          'li',
          { 'data-var': status.name, 'data-flag': status.flag, title: EXPLAIN[status.flag](status, tests) },
          h('code', {}, `{{${status.name}}}`),
          status.flag === 'ok' ? null : h('span', { class: 'pc-flag' }, status.flag === 'missing' ? 'missing values' : 'unused'),
        ),
      ),
    )
  })
  return { element: h('div', { class: 'pc-variables-panel' }, list, empty), destroy }
}
