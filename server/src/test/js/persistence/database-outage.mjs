// The database going away under a running server (issue 11): run by DatabaseOutageTest, which owns
// the server process and its PostgreSQL. Steps (see lib/driver.mjs for the protocol):
//
// 1. CLIENTS stock clients open the card WORKSPACE/CARD and edit it without pause, each recording
//    which of its updates the server echoed (= stored, lib/tracked.mjs). "@editing" once every
//    client had ECHOES_BEFORE updates echoed; the edits go on: the test stops PostgreSQL, keeps it
//    away for a while, starts it again and sends "database back".
// 2. A little more editing, then the clients stop and wait until every update each one made was
//    echoed. Nobody may have been disconnected. A new client loads the card and holds everything.
//    "@stored".
// 3. "edit": the test has stopped PostgreSQL again (and seen /readyz say so). Every client makes
//    OUTAGE_EDITS more edits; the server relays them to the others (it serves on), but echoes none.
//    "@edited" once the clients hold each other's edits. The clients then leave for good, so nothing
//    but the server has these edits. "@left".
// 4. The test stops the server (SIGTERM), starts PostgreSQL, then the server again, and sends
//    "restarted URL": a new client must hold every edit of every client. "@verified".

import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import * as Y from 'yjs'
import { allSynced, sameStateVectors, waitFor } from '../lib/clients.mjs'
import { prng, randomEdit } from '../lib/card-edits.mjs'
import { awaitRestart, env, nextCommand, note, report, run } from './lib/driver.mjs'
import { destroyClient, missingFrom, percentiles, trackedClient } from './lib/tracked.mjs'

const CLIENTS = Number(process.env.CLIENTS ?? 6)
const ECHOES_BEFORE = Number(process.env.ECHOES_BEFORE ?? 20)
const OUTAGE_EDITS = Number(process.env.OUTAGE_EDITS ?? 10)
/** How long to wait for the echoes of everything once the database is back. */
const STORED_TIMEOUT_MS = Number(process.env.STORED_TIMEOUT_MS ?? 60000)

const ownClock = (client) => Y.getState(client.doc.store, client.doc.clientID)

run(async () => {
  const room = { workspace: env('WORKSPACE'), card: env('CARD') }
  const seed = Number(process.env.SEED ?? Date.now() % 100000)
  note(`seed ${seed} (replay with SEED=${seed}), ${CLIENTS} clients on ${room.workspace}/${room.card}`)
  const base = env('SERVER_URL')

  // 1. Editing through the outage.
  const clients = Array.from({ length: CLIENTS }, () => trackedClient(base, room))
  await allSynced(clients, 30000)
  const randoms = clients.map((_, i) => prng(seed * 1000 + i))
  let editing = true
  let round = 0
  const editLoop = (async () => {
    while (editing) {
      clients.forEach((client, i) => randomEdit(randoms[i], client.doc, `c${i}r${round}`))
      round++
      await delay(5)
    }
  })()
  await waitFor('every client to have its first updates echoed', () => clients.every((c) => c.echoes >= ECHOES_BEFORE),
    { timeout: 30000, explain: () => clients.map((c) => `echoes ${c.echoes}`).join(', ') })
  report('editing', { rounds: round })
  const back = await nextCommand()
  assert.equal(back, 'database back')
  await delay(500)
  editing = false
  await editLoop

  // 2. Everything made is stored, and nobody was disconnected.
  await waitFor('the echo of every update of every client', () => clients.every((c) => c.echoedClock >= ownClock(c)), {
    timeout: STORED_TIMEOUT_MS,
    explain: () => clients.map((c) => `client ${c.doc.clientID}: echoed ${c.echoedClock} of ${ownClock(c)}`).join('\n')
  })
  assert.deepEqual(clients.map((c) => c.closes), clients.map(() => []), 'nobody was disconnected by the outage')
  const reader = trackedClient(base, room)
  await allSynced([reader], 30000)
  for (const client of clients) {
    assert.deepEqual(missingFrom(Y.encodeStateAsUpdate(reader.doc), client.local.map((e) => e.update)), [],
      `every update of client ${client.doc.clientID} is in the card`)
  }
  destroyClient(reader)
  report('stored', {
    rounds: round,
    updates: clients.reduce((sum, c) => sum + c.local.length, 0),
    echoLatencyMs: percentiles(clients.flatMap((c) => c.echoLatencies))
  })

  // 3. Edits while the database is away again: relayed, not echoed; then the clients leave.
  assert.equal(await nextCommand(), 'edit')
  const echoedBefore = clients.map((c) => c.echoedClock)
  clients.forEach((client, i) => {
    for (let e = 0; e < OUTAGE_EDITS; e++) randomEdit(randoms[i], client.doc, `c${i}outage${e}`)
  })
  await sameStateVectors(clients.map((c) => c.doc), 30000)
  assert.deepEqual(clients.map((c) => c.echoedClock), echoedBefore, 'nothing is echoed while the database is away')
  report('edited', { clocks: clients.map(ownClock) })
  const finalStates = clients.map((c) => ({ clientID: c.doc.clientID, updates: c.local.map((e) => e.update) }))
  clients.forEach(destroyClient)
  report('left')

  // 4. After SIGTERM, the database back and a restart: the spilled edits are in the card.
  const restarted = await awaitRestart()
  const last = trackedClient(restarted, room)
  await allSynced([last], 30000)
  const state = Y.encodeStateAsUpdate(last.doc)
  for (const { clientID, updates } of finalStates) {
    assert.deepEqual(missingFrom(state, updates), [], `every update of client ${clientID}, those made during the` +
      ' second outage included, is in the card after the restart')
  }
  destroyClient(last)
  report('verified')
})
