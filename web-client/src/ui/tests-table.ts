/**
 * The test cases as a table that several people edit at once: one row per Y.Map of `tests`, kept in
 * the document's order; a column per variable (the used ones, then those only test cases give).
 */
import * as Y from 'yjs'
import { addTestCase } from '../card/schema'
import type { EditorContext } from './context'
import { h } from './dom'
import { reconcileViews } from './keyed-views'
import { type RowAction, TestRow } from './test-row'

export class TestsTable {
  readonly element: HTMLElement
  private readonly body: HTMLTableSectionElement
  private readonly headRow: HTMLTableRowElement
  private readonly count: HTMLElement
  private readonly empty: HTMLElement
  private readonly addButton: HTMLButtonElement
  private readonly rows = new Map<Y.Map<unknown>, TestRow>()
  private columns: string[] = []
  private readonly cleanups: Array<() => void> = []

  constructor(private readonly context: EditorContext) {
    this.count = h('span', { class: 'pc-count' })
    this.addButton = h('button', { type: 'button', 'data-action': 'add-test' }, '+ Test case')
    this.addButton.addEventListener('click', () => {
      const test = addTestCase(context.card, context.variables.get())
      this.rows.get(test)?.element.querySelector<HTMLElement>('[data-field=name] .pc-field-preview, [data-field=name] .cm-content')?.focus()
    })
    this.headRow = h('tr')
    this.body = h('tbody')
    this.empty = h('p', { class: 'pc-hint' }, 'No test cases yet. Add one to try the prompt with concrete values.')
    this.element = h(
      'section',
      { class: 'pc-tests', 'data-testid': 'tests', 'aria-labelledby': 'pc-tests-heading' },
      h('div', { class: 'pc-section-head' }, h('h2', { id: 'pc-tests-heading' }, 'Test cases ', this.count), this.addButton),
      h('div', { class: 'pc-table-scroll' }, h('table', { class: 'pc-table' }, h('thead', {}, this.headRow), this.body)),
      this.empty,
    )
    const reconcile = () => this.reconcile()
    context.card.tests.observe(reconcile)
    this.cleanups.push(() => context.card.tests.unobserve(reconcile))
    this.cleanups.push(context.readOnly.subscribe((readOnly) => (this.addButton.disabled = readOnly)))
    this.cleanups.push(
      context.report.subscribe((report) => {
        const columns = report.map((status) => status.name)
        const flags = new Map(report.map((status) => [status.name, status.flag]))
        this.setColumns(columns, flags)
      }),
    )
    this.reconcile()
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
    this.rows.forEach((row) => row.destroy())
  }

  private setColumns(columns: string[], flags: Map<string, string>): void {
    this.headRow.replaceChildren(
      h('th', { class: 'pc-row-head', scope: 'col' }, '#'),
      h('th', { scope: 'col' }, 'Name'),
      ...columns.map((name) =>
        h('th', { scope: 'col', 'data-var': name, 'data-flag': flags.get(name) ?? 'ok' }, h('code', {}, `{{${name}}}`)),
      ),
      h('th', { scope: 'col' }, 'Expected output'),
      h('th', { scope: 'col' }, 'Assertions'),
    )
    if (columns.join('\n') === this.columns.join('\n')) return
    this.columns = columns
    this.rows.forEach((row) => row.setColumns(columns))
  }

  private reconcile(): void {
    const tests = this.context.card.tests.toArray().filter((test): test is Y.Map<unknown> => test instanceof Y.Map)
    reconcileViews(this.body, this.rows, tests, (test) => {
      const row = new TestRow(this.context, test, (copy, action) => this.focusAfterMove(copy, action))
      row.setColumns(this.columns)
      return row
    })
    tests.forEach((test, index) => this.rows.get(test)!.setPosition(index, tests.length))
    this.count.textContent = `(${tests.length})`
    this.empty.hidden = tests.length > 0
  }

  private focusAfterMove(copy: Y.Map<unknown>, action: RowAction): void {
    this.rows.get(copy)?.focusButton(action)
  }
}
