/**
 * The card's undo keys, anywhere in the editor (the page's or the widget's): Ctrl+Z undoes this
 * person's last step on the card, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS). One stack for the
 * whole card ({@link CardUndo}): the CodeMirror fields, the assertion and model controls, the buttons.
 *
 * Two exceptions keep the browser's own undo of a plain input: an input marked `data-native-undo`
 * (the person's name, not part of the card), and an input typed into that has not been left or
 * confirmed with Enter yet (its text may not be in the card yet: Ctrl+Z takes back the typing in it,
 * as in any form).
 *
 * A step ends when the focus moves or a button is pressed, so that a field's typing and a click on
 * "×" are undone one at a time, however fast they follow each other.
 */
import type { CardUndo } from '../card/undo'
import type { Value } from './value'

const IS_MAC = /Mac|iPhone|iPad/.test(typeof navigator === 'undefined' ? '' : navigator.platform || navigator.userAgent)

/** What a key press asks for: `undo`, `redo`, or nothing of ours. */
export function undoKeyOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac = IS_MAC): 'undo' | 'redo' | undefined {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (!mod || event.altKey) return undefined
  // By the character the layout gives; by the key's place when it gives none of a, z (Cyrillic, Greek …).
  const key = /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : event.code.replace(/^Key/, '').toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !event.shiftKey) return 'redo'
  return undefined
}

/**
 * Binds the undo keys to the editor's root element; on a page that is the card (`page`: the editor's
 * own page or its iframe), also to keys pressed while nothing has the focus (after a click on the
 * page's margin).
 *
 * @return unbinds them
 */
export function bindUndoKeys(root: HTMLElement, undo: CardUndo, readOnly: Value<boolean>, page?: Document): () => void {
  // plain inputs typed into since they were last confirmed (change)
  const typing = new WeakSet<EventTarget>()
  const onInput = (event: Event) => {
    if (event.target instanceof HTMLInputElement && event.target.type !== 'checkbox') typing.add(event.target)
  }
  const onChange = (event: Event) => {
    if (event.target !== null) typing.delete(event.target)
  }
  const endStep = () => undo.stopCapturing()
  const onKeydown = (event: KeyboardEvent) => {
    const wanted = undoKeyOf(event)
    if (wanted === undefined) return
    const target = event.target
    if (target instanceof HTMLElement && target.closest('[data-native-undo]') !== null) return
    if (target !== null && typing.has(target)) return
    // Ours, not CodeMirror's nor the browser's: one step of the card, once.
    event.preventDefault()
    event.stopPropagation()
    if (readOnly.get()) return
    // A plain control shows the card's value unless it has the focus (dom.ts, setInputValue): it lets
    // go of the focus while the step is taken back, and shows the value it gets.
    const control = target instanceof HTMLInputElement || target instanceof HTMLSelectElement ? target : undefined
    control?.blur()
    if (wanted === 'undo') undo.undo()
    else undo.redo()
    // Undoing an addition may remove what had the focus: the editor keeps it, so the next key is ours too.
    if (target instanceof HTMLElement && !target.isConnected) root.focus({ preventScroll: true })
    else control?.focus()
  }
  const onPageKeydown = (event: KeyboardEvent) => {
    if (page !== undefined && (event.target === page.body || event.target === page.documentElement)) onKeydown(event)
  }
  page?.addEventListener('keydown', onPageKeydown)
  root.addEventListener('keydown', onKeydown, true)
  root.addEventListener('input', onInput, true)
  root.addEventListener('change', onChange, true)
  root.addEventListener('focusin', endStep, true)
  root.addEventListener('click', endStep, true)
  return () => {
    page?.removeEventListener('keydown', onPageKeydown)
    root.removeEventListener('keydown', onKeydown, true)
    root.removeEventListener('input', onInput, true)
    root.removeEventListener('change', onChange, true)
    root.removeEventListener('focusin', endStep, true)
    root.removeEventListener('click', endStep, true)
  }
}
