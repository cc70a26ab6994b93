/**
 * What the server has stored of this page's card, and what the page has that the server lacks ("only
 * local"). The server echoes an update to its sender only once it is stored, and opens every connection
 * with SyncStep1, its state vector (ARCHITECTURE.md, "The protocol"); so the clocks in those messages are what
 * the server holds.
 *
 * A reloaded page gets a new Yjs client id, while the edits it restores from IndexedDB belong to the
 * client ids of earlier pages. So what is unsaved is not "our clock above the server's" but any client
 * whose clock in the local document is above the one the server is known to hold.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'

// y-protocols sync.js message types
const SYNC_STEP_1 = 0
const SYNC_STEP_2 = 1
const UPDATE = 2

/** client id → the clock after its last struct (Yjs' state vector) */
export type StateVector = Map<number, number>

/**
 * What one sync message from the server says the server holds: its whole state vector (SyncStep1,
 * sent on every connection), or how far an update reaches (SyncStep2, Update: the server sends only
 * what it has applied, and our own changes only once stored).
 */
export type ServerState = { kind: 'whole'; state: StateVector } | { kind: 'reaches'; state: StateVector }

/**
 * What a sync message from the server tells about the server's state, or undefined when it is
 * unreadable. (An update's range is read from its structs' headers, not its content.)
 *
 * @param decoder positioned after the outer message type (sync), as y-websocket's handlers get it; not moved
 */
export function serverStateOf(decoder: decoding.Decoder): ServerState | undefined {
  try {
    const reader = decoding.clone(decoder)
    const type = decoding.readVarUint(reader)
    if (type === SYNC_STEP_1) return { kind: 'whole', state: Y.decodeStateVector(decoding.readVarUint8Array(reader)) }
    if (type === SYNC_STEP_2 || type === UPDATE) {
      return { kind: 'reaches', state: Y.parseUpdateMeta(decoding.readVarUint8Array(reader)).to }
    }
  } catch {
    // y-websocket's own handler reports what it cannot read
  }
  return undefined
}

/** The clock of `clientId` the server has, as one sync message says, or undefined when it does not tell. */
export function serverClockOf(decoder: decoding.Decoder, clientId: number): number | undefined {
  const told = serverStateOf(decoder)
  if (told === undefined) return undefined
  return told.kind === 'whole' ? told.state.get(clientId) ?? 0 : told.state.get(clientId)
}

/** The clients of which `local` holds structs that `confirmed` does not (the edits only on this device). */
export function onlyLocal(local: StateVector, confirmed: StateVector): number[] {
  const clients: number[] = []
  for (const [client, clock] of local) {
    if (clock > (confirmed.get(client) ?? 0)) clients.push(client)
  }
  return clients
}

/** The document's state vector. */
export function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/**
 * What the server is known to hold of a card, client by client, as far as this page has been told
 * (and, across reloads, as far as an earlier page was told: {@link encode}/{@link decode} for
 * IndexedDB). Never more than the server said; possibly less (then the status says "unsaved" a little
 * longer than needed, never "saved" too early).
 */
export class ConfirmedState {
  private clocks: StateVector = new Map()
  private toldByServer = false

  /** the clocks as known now (a copy) */
  get state(): StateVector {
    return new Map(this.clocks)
  }

  /** true once a server's SyncStep1 was read by this page: what an earlier page knew is then outdated */
  get current(): boolean {
    return this.toldByServer
  }

  /**
   * Learns from a sync message of the server: its whole state replaces what was known (a server
   * restarted on another database has less, and says so), an update raises it.
   *
   * @return true when what is confirmed changed
   */
  learn(told: ServerState): boolean {
    if (told.kind === 'reaches') return this.raise(told.state)
    this.toldByServer = true
    const changed = !sameClocks(this.clocks, told.state)
    this.clocks = new Map(told.state)
    return changed
  }

  /** Takes what an earlier page of this card was told, unless this page has heard from the server already. */
  restore(earlier: StateVector): boolean {
    return this.toldByServer ? false : this.raise(earlier)
  }

  private raise(by: StateVector): boolean {
    let changed = false
    for (const [client, clock] of by) {
      if (clock > (this.clocks.get(client) ?? 0)) {
        this.clocks.set(client, clock)
        changed = true
      }
    }
    return changed
  }

  /** Yjs' state vector encoding (`encodeStateVector` takes a Map), in an ArrayBuffer for IndexedDB. */
  encode(): ArrayBuffer {
    const bytes = Y.encodeStateVector(this.clocks)
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  /** What {@link encode} wrote, or undefined for anything else (nothing stored yet, another format). */
  static decode(stored: unknown): StateVector | undefined {
    if (!(stored instanceof ArrayBuffer)) return undefined
    try {
      return Y.decodeStateVector(new Uint8Array(stored))
    } catch {
      return undefined
    }
  }
}

function sameClocks(a: StateVector, b: StateVector): boolean {
  if (a.size !== b.size) return false
  for (const [client, clock] of a) if (b.get(client) !== clock) return false
  return true
}
