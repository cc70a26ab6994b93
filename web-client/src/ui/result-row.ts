/**
 * One row of a run's results grid: the test case (name, repetition, values), its output as it streams
 * in, each assertion passed or failed with its reason, score, latency, tokens and cost. Cells are
 * updated in place, so a row streaming output repaints only its text.
 */
import { isFinal } from '../card/runs'
import type { GridRow } from '../card/run-grid'
import { h, setText } from './dom'
import { formatCost, formatMillis, formatScore, formatTokens } from './run-format'

/** The grid's columns, in order (the header row and each row's cells), with what a header means when it is short. */
export const RESULT_COLUMNS: ReadonlyArray<{ label: string; title?: string }> = [
  { label: 'Test case' },
  { label: 'Output' },
  { label: 'Assertions' },
  { label: 'Score', title: "the weighted score of the test's assertions" },
  { label: 'Latency' },
  { label: 'Tokens', title: 'tokens in / out' },
  { label: 'Cost', title: 'USD' },
]

export class ResultRow {
  readonly element: HTMLElement
  private readonly name: HTMLElement
  private readonly repeat: HTMLElement
  private readonly vars: HTMLElement
  private readonly status: HTMLElement
  private readonly output: HTMLPreElement
  private readonly error: HTMLElement
  private readonly assertions: HTMLElement
  private readonly score: HTMLElement
  private readonly latency: HTMLElement
  private readonly tokens: HTMLElement
  private readonly cost: HTMLElement
  /** what the lists were last drawn from, to redraw them only when they change */
  private shownVars = ''
  private shownAssertions = ''

  constructor(key: string) {
    this.name = h('span', { class: 'pc-result-name', 'data-testid': 'result-name' })
    this.repeat = h('span', { class: 'pc-result-repeat', 'data-testid': 'result-repeat', hidden: true })
    this.vars = h('dl', { class: 'pc-result-vars', 'data-testid': 'result-vars' })
    this.status = h('span', { class: 'pc-run-status', 'data-testid': 'result-status' })
    this.output = h('pre', { 'data-testid': 'result-output', tabindex: 0, 'aria-label': 'Output' })
    this.error = h('p', { class: 'pc-field-error', 'data-testid': 'result-error', hidden: true })
    this.assertions = h('ul', { class: 'pc-assert-results', 'data-testid': 'result-assertions' })
    this.score = h('div', { role: 'cell', class: 'pc-num', 'data-testid': 'result-score' })
    this.latency = h('div', { role: 'cell', class: 'pc-num', 'data-testid': 'result-latency' })
    this.tokens = h('div', { role: 'cell', class: 'pc-num', 'data-testid': 'result-tokens' })
    this.cost = h('div', { role: 'cell', class: 'pc-num', 'data-testid': 'result-cost' })
    this.element = h(
      'div',
      { role: 'row', class: 'pc-row', 'data-testid': 'result-row', 'data-result-key': key },
      h('div', { role: 'rowheader', class: 'pc-result-test' }, h('div', { class: 'pc-result-title' }, this.name, this.repeat), this.vars),
      h('div', { role: 'cell', class: 'pc-output' }, this.status, this.output, this.error),
      h('div', { role: 'cell' }, this.assertions),
      this.score,
      this.latency,
      this.tokens,
      this.cost,
    )
  }

  update(row: GridRow): void {
    const { dataset } = this.element
    dataset.testId = row.testId
    dataset.status = row.status
    dataset.pass = row.pass === undefined ? '' : String(row.pass)
    dataset.repeat = row.repeat === undefined ? '' : String(row.repeat)

    setText(this.name, row.name || (row.known ? 'Untitled test' : 'Removed test case'))
    this.name.classList.toggle('pc-muted', row.name === '')
    this.name.title = row.known ? '' : `The card no longer has this test case (${row.testId}).`
    this.repeat.hidden = row.repeat === undefined
    setText(this.repeat, row.repeat === undefined ? '' : `#${row.repeat}`)
    this.repeat.title = row.repeat === undefined ? '' : `repetition ${row.repeat} of this test case`
    const vars = JSON.stringify(row.vars)
    if (vars !== this.shownVars) {
      this.shownVars = vars
      this.vars.replaceChildren(...row.vars.flatMap(([variable, value]) => [h('dt', {}, h('code', {}, variable)), h('dd', { title: value }, value)]))
    }

    this.status.dataset.status = row.status
    setText(this.status, row.status || 'unknown')
    this.setOutput(row.output)
    this.error.hidden = row.error === ''
    setText(this.error, row.error)

    const assertions = JSON.stringify(row.assertions)
    if (assertions !== this.shownAssertions) {
      this.shownAssertions = assertions
      this.assertions.replaceChildren(
        ...row.assertions.map((assertion) =>
          h(
            'li',
            { 'data-testid': 'assertion-result', 'data-type': assertion.type, 'data-pass': String(assertion.pass) },
            h('span', { class: 'pc-assert-verdict', 'aria-label': assertion.pass ? 'passed' : 'failed' }, assertion.pass ? '✓' : '✗'),
            h('code', {}, assertion.type),
            assertion.score === undefined ? null : h('span', { class: 'pc-muted' }, formatScore(assertion.score)),
            assertion.reason ? h('span', { class: 'pc-assert-reason' }, assertion.reason) : null,
          ),
        ),
      )
    }

    setText(this.score, formatScore(row.score))
    setText(this.latency, formatMillis(row.latencyMs))
    setText(this.tokens, formatTokens(row.tokensIn, row.tokensOut))
    this.tokens.title = row.tokensIn === undefined && row.tokensOut === undefined ? '' : 'tokens in / out'
    // A finished call without a cost: the price table does not know the model (never shown as $0).
    const unpriced = row.costUsd === undefined && isFinal(row.status) && row.tokensIn !== undefined
    setText(this.cost, unpriced ? '—' : formatCost(row.costUsd))
    this.cost.title = unpriced ? 'No price is known for this provider and model.' : ''
  }

  /** The output so far; a reader at the bottom of a long output keeps seeing its end as it grows. */
  private setOutput(output: string): void {
    const pre = this.output
    if (pre.textContent === output) return
    const following = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 4
    pre.textContent = output
    if (following) pre.scrollTop = pre.scrollHeight
  }
}
