import type { Card } from '../card/schema'
import type { CardUndo } from '../card/undo'
import type { VariableStatus } from '../card/variables'
import type { RemoteCursors } from './remote-cursors'
import type { Toasts } from './toast'
import type { PresenceView } from '../session/safe-presence'
import type { Value } from './value'

/** What every part of the editor shares. */
export interface EditorContext {
  card: Card
  /** the others' presence, sanitised for rendering (our own state is published on the connection's awareness) */
  awareness: PresenceView
  /** where the editor lives: the page's document, or the widget's shadow root */
  root: Document | ShadowRoot
  readOnly: Value<boolean>
  /** the variables the template and the system prompt use, in order */
  variables: Value<string[]>
  /** every variable with its flag: the used ones, then those only test cases give (the table's columns) */
  report: Value<VariableStatus[]>
  /** the Y.Texts that hold someone else's cursor (lazy fields mount their editor then) */
  cursors: RemoteCursors
  /** this person's undo and redo of the card, one stack for every field (card/undo.ts) */
  undo: CardUndo
  /** short messages at the bottom of the editor, such as a deletion with its Undo */
  toasts: Toasts
}
