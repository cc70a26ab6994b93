/**
 * The test cases as a table that several people edit at once: one row per Y.Map of `tests`, kept in
 * the document's order; a column per variable (the used ones, then those only test cases give).
 * A grid of rows rather than a <table>: rows off screen skip layout (content-visibility), which keeps
 * a card with hundreds of test cases fast.
 */
import * as Y from 'yjs'
import { addTestCase, removeTestCase, testFields, testHasContent } from '../card/schema'
import type { UndoStep } from '../card/undo'
import type { EditorContext } from './context'
import { h } from './dom'
import { reconcileViews } from './keyed-views'
import { type RowAction, TestRow } from './test-row'

/**
 * The assertions column: the longest type name ("contains all of (any case)") and a value on the first line
 * of an assertion, the threshold and the weight under it (styles.css `.pc-asserts li`).
 */
const ASSERT_COLUMN_PX = 480

export class TestsTable {
  readonly element: HTMLElement
  private readonly table: HTMLElement
  private readonly body: HTMLElement
  private readonly headRow: HTMLElement
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
      this.rows.get(test)?.focusName()
    })
    this.headRow = h('div', { role: 'row', class: 'pc-row pc-head-row' })
    this.body = h('div', { role: 'rowgroup' })
    this.table = h('div', { role: 'table', class: 'pc-grid', 'aria-labelledby': 'pc-tests-heading' }, h('div', { role: 'rowgroup' }, this.headRow), this.body)
    this.empty = h('p', { class: 'pc-hint' }, 'No test cases yet. Add one to try the prompt with concrete values.')
    this.element = h(
      'section',
      { class: 'pc-tests', 'data-testid': 'tests', 'aria-labelledby': 'pc-tests-heading' },
      h('div', { class: 'pc-section-head' }, h('h2', { id: 'pc-tests-heading' }, 'Test cases ', this.count), this.addButton),
      h('div', { class: 'pc-table-scroll' }, this.table),
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
      h('div', { role: 'columnheader', class: 'pc-row-head' }, '#'),
      h('div', { role: 'columnheader' }, 'Name'),
      ...columns.map((name) =>
        h('div', { role: 'columnheader', 'data-var': name, 'data-flag': flags.get(name) ?? 'ok' }, h('code', {}, `{{${name}}}`)),
      ),
      h('div', { role: 'columnheader' }, 'Expected output'),
      h('div', { role: 'columnheader' }, 'Assertions'),
    )
    // Row head, name, one column per variable, expected output, assertions.
    this.table.style.setProperty('--pc-columns', `100px repeat(${columns.length + 2}, minmax(150px, 1fr)) ${ASSERT_COLUMN_PX}px`)
    if (columns.join('\n') === this.columns.join('\n')) return
    this.columns = columns
    this.rows.forEach((row) => row.setColumns(columns))
  }

  private reconcile(): void {
    const tests = this.context.card.tests.toArray().filter((test): test is Y.Map<unknown> => test instanceof Y.Map)
    reconcileViews(this.body, this.rows, tests, (test) => {
      const row = new TestRow(this.context, test, (copy, action) => this.focusAfterMove(copy, action), (removed) => this.remove(removed))
      row.setColumns(this.columns)
      return row
    })
    tests.forEach((test, index) => this.rows.get(test)!.setPosition(index, tests.length))
    this.count.textContent = `(${tests.length})`
    this.empty.hidden = tests.length > 0
  }

  /**
   * Removes a test case without asking: one undo step of its own, and when it held anything typed, a
   * message whose Undo brings exactly it back (with later changes of this person kept).
   */
  private remove(test: Y.Map<unknown>): void {
    const { card, undo, toasts } = this.context
    const { id, name } = testFields(test)
    const position = card.tests.toArray().indexOf(test) + 1
    const hadContent = testHasContent(test)
    // read before the removal deletes the name's text
    const shownName = (name?.toString() ?? '').trim()
    const label = shownName === '' ? String(position) : `“${shownName.length > 40 ? `${shownName.slice(0, 40)}…` : shownName}”`
    const step = undo.step(() => removeTestCase(card, test))
    // the row and its button are gone: the focus stays in the card, on a button that adds, not one that removes
    this.addButton.focus()
    if (step === undefined || !hadContent) return
    // undone some other way (Ctrl+Z): the message's Undo has nothing left to do
    const undone = (event: { stackItem: UndoStep; type: 'undo' | 'redo' }) => {
      if (event.stackItem === step && event.type === 'undo') toasts.close()
    }
    undo.manager.on('stack-item-popped', undone)
    toasts.show(
      `Test case ${label} deleted.`,
      {
        label: 'Undo',
        run: () => {
          if (!this.context.readOnly.get() && undo.undoStep(step)) this.focusTest(id)
        },
      },
      { onClose: () => undo.manager.off('stack-item-popped', undone) },
    )
  }

  private focusTest(id: string): void {
    for (const [test, row] of this.rows) {
      if (testFields(test).id === id) row.focusName()
    }
  }

  private focusAfterMove(copy: Y.Map<unknown>, action: RowAction): void {
    this.rows.get(copy)?.focusButton(action)
  }
}
