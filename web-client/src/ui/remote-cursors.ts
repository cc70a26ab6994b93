/**
 * Which Y.Texts hold another person's cursor (the awareness field `cursor` that y-codemirror.next
 * publishes: relative positions of anchor and head). Computed once per awareness change for all
 * fields, so that a lazy field can mount its editor when someone's cursor enters it.
 */
import * as Y from 'yjs'
import type { PresenceView } from '../session/safe-presence'

export class RemoteCursors {
  private present = new Set<Y.Text>()
  private readonly watchers = new Map<Y.Text, Set<(present: boolean) => void>>()
  /** Our own cursor moving changes nothing here: only others' changes recompute. */
  private readonly onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const own = this.awareness.clientID
    if (added.some((id) => id !== own) || updated.some((id) => id !== own) || removed.some((id) => id !== own)) {
      this.recompute()
    }
  }

  constructor(private readonly awareness: PresenceView, private readonly doc: Y.Doc) {
    awareness.on('change', this.onChange)
    this.recompute()
  }

  /** Whether someone else's cursor is in `text` now. */
  has(text: Y.Text): boolean {
    return this.present.has(text)
  }

  /** Calls `listener` whenever someone else's cursor enters or leaves `text`; returns the unsubscribe. */
  watch(text: Y.Text, listener: (present: boolean) => void): () => void {
    let listeners = this.watchers.get(text)
    if (listeners === undefined) {
      listeners = new Set()
      this.watchers.set(text, listeners)
    }
    listeners.add(listener)
    return () => {
      listeners!.delete(listener)
      if (listeners!.size === 0) this.watchers.delete(text)
    }
  }

  destroy(): void {
    this.awareness.off('change', this.onChange)
    this.watchers.clear()
  }

  private recompute(): void {
    const next = new Set<Y.Text>()
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return
      const anchor = state.cursor?.anchor
      if (anchor === undefined) return
      try {
        const type = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), this.doc)?.type
        if (type instanceof Y.Text) next.add(type)
      } catch {
        // another client's malformed cursor: no cursor
      }
    })
    const before = this.present
    this.present = next
    // only the fields a cursor entered or left, not every watched field
    for (const text of new Set([...before, ...next])) {
      const now = next.has(text)
      if (now !== before.has(text)) this.watchers.get(text)?.forEach((listener) => listener(now))
    }
  }
}
