/**
 * A CodeMirror 6 editor bound to one Y.Text (y-codemirror.next): local edits go into the Y.Text,
 * remote ones into the editor, and the others' cursors and selections are drawn in it.
 *
 * A lazy field shows its text as plain preview until it scrolls into view or gets the focus, so that
 * a card with hundreds of test cases opens fast.
 */
import { Compartment, EditorState, type Extension, type Transaction, type TransactionSpec } from '@codemirror/state'
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder as placeholderText } from '@codemirror/view'
import { defaultKeymap } from '@codemirror/commands'
import * as Y from 'yjs'
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next'
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
  /** mount the editor only once visible or focused */
  lazy?: boolean
}

export class TextField {
  /** The field's wrapper; the caller sets its `data-field`. */
  readonly element: HTMLElement
  private view: EditorView | undefined
  private undoManager: Y.UndoManager | undefined
  private preview: HTMLElement | undefined
  private readonly editable = new Compartment()
  private readonly cleanups: Array<() => void> = []

  constructor(private readonly context: EditorContext, private readonly text: Y.Text, private readonly options: TextFieldOptions) {
    this.element = h('div', { class: options.singleLine ? 'pc-field pc-single' : 'pc-field' })
    if (options.lazy) this.showPreview()
    else this.mount()
  }

  /** Creates the editor now (a lazy field does so by itself once visible or focused). */
  mount(): EditorView {
    if (this.view !== undefined) return this.view
    const hadFocus = this.preview !== undefined && this.context.root.activeElement === this.preview
    this.removePreview()
    this.undoManager = new Y.UndoManager(this.text)
    this.view = new EditorView({
      root: this.context.root,
      parent: this.element,
      state: EditorState.create({ doc: this.text.toString(), extensions: this.extensions() }),
    })
    this.view.contentDOM.setAttribute('aria-label', this.options.label)
    this.cleanups.push(
      this.context.readOnly.subscribe((readOnly) => {
        this.view?.dispatch({ effects: this.editable.reconfigure(editability(readOnly)) })
      }),
    )
    if (hadFocus) this.view.focus()
    return this.view
  }

  destroy(): void {
    this.removePreview()
    this.cleanups.forEach((cleanup) => cleanup())
    this.cleanups.length = 0
    this.view?.destroy()
    this.undoManager?.destroy()
    this.view = undefined
  }

  private extensions(): Extension[] {
    return [
      yCollab(this.text, this.context.awareness, { undoManager: this.undoManager! }),
      keymap.of([...yUndoManagerKeymap, ...(this.options.singleLine ? [{ key: 'Enter', run: () => true }] : []), ...defaultKeymap]),
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

  private showPreview(): void {
    const preview = h('div', {
      class: 'pc-field-preview',
      tabindex: 0,
      role: 'textbox',
      'aria-label': this.options.label,
      'data-placeholder': this.options.placeholder ?? '',
      onfocus: () => this.mount(),
      onpointerdown: () => this.mount(),
    })
    const show = () => setText(preview, this.text.toString())
    show()
    this.text.observe(show)
    const stopWatching = whenVisible(this.context.scroller, preview, () => this.mount())
    this.preview = preview
    this.element.appendChild(preview)
    this.removePreview = () => {
      this.text.unobserve(show)
      stopWatching()
      preview.remove()
      this.preview = undefined
      this.removePreview = () => {}
    }
  }

  /** Takes the preview away (once); nothing when there is none. */
  private removePreview: () => void = () => {}
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

// One IntersectionObserver per scroll container, shared by every lazy field in it.
const observers = new Map<Element | null, { observer: IntersectionObserver; callbacks: Map<Element, () => void> }>()

/** Calls `callback` once `element` comes near the visible part of `scroller`; returns the cancel. */
function whenVisible(scroller: Element | null, element: Element, callback: () => void): () => void {
  let entry = observers.get(scroller)
  if (entry === undefined) {
    const callbacks = new Map<Element, () => void>()
    const observer = new IntersectionObserver(
      (entries) => {
        for (const seen of entries) {
          if (!seen.isIntersecting) continue
          const call = callbacks.get(seen.target)
          callbacks.delete(seen.target)
          observer.unobserve(seen.target)
          call?.()
        }
      },
      { root: scroller, rootMargin: '600px 0px' },
    )
    entry = { observer, callbacks }
    observers.set(scroller, entry)
  }
  const { observer, callbacks } = entry
  callbacks.set(element, callback)
  observer.observe(element)
  return () => {
    callbacks.delete(element)
    observer.unobserve(element)
  }
}
