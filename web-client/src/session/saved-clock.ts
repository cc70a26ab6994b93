/**
 * How far the server has stored this client's own changes. The server echoes an update to its sender
 * only once it is stored, and opens every connection with SyncStep1, its state vector (DESIGN.md, "The
 * protocol"); so the clock of our client in those messages is what the server holds of ours.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'

// y-protocols sync.js message types
const SYNC_STEP_1 = 0
const SYNC_STEP_2 = 1
const UPDATE = 2

/**
 * The clock of `clientId` the server has, as one sync message from the server says, or undefined
 * when the message does not tell (an update without our changes, or unreadable).
 *
 * @param decoder positioned after the outer message type (sync), as y-websocket's handlers get it; not moved
 */
export function serverClockOf(decoder: decoding.Decoder, clientId: number): number | undefined {
  try {
    const reader = decoding.clone(decoder)
    const type = decoding.readVarUint(reader)
    const payload = decoding.readVarUint8Array(reader)
    if (type === SYNC_STEP_1) return Y.decodeStateVector(payload).get(clientId) ?? 0
    if (type === SYNC_STEP_2 || type === UPDATE) return Y.parseUpdateMeta(payload).to.get(clientId)
  } catch {
    // y-websocket's own handler reports what it cannot read
  }
  return undefined
}
