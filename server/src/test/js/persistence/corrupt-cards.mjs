// Corrupted stored cards (issue 4): run by CorruptedCardTest, which owns the server process and the
// database. Steps (see lib/driver.mjs for the protocol):
//
// 1. Three cards of WORKSPACE get content from a stock client each, every update echoed (durable):
//    LOG_CARD with a few edits (they stay in its log), SNAPSHOT_CARD with many (compacted into a
//    snapshot), HEALTHY_CARD. The clients stop connecting. "@seeded". The test stops the server,
//    writes garbage into one log row of LOG_CARD and into the snapshot of SNAPSHOT_CARD, restarts it.
// 2. "restarted URL": a connection to either broken card is closed with 1011 and a reason, twice
//    (a failed load leaves no empty card behind), before anything of the card is sent; the seeding
//    clients, coming back with the whole card, are refused the same way. HEALTHY_CARD loads as it
//    was and takes edits; a new card works. "@checked" with the close codes and reasons.

import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { allSynced, waitFor } from '../lib/clients.mjs'
import { cardJson, prng, randomEdit } from '../lib/card-edits.mjs'
import { editorToken } from '../lib/tokens.mjs'
import { awaitRestart, env, note, report, run } from './lib/driver.mjs'
import { destroyClient, normalizedState, trackedClient, wsBaseOf } from './lib/tracked.mjs'

const INTERNAL_ERROR = 1011

const ownClock = (client) => Y.getState(client.doc.store, client.doc.clientID)

/** Waits until every update of `client` was echoed (its last one creates structs). */
const allEchoed = (client, what) => waitFor(`the echo of every update of ${what}`,
  () => client.echoedClock >= ownClock(client),
  { timeout: 15000, explain: () => `echoed ${client.echoedClock} of ${ownClock(client)}` })

/** `edits` random edits, one update each, then an insert, all echoed by the server. */
const seed = async (base, room, edits, random) => {
  const client = trackedClient(base, room)
  await allSynced([client], 20000)
  for (let i = 0; i < edits; i++) {
    randomEdit(random, client.doc, `${room.card}-${i}`)
    await delay(2)
  }
  client.doc.getText('title').insert(0, `${room.card}: `)
  await allEchoed(client, room.card)
  return client
}

/** Opens a raw socket on the card and resolves with how it was closed and what it got first. */
const closeOfCard = (base, room) => new Promise((resolve, reject) => {
  const url = `${wsBaseOf(base)}/${room.workspace}/${room.card}?token=${encodeURIComponent(editorToken(room))}`
  const socket = new WebSocket(url)
  const received = []
  const timer = setTimeout(() => {
    socket.terminate()
    reject(new Error(`${room.card}: the server did not close the connection within 15 s (it sent ${received.length} messages)`))
  }, 15000)
  socket.on('message', (data) => received.push(new Uint8Array(data)))
  socket.on('error', () => {}) // the close event follows
  socket.once('close', (code, reason) => {
    clearTimeout(timer)
    resolve({ code, reason: reason.toString(), messages: received.length })
  })
})

run(async () => {
  const workspace = env('WORKSPACE')
  const rooms = {
    log: { workspace, card: env('LOG_CARD') },
    snapshot: { workspace, card: env('SNAPSHOT_CARD') },
    healthy: { workspace, card: env('HEALTHY_CARD') }
  }
  const random = prng(Number(process.env.SEED ?? 4242))

  // 1. Content, durable.
  const base = env('SERVER_URL')
  const seeded = {
    log: await seed(base, rooms.log, Number(process.env.LOG_CARD_EDITS ?? 8), random),
    snapshot: await seed(base, rooms.snapshot, Number(process.env.SNAPSHOT_CARD_EDITS ?? 80), random),
    healthy: await seed(base, rooms.healthy, 20, random)
  }
  const healthyState = normalizedState(seeded.healthy.doc)
  const healthyJson = cardJson(seeded.healthy.doc)
  for (const client of Object.values(seeded)) client.provider.disconnect()
  destroyClient(seeded.healthy)
  report('seeded', Object.fromEntries(Object.entries(seeded).map(([name, c]) => [name, c.local.length])))

  // 2. After the corruption.
  const restarted = await awaitRestart()
  const closes = {}
  for (const name of ['log', 'snapshot']) {
    for (const attempt of [1, 2]) {
      const close = await closeOfCard(restarted, rooms[name])
      note(`${rooms[name].card}, attempt ${attempt}: closed with ${close.code} "${close.reason}" after ${close.messages} messages`)
      assert.equal(close.code, INTERNAL_ERROR, `${rooms[name].card} (attempt ${attempt}): close code, reason "${close.reason}"`)
      assert.ok(close.reason.length > 0, `${rooms[name].card}: the close has a reason`)
      assert.equal(close.messages, 0, `${rooms[name].card}: nothing of a card that failed to load is sent`)
      closes[name] = close
    }
    // The client that wrote the card comes back with all of it: refused too, nothing stored.
    const writer = seeded[name]
    writer.provider.serverUrl = wsBaseOf(restarted) + '/' + workspace
    writer.closes.length = 0
    writer.provider.connect()
    await waitFor(`the writer of ${rooms[name].card} to be refused`, () => writer.closes.length > 0, { timeout: 15000 })
    assert.equal(writer.closes[0], INTERNAL_ERROR, `${rooms[name].card}: the writer's close code`)
    destroyClient(writer)
  }

  const healthy = trackedClient(restarted, rooms.healthy)
  await allSynced([healthy], 20000)
  assert.deepEqual(cardJson(healthy.doc), healthyJson, 'the healthy card holds its content')
  assert.equal(normalizedState(healthy.doc), healthyState, 'the healthy card encodes the same state')
  healthy.doc.getText('system').insert(0, 'still editable')
  await allEchoed(healthy, rooms.healthy.card)

  const created = trackedClient(restarted, { workspace, card: 'created-after-the-corruption' })
  await allSynced([created], 20000)
  created.doc.getText('template').insert(0, 'a new card')
  await allEchoed(created, 'a new card')
  destroyClient(healthy)
  destroyClient(created)

  report('checked', closes)
})
