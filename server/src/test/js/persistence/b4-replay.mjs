// Issue 11's first proof, the client side (run by B4ReplayTest against our server and against the
// Node reference server): one stock client replays the whole B4 editing trace (TRACE) into
// getText('template') of WORKSPACE/CARD as fast as it can, one transaction per edit, never waiting
// on the server (it only yields to the event loop between chunks so that its socket is written and
// the echoes are read). Steps (see lib/driver.mjs for the protocol):
//
// 1. "@replayed" once the server echoed the client's last edit: ms from the first edit to the
//    last edit made locally and to that echo. A close of its connection fails the script at once.
// 2. A late joiner opens the card: its text must be exactly the replaying client's and the trace's
//    final text (TEXT_LENGTH, TEXT_SHA256), its state vector the same. "@joined" with the close
//    codes the replaying client saw from its provider's 'connection-close' since it connected.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { allSynced, waitFor } from '../lib/clients.mjs'
import { env, note, report, run } from './lib/driver.mjs'
import { destroyClient, trackedClient } from './lib/tracked.mjs'

/** Edits made between two turns of the event loop. */
const CHUNK = Number(process.env.CHUNK ?? 1000)
const REPLAY_TIMEOUT_MS = Number(process.env.REPLAY_TIMEOUT_MS ?? 300000)
const INSERT = 1
const DELETE = 2

/** The trace's ops (crdt/src/test/resources/traces/README.md: varUint count, then tagged ops). */
const readTrace = (path) => {
  const decoder = decoding.createDecoder(readFileSync(path))
  const count = decoding.readVarUint(decoder)
  const ops = new Array(count)
  for (let i = 0; i < count; i++) {
    const tag = decoding.readVarUint(decoder)
    const index = decoding.readVarUint(decoder)
    if (tag === INSERT) ops[i] = { index, insert: decoding.readVarString(decoder) }
    else if (tag === DELETE) ops[i] = { index, delete: decoding.readVarUint(decoder) }
    else throw new Error(`B4 trace: unknown op tag ${tag} at op ${i}`)
  }
  return ops
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex')
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve))

run(async () => {
  const base = env('SERVER_URL')
  const room = { workspace: env('WORKSPACE'), card: env('CARD') }
  const ops = readTrace(env('TRACE'))
  // The echo of the client's own structs up to its clock says the server has everything only if
  // no deletion comes after the last insert (a deletion creates no struct to be echoed).
  assert.ok(ops[ops.length - 1].insert !== undefined, 'the trace ends with an insert')

  const client = trackedClient(base, room)
  await allSynced([client], 30000)
  const text = client.doc.getText('template')
  const started = performance.now()
  for (let from = 0; from < ops.length; from += CHUNK) {
    for (const op of ops.slice(from, from + CHUNK)) {
      if (op.insert !== undefined) text.insert(op.index, op.insert)
      else text.delete(op.index, op.delete)
    }
    await yieldToEventLoop()
  }
  const madeMs = performance.now() - started
  const ownClock = Y.getState(client.doc.store, client.doc.clientID)
  await waitFor('the echo of the last edit', () => {
    if (client.closes.length > 0) throw new Error(`the replaying client's connection was closed: ${JSON.stringify(client.closes)}`)
    return client.echoedClock >= ownClock
  }, {
    timeout: REPLAY_TIMEOUT_MS,
    explain: () => `echoed up to clock ${client.echoedClock} of ${ownClock}; closes ${JSON.stringify(client.closes)}`
  })
  const echoedMs = performance.now() - started
  report('replayed', { edits: ops.length, madeMs: Math.round(madeMs), echoedMs: Math.round(echoedMs), echoes: client.echoes })

  const expected = text.toString()
  assert.equal(expected.length, Number(env('TEXT_LENGTH')), 'the replaying client\'s text length')
  assert.equal(sha256(expected), env('TEXT_SHA256'), 'the replaying client\'s text')
  const late = trackedClient(base, room)
  await allSynced([late], 60000)
  assert.equal(late.doc.getText('template').toString(), expected, 'the late joiner\'s text')
  assert.deepEqual(Y.decodeStateVector(Y.encodeStateVector(late.doc)), Y.decodeStateVector(Y.encodeStateVector(client.doc)),
    'the late joiner\'s state vector')
  note(`the late joiner got the exact final text (${expected.length} characters)`)
  report('joined', { length: expected.length, closeCount: client.closes.length, closes: client.closes })
  destroyClient(late)
  destroyClient(client)
})
