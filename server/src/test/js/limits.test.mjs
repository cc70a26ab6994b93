// Limits, as the server was started with them (StockYjsClientsTest passes the same values to the
// server's flags and to these tests): each closes only the connection that went over it, with its
// close code, leaves the card untouched, and is counted in /metrics.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { allSynced, cardUrl, closeOf, connectClient, freshRoom, rawSocket, sameStateVectors, waitFor } from './lib/clients.mjs'
import { limits, serverUrl } from './lib/server.mjs'
import { editorToken } from './lib/tokens.mjs'

/** [0, 2, update]: an update message. */
const updateFrame = (update) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** An update inserting `length` characters at the end of the template of `doc`. */
const bigInsert = (doc, length, char) => {
  let update = null
  const capture = (u) => { update = u }
  doc.on('update', capture)
  const text = doc.getText('template')
  text.insert(text.length, char.repeat(length))
  doc.off('update', capture)
  return update
}

const metricCount = async (name) => {
  const metrics = await (await fetch(serverUrl + '/metrics')).text()
  const line = metrics.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'))
  return line === undefined ? 0 : Number(line.split(' ').pop())
}

const limitCount = async (limit) => {
  const metrics = await (await fetch(serverUrl + '/metrics')).text()
  const line = metrics.split('\n').find((l) => l.startsWith('promptcards_limit_exceeded_total{') && l.includes(`limit="${limit}"`))
  return line === undefined ? 0 : Number(line.split(' ').pop())
}

/** Two editors in sync on a fresh card with a template; the card state to compare with later. */
const twoEditors = async (t, label) => {
  const room = freshRoom(label)
  const a = connectClient(t, room)
  const b = connectClient(t, room)
  await allSynced([a, b])
  a.doc.getText('template').insert(0, 'Summarize {{text}}.')
  await sameStateVectors([a.doc, b.doc])
  return { room, a, b }
}

/**
 * The others still sync both ways, and a late joiner finds `template` (a string, or a function
 * that checks it).
 */
const cardStillWorks = async (t, { room, a, b }, template) => {
  b.doc.getText('title').insert(0, 'still here')
  await sameStateVectors([a.doc, b.doc])
  const late = connectClient(t, room)
  await allSynced([late])
  await waitFor('the late joiner to hold the card', () => late.doc.getText('title').toString() === 'still here')
  if (typeof template === 'function') template(late.doc.getText('template').toString())
  else assert.equal(late.doc.getText('template').toString(), template)
  assert.deepEqual([a.closes, b.closes], [[], []], 'the other connections stay open')
}

test('a frame over --max-frame-bytes closes its connection with 4413, the card untouched', { timeout: 20000 }, async (t) => {
  const editors = await twoEditors(t, 'frame-limit')
  const before = await limitCount('frame_size')
  const raw = rawSocket(t, cardUrl(editors.room, editorToken(editors.room)))
  await raw.opened
  const scratch = new Y.Doc()
  t.after(() => scratch.destroy())
  const frame = updateFrame(bigInsert(scratch, limits.maxFrameBytes + 1, 'x'))
  assert.ok(frame.length > limits.maxFrameBytes)

  raw.socket.send(frame)

  const close = await closeOf(raw)
  assert.equal(close.code, 4413, `close code (reason "${close.reason}")`)
  await cardStillWorks(t, editors, 'Summarize {{text}}.')
  assert.equal(await limitCount('frame_size'), before + 1)
})

test('an update that would grow the card past --max-card-bytes closes its sender with 4413', { timeout: 30000 }, async (t) => {
  const editors = await twoEditors(t, 'card-limit')
  const before = await limitCount('card_size')
  const raw = rawSocket(t, cardUrl(editors.room, editorToken(editors.room)))
  await raw.opened
  const scratch = new Y.Doc()
  t.after(() => scratch.destroy())
  // Updates below the frame limit that together pass the card limit.
  const chunk = Math.floor(Math.min(limits.maxFrameBytes, limits.maxCardBytes) * 0.9)
  const chunks = Math.ceil(limits.maxCardBytes / chunk) + 1
  const echoes = () => raw.received.filter((f) => f instanceof Uint8Array && f[0] === 0 && f[1] === 2).length
  let close = null
  raw.closed.then((c) => { close = c })
  let accepted = 0
  for (let i = 0; i < chunks && close === null; i++) {
    const echoed = echoes()
    raw.socket.send(updateFrame(bigInsert(scratch, chunk, String.fromCharCode(97 + i))))
    // The server echoes an applied update to its sender; a refused one closes the socket.
    await waitFor('the echo of the update or the close', () => echoes() > echoed || close !== null, { timeout: 15000 })
    if (echoes() > echoed) accepted++
  }

  assert.notEqual(close, null, 'the server closed the sender')
  assert.equal(close.code, 4413, `close code (reason "${close.reason}")`)
  assert.ok(accepted >= 1 && accepted < chunks, `accepted ${accepted} of ${chunks} updates of ${chunk} bytes`)
  // The raw client's inserts are concurrent with the editors' text, so only their amount is known.
  await cardStillWorks(t, editors, (template) => {
    assert.equal(template.length, 'Summarize {{text}}.'.length + accepted * chunk, 'the accepted updates, nothing more')
    assert.ok(template.includes('Summarize {{text}}.'), 'the editors\' text')
    assert.ok(!template.includes(String.fromCharCode(97 + accepted)), 'nothing of the refused update')
  })
  assert.equal(await limitCount('card_size'), before + 1)
})

test('a stock client typing far over the rate is slowed, not closed: every character arrives, in order', { timeout: 60000 }, async (t) => {
  const editors = await twoEditors(t, 'rate-limit')
  const pausedBefore = await metricCount('promptcards_reads_paused_total')
  const floodsBefore = await limitCount('message_rate')
  const fast = connectClient(t, editors.room)
  await allSynced([fast])
  const typed = Array.from({ length: limits.messageBurst * 3 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('')
  const description = fast.doc.getText('description')
  // one transaction, one update message, per character, as fast as Node goes
  for (const char of typed) description.insert(description.length, char)

  await waitFor('the other editor to hold every character', () => editors.b.doc.getText('description').toString() === typed, { timeout: 30000 })
  assert.deepEqual(fast.closes, [], 'the fast client was never closed')
  assert.ok(await metricCount('promptcards_reads_paused_total') > pausedBefore, 'its reads were paused')
  assert.equal(await limitCount('message_rate'), floodsBefore, 'not counted as a flood')
  await cardStillWorks(t, editors, 'Summarize {{text}}.')
})

test('a connection that never completes the WebSocket upgrade is closed after --handshake-timeout', { timeout: 30000 }, async (t) => {
  const url = new URL(serverUrl)
  const socket = net.connect(Number(url.port), url.hostname)
  t.after(() => socket.destroy())
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  const started = Date.now()
  // Half a request line, then silence.
  socket.write('GET /ws/some/card HTTP/1.1\r\n')

  await new Promise((resolve) => socket.once('close', resolve))
  const elapsed = Date.now() - started
  assert.ok(elapsed >= limits.handshakeTimeoutMs - 250, `closed after ${elapsed} ms, before the timeout of ${limits.handshakeTimeoutMs} ms`)
  assert.ok(elapsed < limits.handshakeTimeoutMs + 5000, `closed after ${elapsed} ms`)
})
