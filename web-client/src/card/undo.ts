/**
 * Undo and redo of this person's own changes to a card, across the whole card: one Yjs UndoManager
 * over every top-level type the editor writes (not `runs`, which only the server writes), shared by
 * the CodeMirror fields (y-codemirror.next's yCollab takes it) and the plain controls.
 *
 * Only this client's local changes are tracked: its direct edits run with the transaction origin
 * null (Yjs's default), and each CodeMirror field's edits with its y-codemirror sync config, which
 * yCollab adds as a tracked origin while the field is mounted. Everything else arrives with an origin
 * of its own (the WebSocket provider, also for other tabs over BroadcastChannel, and y-indexeddb), so
 * someone else's change is never undone; a value someone else overwrote since is not brought back
 * (Yjs skips a map entry that another client changed later).
 */
import * as Y from 'yjs'
import type { Card } from './schema'

/**
 * Changes this close together are one step (CodeMirror's own history groups typing at the same
 * 500 ms, `newGroupDelay`), so that undo takes back a burst of typing, not one character.
 */
export const CAPTURE_TIMEOUT_MS = 500

/** One step on the undo stack, as {@link CardUndo.step} hands it out. */
export type UndoStep = Y.UndoManager['undoStack'][number]

export class CardUndo {
  readonly manager: Y.UndoManager

  constructor(card: Card, captureTimeout = CAPTURE_TIMEOUT_MS) {
    this.manager = new Y.UndoManager([card.title, card.description, card.system, card.template, card.model, card.tests], {
      captureTimeout,
      trackedOrigins: new Set([null]),
    })
  }

  /** Takes back this person's last step; false when there is none. */
  undo(): boolean {
    return this.manager.undo() !== null
  }

  /** Does again the last step undone; false when there is none. */
  redo(): boolean {
    return this.manager.redo() !== null
  }

  /** The next change starts a step of its own (a new field, a button), however soon it comes. */
  stopCapturing(): void {
    this.manager.stopCapturing()
  }

  /**
   * Makes `change` a step of its own, neither merged with what came just before nor with what comes
   * just after.
   *
   * @return the step, for {@link undoStep}; undefined when the change changed nothing
   */
  step(change: () => void): UndoStep | undefined {
    this.manager.stopCapturing()
    const before = this.manager.undoStack.length
    change()
    this.manager.stopCapturing()
    return this.manager.undoStack.length > before ? this.manager.undoStack[this.manager.undoStack.length - 1] : undefined
  }

  /**
   * Takes back exactly `step`, even when this person has made other changes since (they stay).
   *
   * @return false when the step is no longer on the undo stack (already undone)
   */
  undoStep(step: UndoStep): boolean {
    const stack = this.manager.undoStack
    const at = stack.indexOf(step)
    if (at < 0) return false
    // The UndoManager only takes back the top of its stack: the step is moved there first. Undoing a
    // step touches only what it inserted or deleted (the steps above it stay undoable as they are).
    if (at !== stack.length - 1) {
      stack.splice(at, 1)
      stack.push(step)
    }
    return this.manager.undo() !== null
  }

  destroy(): void {
    this.manager.destroy()
  }
}
