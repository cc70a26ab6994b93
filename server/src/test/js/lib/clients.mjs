// Stock Yjs clients for the tests: y-websocket's WebsocketProvider over `ws`, and raw `ws`
// sockets for what a provider hides (close codes, garbage, sockets that vanish).

import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider, messageAuth } from 'y-websocket'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { wsBase } from './server.mjs'
import { editorToken } from './tokens.mjs'

/** A fresh card of a fresh workspace, so that tests running at once never share a room. */
export const freshRoom = (label = 'card') => ({
  workspace: 'ws-' + randomUUID().slice(0, 8),
  card: `${label}-${randomUUID().slice(0, 8)}`
})

/** ws://HOST:PORT/ws/{workspace}/{card}, with ?token= when given. */
export const cardUrl = (room, token) =>
  `${wsBase}/${room.workspace}/${room.card}` + (token === undefined ? '' : '?token=' + encodeURIComponent(token))

/**
 * Polls `condition` every 10 ms until it is truthy (Awaitility's way, no fixed sleeps); fails after
 * `timeout` ms with `what` and, when given, `explain()` (the state that did not match).
 */
export const waitFor = async (what, condition, { timeout = 10000, explain } = {}) => {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = condition()
    if (value) return value
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}` + (explain ? '\n' + explain() : ''))
    }
    await delay(10)
  }
}

/**
 * A stock client: a Y.Doc with a WebsocketProvider on `room`, as an application would create it
 * (token in `params`, `ws` as the WebSocket implementation). BroadcastChannel is disabled: providers
 * of one process would otherwise sync with each other around the server. Destroyed after the test.
 *
 * `client.denials` collects the reasons of the permission-denied messages ([2, 0, reason]) it gets,
 * `client.closes` the close codes of its connections.
 */
export const connectClient = (t, room, { token = editorToken(room), user, connect = true } = {}) => {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsBase + '/' + room.workspace, room.card, doc, {
    WebSocketPolyfill: WebSocket,
    params: { token },
    disableBc: true,
    connect
  })
  const denials = []
  const closes = []
  provider.on('connection-close', (event) => closes.push(event ? event.code : 'closed locally'))
  // The stock handler only logs "Permission denied to access ..."; record the reason instead.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    const authType = decoding.readVarUint(decoder)
    denials.push(authType === 0 ? decoding.readVarString(decoder) : `auth message type ${authType}`)
  }
  if (user !== undefined) provider.awareness.setLocalStateField('user', user)
  const client = { doc, provider, awareness: provider.awareness, denials, closes, clientID: doc.clientID }
  t.after(() => destroy(client))
  return client
}

/** Leaves: the provider disconnects (sending its awareness removal) and the doc is destroyed. */
export const destroy = (client) => {
  if (client.destroyed) return
  client.destroyed = true
  client.provider.destroy()
  client.doc.destroy()
}

/** Waits until every client has synced with the server (its SyncStep2 arrived). */
export const allSynced = (clients, timeout = 10000) =>
  waitFor(`${clients.length} clients to sync`, () => clients.every((c) => c.provider.synced), {
    timeout,
    explain: () => clients.map((c, i) => `client ${i}: connected ${c.provider.wsconnected}, synced ${c.provider.synced}`).join('\n')
  })

/** The state vector of `doc` as a plain object (clientID -> clock), for messages. */
export const stateVector = (doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)))

/** Base64 of the state vector, compared as a string. */
export const stateVectorKey = (doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64')

/** Waits until all docs hold the same state vector (every update reached every client). */
export const sameStateVectors = (docs, timeout = 20000) =>
  waitFor('all clients to hold the same state vector', () => new Set(docs.map(stateVectorKey)).size === 1, {
    timeout,
    explain: () => docs.map((d, i) => `client ${i} (${d.clientID}): ${JSON.stringify(stateVector(d))}`).join('\n')
  })

/** A raw WebSocket on `room` that records what it gets and how it ends. */
export const rawSocket = (t, url, { protocols } = {}) => {
  const socket = new WebSocket(url, protocols)
  socket.binaryType = 'nodebuffer'
  const received = []
  socket.on('message', (data, isBinary) => received.push(isBinary ? new Uint8Array(data) : data.toString()))
  const opened = new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`the upgrade was refused with HTTP ${res.statusCode} ${res.statusMessage}`)))
    socket.once('error', reject)
  })
  opened.catch(() => {}) // reported where awaited
  const closed = new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  t.after(() => socket.terminate())
  return { socket, received, opened, closed }
}

/** Resolves with { code, reason } once the socket closes, or fails after `timeout` ms. */
export const closeOf = async (raw, timeout = 10000) => {
  let timer
  const timedOut = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not close the socket within ${timeout} ms`)), timeout)
  })
  try {
    return await Promise.race([raw.closed, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/** [0, 0, stateVector]: SyncStep1 of `doc`. */
export const syncStep1Frame = (doc) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** [1, awareness update]: the states of `clients` in `awareness`. */
export const awarenessFrame = (awareness, clients) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/** The JSON-able states of an awareness, without the local client's own. */
export const remoteStates = (client) =>
  Object.fromEntries([...client.awareness.getStates()].filter(([id]) => id !== client.clientID))
