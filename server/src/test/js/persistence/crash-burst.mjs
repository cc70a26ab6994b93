// A server crash in the middle of a burst of edits (issue 4): run by CrashRecoveryTest and
// CompactionCrashTest, which own the server process. Steps (see lib/driver.mjs for the protocol):
//
// 1. CLIENTS stock clients open the card WORKSPACE/CARD and edit it at once, without pause, each
//    recording which of its updates the server echoed back (= durable, lib/tracked.mjs).
//    "@editing" once every client had ECHOES_BEFORE_KILL updates echoed: the test kills the server
//    (SIGKILL) now or at a moment of its choosing, while the edits go on.
// 2. Once every connection is gone, what each client knows is frozen; the clients stop reconnecting
//    and make OFFLINE_EDITS more edits each, which no server has seen. "@disconnected".
// 3. "restarted URL": a new client that never saw the card loads it and must hold every update that
//    had been echoed to its author before the kill (state vectors, and each confirmed update applied
//    to its state changes nothing). "@fresh".
// 4. The old clients reconnect to the new URL with their unconfirmed edits; everyone converges to
//    identical content holding every edit of every client. "@converged".
// 5. "restarted URL" again (after a graceful restart) or "done": a last new client gets exactly the
//    converged state, and an edit of it is echoed. "@verified".

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import * as Y from 'yjs'
import { allSynced, sameStateVectors, waitFor } from '../lib/clients.mjs'
import { cardJson, prng, randomEdit } from '../lib/card-edits.mjs'
import { awaitRestart, env, nextCommand, note, report, run } from './lib/driver.mjs'
import { destroyClient, echoRecord, missingFrom, normalizedState, percentiles, trackedClient, wsBaseOf } from './lib/tracked.mjs'

const CLIENTS = Number(process.env.CLIENTS ?? 6)
const ECHOES_BEFORE_KILL = Number(process.env.ECHOES_BEFORE_KILL ?? 40)
/** Updates each client makes per round (about a millisecond), each its own transaction. */
const EDITS_PER_ROUND = Number(process.env.EDITS_PER_ROUND ?? 3)
const OFFLINE_EDITS = Number(process.env.OFFLINE_EDITS ?? 5)
const BURST_TIMEOUT_MS = Number(process.env.BURST_TIMEOUT_MS ?? 30000)
/** A SIGKILLed server closes no connection: the clients see 1006 (no close frame). */
const ABNORMAL_CLOSURE = 1006

const sha256 = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16)

run(async () => {
  const room = { workspace: env('WORKSPACE'), card: env('CARD') }
  const seed = Number(process.env.SEED ?? Date.now() % 100000)
  note(`seed ${seed} (replay with SEED=${seed}), ${CLIENTS} clients on ${room.workspace}/${room.card}`)

  // 1. The burst.
  const clients = Array.from({ length: CLIENTS }, () => trackedClient(env('SERVER_URL'), room))
  await allSynced(clients, 30000)
  const randoms = clients.map((_, i) => prng(seed * 1000 + i))
  let round = 0
  let editingReported = false
  const burstStarted = Date.now()
  const allGone = () => clients.every((c) => c.closes.length > 0)
  while (!allGone()) {
    clients.forEach((client, i) => {
      for (let e = 0; e < EDITS_PER_ROUND && client.provider.wsconnected; e++) {
        randomEdit(randoms[i], client.doc, `c${i}r${round}e${e}`)
      }
    })
    round++
    if (!editingReported && clients.every((c) => c.echoes >= ECHOES_BEFORE_KILL)) {
      editingReported = true
      report('editing', { rounds: round, echoes: clients.map((c) => c.echoes) })
    }
    if (Date.now() - burstStarted > BURST_TIMEOUT_MS) {
      throw new Error(`the server was not killed within ${BURST_TIMEOUT_MS} ms of the burst` +
        ` (echoes so far: ${clients.map((c) => c.echoes).join(', ')}; closes: ${JSON.stringify(clients.map((c) => c.closes))})`)
    }
    await delay(1)
  }
  assert.ok(editingReported, `connections closed before the burst got going: ${JSON.stringify(clients.map((c) => c.closes))}`)

  // 2. Frozen at the kill: what each client saw echoed; then edits no server sees.
  const records = clients.map(echoRecord)
  const latencies = percentiles(clients.flatMap((c) => c.echoLatencies))
  for (const client of clients) {
    client.provider.disconnect() // stop the reconnect attempts until the server is back
    assert.deepEqual(client.closes.slice(0, 1), [ABNORMAL_CLOSURE],
      `client ${client.doc.clientID} lost its connection to the kill, not to something else`)
  }
  clients.forEach((client, i) => {
    for (let e = 0; e < OFFLINE_EDITS; e++) randomEdit(randoms[i], client.doc, `c${i}offline${e}`)
  })
  report('disconnected', {
    rounds: round,
    // sent while connected, never echoed: in flight when the server died
    inFlight: records.reduce((sum, r) => sum + r.localUpdates - r.confirmed.length, 0),
    echoLatencyMs: latencies,
    clients: records.map((r) => ({ client: r.clientID, localUpdates: r.localUpdates, confirmed: r.confirmed.length, echoedClock: r.echoedClock, ownClock: r.ownClock }))
  })

  // 3. A new client loads the card from the restarted server.
  let base = await awaitRestart()
  const fresh = trackedClient(base, room)
  await allSynced([fresh], 30000)
  const freshVector = Y.decodeStateVector(Y.encodeStateVector(fresh.doc))
  const freshState = Y.encodeStateAsUpdate(fresh.doc)
  for (const r of records) {
    const held = freshVector.get(r.clientID) ?? 0
    assert.ok(held >= r.echoedClock, `client ${r.clientID}: the server had echoed its updates up to clock` +
      ` ${r.echoedClock} before it was killed, but after the restart the card holds them only up to clock ${held}`)
    const missing = missingFrom(freshState, r.confirmed)
    assert.deepEqual(missing, [], `client ${r.clientID}: of its ${r.confirmed.length} updates echoed before the` +
      ` kill, these are missing after the restart (index in order made; changed: the card lacks` +
      ` structs or deletions of it; pending: it waits for structs the card lacks)`)
  }
  report('fresh', {
    confirmed: records.reduce((sum, r) => sum + r.confirmed.length, 0),
    made: records.reduce((sum, r) => sum + r.localUpdates, 0)
  })

  // 4. The old clients come back with what the server never confirmed.
  for (const client of clients) {
    client.provider.serverUrl = wsBaseOf(base) + '/' + room.workspace
    client.provider.connect()
  }
  const everyone = [...clients, fresh]
  await allSynced(everyone, 30000)
  await sameStateVectors(everyone.map((c) => c.doc), 30000)
  const vector = Y.decodeStateVector(Y.encodeStateVector(fresh.doc))
  for (const client of clients) {
    assert.equal(vector.get(client.doc.clientID), Y.getState(client.doc.store, client.doc.clientID),
      `every edit of client ${client.doc.clientID} reached everyone`)
  }
  const convergedState = normalizedState(fresh.doc)
  const convergedJson = cardJson(fresh.doc)
  for (const client of clients) {
    assert.deepEqual(cardJson(client.doc), convergedJson, `client ${client.doc.clientID} holds other content`)
    assert.equal(normalizedState(client.doc), convergedState, `client ${client.doc.clientID} encodes other state`)
    const lost = missingFrom(Y.encodeStateAsUpdate(fresh.doc), client.local.map((entry) => entry.update))
    assert.deepEqual(lost, [], `updates of client ${client.doc.clientID} lost after the reconnect`)
  }
  // The reconnected clients' updates are echoed to them once durable: wait for those echoes, so that
  // a graceful restart now must keep them.
  await waitFor('the echoes of the reconnected clients\' updates', () =>
    clients.every((c) => c.echoedClock >= Y.getState(c.doc.store, c.doc.clientID)), {
    timeout: 20000,
    explain: () => clients.map((c) => `client ${c.doc.clientID}: echoed ${c.echoedClock} of ${Y.getState(c.doc.store, c.doc.clientID)}`).join('\n')
  })
  report('converged', { state: sha256(convergedState), bytes: Buffer.from(convergedState, 'base64').length, testCases: convergedJson.tests.length })
  everyone.forEach(destroyClient)

  // 5. After a restart, the card is exactly the converged state.
  const command = await nextCommand()
  if (command !== 'done') {
    base = /^restarted (http:\/\/\S+)$/.exec(command)?.[1]
    assert.ok(base, `expected "restarted URL" or "done", got "${command}"`)
    const last = trackedClient(base, room)
    await allSynced([last], 30000)
    assert.deepEqual(cardJson(last.doc), convergedJson, 'the card after the restart holds other content')
    assert.equal(normalizedState(last.doc), convergedState, 'the card after the restart encodes other state')
    // The card takes edits again; the test waits for the compaction this one may call for.
    last.doc.getText('title').insert(0, 'after the restart ')
    await waitFor('the echo of an edit after the restart',
      () => last.echoedClock >= Y.getState(last.doc.store, last.doc.clientID), { timeout: 10000 })
    destroyClient(last)
  }
  report('verified', { state: sha256(convergedState) })
})
