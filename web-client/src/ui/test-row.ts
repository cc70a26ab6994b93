/** One test case as a row of the tests table: name, a value per variable, expected output, assertions. */
import type * as Y from 'yjs'
import { moveTestCase, testFields } from '../card/schema'
import { AssertionList } from './assertion-list'
import type { EditorContext } from './context'
import { h } from './dom'
import { TextField } from './text-field'
import { VariableCell } from './variable-cell'

export type RowAction = 'move-up' | 'move-down' | 'remove-test'

export class TestRow {
  readonly element: HTMLElement
  private readonly index: HTMLElement
  private readonly varCells = new Map<string, { cell: VariableCell; td: HTMLElement }>()
  private readonly expectedTd: HTMLElement
  private readonly fields: TextField[] = []
  private readonly assertions: AssertionList
  private readonly buttons: Record<RowAction, HTMLButtonElement>
  private readonly stopReadOnly: () => void
  private position = { index: 0, count: 1 }

  /**
   * @param moved called with the copy a move put in the list, and the button pressed (to keep the focus on it)
   * @param remove removes the test case (the table offers its undo)
   */
  constructor(
    private readonly context: EditorContext,
    readonly test: Y.Map<unknown>,
    moved: (copy: Y.Map<unknown>, action: RowAction) => void,
    remove: (test: Y.Map<unknown>) => void,
  ) {
    const { id, name, expected } = testFields(test)
    this.index = h('span', { class: 'pc-index' })
    const button = (action: RowAction, label: string, text: string, onClick: () => void) =>
      h('button', { type: 'button', class: 'pc-icon', 'data-action': action, 'aria-label': label, title: label, onclick: onClick }, text)
    this.buttons = {
      'move-up': button('move-up', 'Move up', '↑', () => this.move(-1, 'move-up', moved)),
      'move-down': button('move-down', 'Move down', '↓', () => this.move(1, 'move-down', moved)),
      'remove-test': button('remove-test', 'Remove test case', '×', () => remove(test)),
    }
    const nameCell = h('div', { role: 'cell', class: 'pc-name-cell' })
    if (name !== undefined) {
      const field = new TextField(context, name, { label: 'Test case name', singleLine: true, lazy: true, placeholder: 'Untitled test' })
      field.element.dataset.field = 'name'
      this.fields.push(field)
      nameCell.append(field.element)
    }
    this.expectedTd = h('div', { role: 'cell', class: 'pc-expected-cell' })
    if (expected !== undefined) {
      const field = new TextField(context, expected, { label: 'Expected output', lazy: true, placeholder: 'optional' })
      field.element.dataset.field = 'expected'
      this.fields.push(field)
      this.expectedTd.append(field.element)
    }
    this.assertions = new AssertionList(context, test)
    this.element = h(
      'div',
      { role: 'row', class: 'pc-row', 'data-testid': 'test-row', 'data-test-id': id },
      h('div', { role: 'cell', class: 'pc-row-head' }, this.index, h('span', { class: 'pc-row-actions' }, this.buttons['move-up'], this.buttons['move-down'], this.buttons['remove-test'])),
      nameCell,
      this.expectedTd,
      h('div', { role: 'cell' }, this.assertions.element),
    )
    this.stopReadOnly = context.readOnly.subscribe(() => this.updateButtons())
  }

  /** Shows the row's position (1-based) and enables the moves that are possible. */
  setPosition(index: number, count: number): void {
    this.index.textContent = String(index + 1)
    this.element.dataset.position = String(index)
    this.position = { index, count }
    this.updateButtons()
  }

  /** One value cell per variable column, in order, before the expected output. */
  setColumns(columns: string[]): void {
    const wanted = new Set(columns)
    for (const [variable, { cell, td }] of this.varCells) {
      if (!wanted.has(variable)) {
        cell.destroy()
        td.remove()
        this.varCells.delete(variable)
      }
    }
    for (const variable of columns) {
      let entry = this.varCells.get(variable)
      if (entry === undefined) {
        const cell = new VariableCell(this.context, this.test, variable)
        entry = { cell, td: h('div', { role: 'cell', class: 'pc-var-td' }, cell.element) }
        this.varCells.set(variable, entry)
      }
      this.element.insertBefore(entry.td, this.expectedTd)
    }
  }

  /** Puts the caret into the test case's name. */
  focusName(): void {
    this.element.querySelector<HTMLElement>('[data-field=name] .pc-field-preview, [data-field=name] .cm-content')?.focus()
  }

  focusButton(action: RowAction): void {
    const button = this.buttons[action]
    ;(button.disabled ? this.buttons['remove-test'] : button).focus()
  }

  destroy(): void {
    this.stopReadOnly()
    this.fields.forEach((field) => field.destroy())
    this.varCells.forEach(({ cell }) => cell.destroy())
    this.assertions.destroy()
  }

  private move(by: -1 | 1, action: RowAction, moved: (copy: Y.Map<unknown>, action: RowAction) => void): void {
    const copy = moveTestCase(this.context.card, this.test, by)
    if (copy !== undefined) moved(copy, action)
  }

  private updateButtons(): void {
    const readOnly = this.context.readOnly.get()
    this.buttons['move-up'].disabled = readOnly || this.position.index === 0
    this.buttons['move-down'].disabled = readOnly || this.position.index >= this.position.count - 1
    this.buttons['remove-test'].disabled = readOnly
  }
}
