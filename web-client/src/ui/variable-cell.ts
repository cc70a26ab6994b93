/**
 * One variable's value in one test case. The value's Y.Text may not exist yet (the variable was
 * added to the prompt after the case was made): it is created when someone starts editing the cell,
 * and the cell follows whichever Y.Text the case holds, should another client's replace it.
 */
import * as Y from 'yjs'
import { testFields, variableText } from '../card/schema'
import type { EditorContext } from './context'
import { h } from './dom'
import { TextField } from './text-field'

export class VariableCell {
  readonly element: HTMLElement
  private field: TextField | undefined
  private shownText: Y.Text | undefined
  private readonly vars: Y.Map<Y.Text> | undefined
  private readonly onVarsChange: (event: Y.YMapEvent<Y.Text>) => void
  private readonly stopReadOnly: () => void
  private empty: HTMLElement | undefined

  constructor(private readonly context: EditorContext, private readonly test: Y.Map<unknown>, private readonly variable: string) {
    this.element = h('div', { class: 'pc-var-cell', 'data-field': `var:${variable}` })
    this.vars = testFields(test).vars
    this.onVarsChange = (event) => {
      if (event.keysChanged.has(variable)) this.show()
    }
    this.vars?.observe(this.onVarsChange)
    this.stopReadOnly = context.readOnly.subscribe(() => this.show())
  }

  destroy(): void {
    this.vars?.unobserve(this.onVarsChange)
    this.stopReadOnly()
    this.field?.destroy()
  }

  private show(): void {
    const text = this.vars?.get(this.variable)
    if (text instanceof Y.Text) {
      if (text === this.shownText) return
      const hadFocus = this.element.contains(this.context.root.activeElement)
      this.field?.destroy()
      this.element.replaceChildren()
      this.empty = undefined
      this.shownText = text
      this.field = new TextField(this.context, text, { label: `Value of ${this.variable}`, lazy: true, placeholder: '—' })
      this.element.appendChild(this.field.element)
      if (hadFocus) this.field.mount().focus()
      return
    }
    // No value yet: a focusable stand-in that creates it on first edit.
    this.field?.destroy()
    this.field = undefined
    this.shownText = undefined
    if (this.empty === undefined) {
      this.empty = h('div', {
        class: 'pc-field-preview',
        role: 'textbox',
        'aria-label': `Value of ${this.variable}`,
        'data-placeholder': '—',
        onfocus: () => this.create(),
        onpointerdown: () => this.create(),
      })
      this.element.replaceChildren(this.empty)
    }
    this.empty.tabIndex = this.context.readOnly.get() ? -1 : 0
    this.empty.setAttribute('aria-readonly', String(this.context.readOnly.get()))
  }

  private create(): void {
    if (this.context.readOnly.get() || this.vars === undefined) return
    const text = variableText(this.context.card, this.test, this.variable)
    if (text === undefined) return
    // The map's observer has shown the new field by now; put the caret into it.
    if (this.shownText !== text) this.show()
    queueMicrotask(() => this.field?.mount().focus())
  }
}
