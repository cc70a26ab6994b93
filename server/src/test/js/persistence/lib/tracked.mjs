// Stock Yjs clients (y-websocket's WebsocketProvider over `ws`) that keep track of which of their own
// updates the server echoed back. The server echoes an update to its sender only once it is durable
// (issue 4), so an echoed update must survive a crash of the server.
//
// How an echo is recognized: the sync Update messages ([0, 2, update]) the provider receives are
// peeked at before the stock handler applies them; the structs of the client's own clientID in one
// of them are the server's echo of the client's own updates (before any reconnect, nothing else can
// carry them: the server relays other clients' updates, which hold their own clientIDs). The server
// handles a connection's messages in order and appends a card's updates in order, so an echo up to
// clock C confirms every own update whose structs end at or before C, and every own update without
// structs (a deletion only) made before an update whose structs end after it.

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as decoding from 'lib0/decoding'
import { editorToken } from '../../lib/tokens.mjs'

const MESSAGE_SYNC = 0
const SYNC_UPDATE = 2

/** ws://HOST:PORT/ws from the server's http://HOST:PORT. */
export const wsBaseOf = (httpBase) => httpBase.replace(/\/+$/, '').replace(/^http/, 'ws') + '/ws'

/**
 * A stock client on `room` of the server at `httpBase` that records:
 * - `local`: each update it made itself, in order, as { update, createsStructs, clockAfter }
 *   (clockAfter: its own clock once the update was made);
 * - `echoedClock`: the highest own clock seen in an Update message from the server;
 * - `echoes`: how many Update messages carried own structs;
 * - `echoLatencies`: for each own update with structs, ms from making it to its echo;
 * - `closes`: the close codes of its connections.
 */
export const trackedClient = (httpBase, room, { token = editorToken(room), doc = new Y.Doc() } = {}) => {
  const provider = new WebsocketProvider(wsBaseOf(httpBase) + '/' + room.workspace, room.card, doc, {
    WebSocketPolyfill: WebSocket,
    params: { token },
    disableBc: true
  })
  const client = { doc, provider, room, local: [], echoedClock: 0, echoes: 0, echoLatencies: [], closes: [], destroyed: false }
  const own = doc.clientID
  let unconfirmed = 0 // index of the first entry of `local` not known to be confirmed
  doc.on('update', (update, origin) => {
    if (origin === provider) return
    const clock = Y.parseUpdateMeta(update).to.get(own)
    client.local.push({ update, createsStructs: clock !== undefined, clockAfter: Y.getState(doc.store, own), madeAt: performance.now() })
  })
  const stockSync = provider.messageHandlers[MESSAGE_SYNC]
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
    const peek = decoding.clone(decoder)
    if (decoding.readVarUint(peek) === SYNC_UPDATE) {
      const clock = Y.parseUpdateMeta(decoding.readVarUint8Array(peek)).to.get(own)
      if (clock !== undefined) {
        client.echoes++
        client.echoedClock = Math.max(client.echoedClock, clock)
        const now = performance.now()
        while (unconfirmed < client.local.length && confirmedBy(client.echoedClock, client.local[unconfirmed])) {
          const entry = client.local[unconfirmed++]
          if (entry.createsStructs) client.echoLatencies.push(now - entry.madeAt)
        }
      }
    }
    stockSync(encoder, decoder, ...rest)
  }
  provider.on('connection-close', (event) => client.closes.push(event ? event.code : 'closed locally'))
  return client
}

/** Whether the server echoed `entry` (one of `client.local`) back, up to `echoedClock`. */
export const confirmedBy = (echoedClock, entry) =>
  entry.createsStructs ? echoedClock >= entry.clockAfter : echoedClock > entry.clockAfter

/** What a client knows about its updates at a moment, frozen (e.g. when the server was killed). */
export const echoRecord = (client) => {
  const echoedClock = client.echoedClock
  const confirmed = client.local.filter((entry) => confirmedBy(echoedClock, entry))
  return {
    clientID: client.doc.clientID,
    echoedClock,
    localUpdates: client.local.length,
    confirmed: confirmed.map((entry) => entry.update),
    ownClock: Y.getState(client.doc.store, client.doc.clientID)
  }
}

/** The median and 99th percentile of `values` (ms), rounded to 0.1. */
export const percentiles = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q) => sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10
  return { count: sorted.length, median: at(0.5), p99: at(0.99) }
}

/** Leaves: the provider disconnects and the doc is destroyed. */
export const destroyClient = (client) => {
  if (client.destroyed) return
  client.destroyed = true
  client.provider.destroy()
  client.doc.destroy()
}

/**
 * The updates of `updates` that `state` (a full v1 update) lacks, at least in part: each is applied
 * to a doc holding `state`, and one that changes it (new structs or deletions) or cannot be
 * integrated (it waits for missing structs) is returned with its index.
 */
export const missingFrom = (state, updates) => {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    const missing = []
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      missing.push({ index: -1, changed: false, pending: true }) // the state itself waits for structs
    }
    updates.forEach((update, index) => {
      let changed = false
      const listener = () => { changed = true }
      doc.on('update', listener)
      Y.applyUpdate(doc, update)
      doc.off('update', listener)
      if (changed || doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
        missing.push({ index, changed, pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null })
      }
    })
    return missing
  } finally {
    doc.destroy()
  }
}

/**
 * Y.encodeStateAsUpdate(doc) as a fresh doc re-encodes it: replicas holding the same card may split
 * garbage-collected ranges differently (see sync.test.mjs).
 */
export const normalizedState = (doc) => {
  const fresh = new Y.Doc()
  try {
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
    return Buffer.from(Y.encodeStateAsUpdate(fresh)).toString('base64')
  } finally {
    fresh.destroy()
  }
}
