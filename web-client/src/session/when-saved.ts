/**
 * Waits until the server has confirmed this browser's edits: a run renders the card as the server has
 * it, so pressing Run right after typing must not run the card without the last keystrokes.
 */

/** What the wait needs of the connection: its `subscribe` (called at once with the current state). */
export type SavedStateSource = (listener: (state: { unsaved: boolean }) => void) => () => void

/**
 * @returns true once nothing is unsaved (at once when nothing is), false when `timeoutMs` passes first
 */
export function whenSaved(subscribe: SavedStateSource, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    let stop: (() => void) | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const settle = (saved: boolean) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      stop?.()
      resolve(saved)
    }
    stop = subscribe((state) => {
      if (!state.unsaved) settle(true)
    })
    if (settled) stop() // the first call settled it, before `stop` was known
    else timer = setTimeout(() => settle(false), timeoutMs)
  })
}
