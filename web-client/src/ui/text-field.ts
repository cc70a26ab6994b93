/**
 * A CodeMirror 6 editor bound to one Y.Text (y-codemirror.next): local edits go into the Y.Text,
 * remote ones into the editor, and the others' cursors and selections are drawn in it.
 *
 * A lazy field (the cells of the tests table) shows its text as a plain preview and has a live
 * editor only while it is being edited here or someone else's cursor is in it: every live editor
 * redraws on every awareness change and reads the selection on every update, so a card with
 * hundreds of test cases stays fast when only the fields in use have one. The preview is styled like
 * the editor, so nothing moves when one replaces the other.
 */
import { Compartment, EditorSelection, EditorState, type Extension, type Transaction, type TransactionSpec } from '@codemirror/state'
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder as placeholderText } from '@codemirror/view'
import { defaultKeymap } from '@codemirror/commands'
import type * as Y from 'yjs'
import { yCollab } from 'y-codemirror.next'
import type { EditorContext } from './context'
import { h, setText } from './dom'
import { variableHighlight } from './variable-highlight'

export interface TextFieldOptions {
  /** the accessible name of the field */
  label: string
  placeholder?: string
  /** Enter does not break lines; pasted line breaks become spaces */
  singleLine?: boolean
  /** mark `{{variables}}` */
  variables?: boolean
  /** a live editor only while the field is in use (see above) */
  lazy?: boolean
}

export class TextField {
  /** The field's wrapper; the caller sets its `data-field`. */
  readonly element: HTMLElement
  private view: EditorView | undefined
  private preview: HTMLElement | undefined
  private readonly editable = new Compartment()
  private readonly cleanups: Array<() => void> = []
  private readonly showPreviewText = () => {
    if (this.preview !== undefined) setText(this.preview, this.text.toString())
  }

  constructor(private readonly context: EditorContext, private readonly text: Y.Text, private readonly options: TextFieldOptions) {
    this.element = h('div', { class: options.singleLine ? 'pc-field pc-single' : 'pc-field' })
    this.cleanups.push(
      context.readOnly.subscribe((readOnly) => {
        this.view?.dispatch({ effects: this.editable.reconfigure(editability(readOnly)) })
        this.preview?.setAttribute('aria-readonly', String(readOnly))
      }),
    )
    if (!options.lazy) {
      this.mount()
      return
    }
    this.text.observe(this.showPreviewText)
    this.cleanups.push(
      () => this.text.unobserve(this.showPreviewText),
      context.cursors.watch(text, (present) => (present ? this.mount() : this.unmountWhenIdle())),
    )
    this.element.addEventListener('focusout', () => setTimeout(() => this.unmountWhenIdle()))
    if (context.cursors.has(text)) this.mount()
    else this.showPreview()
  }

  /** The live editor, created now if the field shows its preview. */
  mount(): EditorView {
    if (this.view !== undefined) return this.view
    const hadFocus = this.preview !== undefined && this.context.root.activeElement === this.preview
    this.preview?.remove()
    this.preview = undefined
    this.view = new EditorView({
      root: this.context.root,
      parent: this.element,
      state: EditorState.create({ doc: this.text.toString(), extensions: this.extensions() }),
    })
    this.view.contentDOM.setAttribute('aria-label', this.options.label)
    if (hadFocus) this.view.focus()
    return this.view
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
    this.cleanups.length = 0
    this.view?.destroy()
    this.view = undefined
  }

  /** A lazy field goes back to its preview once nobody edits it: not focused here, no one else's cursor. */
  private unmountWhenIdle(): void {
    if (this.view === undefined || !this.options.lazy || this.view.hasFocus || this.context.cursors.has(this.text)) return
    this.view.destroy()
    this.view = undefined
    this.showPreview()
  }

  private showPreview(): void {
    const preview = h('div', {
      class: 'pc-field-preview',
      tabindex: 0,
      role: 'textbox',
      'aria-label': this.options.label,
      'aria-readonly': String(this.context.readOnly.get()),
      'data-placeholder': this.options.placeholder ?? '',
      onfocus: () => this.mount(),
    })
    // The caret goes where the preview was clicked.
    preview.addEventListener('pointerdown', (event) => {
      event.preventDefault()
      const view = this.mount()
      const at = view.posAtCoords({ x: event.clientX, y: event.clientY })
      view.focus()
      if (at !== null) view.dispatch({ selection: EditorSelection.cursor(at) })
    })
    this.preview = preview
    this.showPreviewText()
    this.element.replaceChildren(preview)
  }

  private extensions(): Extension[] {
    return [
      // the sanitised view: y-codemirror.next puts the colours into style attributes unchecked;
      // the card's one undo stack (card/undo.ts), whose keys are bound on the whole editor
      // (undo-keys.ts): neither y-codemirror's undo keymap nor CodeMirror's history is here
      yCollab(this.text, this.context.awareness, { undoManager: this.context.undo.manager }),
      keymap.of([...(this.options.singleLine ? [{ key: 'Enter', run: () => true }] : []), ...defaultKeymap]),
      drawSelection(),
      highlightSpecialChars(),
      // Every field wraps (a long name reads better on two lines than scrolled away).
      EditorView.lineWrapping,
      this.options.singleLine ? EditorState.transactionFilter.of(noLineBreaks) : [],
      this.options.placeholder ? placeholderText(this.options.placeholder) : [],
      this.options.variables ? variableHighlight : [],
      this.editable.of(editability(this.context.readOnly.get())),
    ]
  }
}

function editability(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]
}

/** Typed or pasted line breaks become spaces; remote changes (y-codemirror's) pass as they are. */
function noLineBreaks(tr: Transaction): TransactionSpec | readonly TransactionSpec[] {
  if (!tr.docChanged || !(tr.isUserEvent('input') || tr.isUserEvent('paste') || tr.isUserEvent('drop'))) return tr
  let hasBreak = false
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
    if (inserted.lines > 1) hasBreak = true
  })
  if (!hasBreak) return tr
  const changes: { from: number; to: number; insert: string }[] = []
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    changes.push({ from: fromA, to: toA, insert: inserted.sliceString(0, inserted.length, ' ') })
  })
  return { changes, selection: tr.selection, userEvent: 'input' }
}
