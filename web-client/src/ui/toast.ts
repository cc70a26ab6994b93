/**
 * A short message at the bottom of the editor, with at most one action (such as "Undo"), gone after a
 * few seconds. The region is a polite live region (role=status) that exists from the start, so that
 * screen readers announce what appears in it; the action is a real button, reachable by Tab. While
 * the pointer is over the message or the focus is in it, it stays.
 */
import { h } from './dom'

/** Long enough to read a short sentence and reach the button (Material's snackbar: 4 to 10 s). */
export const TOAST_MS = 8000

export interface ToastAction {
  label: string
  run: () => void
}

export class Toasts {
  /** The region; the editor puts it into its root element. */
  readonly element: HTMLElement
  private current: { element: HTMLElement; timer: number; onClose?: () => void } | undefined

  constructor() {
    this.element = h('div', { class: 'pc-toasts', role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' })
  }

  /**
   * Shows `message` (replacing any message shown), with `action` as a button that closes it too;
   * `onClose` is called when it goes, however it goes.
   */
  show(message: string, action?: ToastAction, { ms = TOAST_MS, onClose }: { ms?: number; onClose?: () => void } = {}): void {
    this.close()
    const toast = h('div', { class: 'pc-toast', 'data-testid': 'toast' }, h('span', {}, message))
    if (action !== undefined) {
      toast.append(
        h('button', {
          type: 'button',
          'data-action': 'toast-action',
          onclick: () => {
            this.close()
            action.run()
          },
        }, action.label),
      )
    }
    const entry = { element: toast, timer: 0, onClose }
    const start = () => {
      window.clearTimeout(entry.timer)
      entry.timer = window.setTimeout(() => this.close(), ms)
    }
    const hold = () => window.clearTimeout(entry.timer)
    toast.addEventListener('pointerenter', hold)
    toast.addEventListener('focusin', hold)
    toast.addEventListener('pointerleave', () => {
      if (!toast.contains(document.activeElement) && !toast.matches(':focus-within')) start()
    })
    toast.addEventListener('focusout', (event) => {
      if (!toast.contains(event.relatedTarget as Node | null) && !toast.matches(':hover')) start()
    })
    this.current = entry
    this.element.append(toast)
    start()
  }

  /** Removes the message shown, if any. */
  close(): void {
    if (this.current === undefined) return
    const { timer, element, onClose } = this.current
    this.current = undefined
    window.clearTimeout(timer)
    element.remove()
    onClose?.()
  }

  destroy(): void {
    this.close()
  }
}
