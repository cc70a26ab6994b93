// Loads large stored cards through the server (LargeCardLoadTest): for each card of CARDS in
// WORKSPACE, LOADS times, a new stock client opens it once the server holds no room (so that the
// server reads it from PostgreSQL), and the time from creating the provider to its first sync is
// taken; the text must be the expected one (TEXT_LENGTH, TEXT_SHA256 of getText('text')).
// "@loaded" with the times (ms) per card: the first (cold) load and the median of the others.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { env, report, run } from './lib/driver.mjs'
import { destroyClient, trackedClient } from './lib/tracked.mjs'

const roomsLoaded = async (base) => {
  const metrics = await (await fetch(base + '/metrics')).text()
  const line = metrics.split('\n').find((l) => l.startsWith('promptcards_rooms '))
  assert.ok(line, 'promptcards_rooms in /metrics')
  return Number(line.split(' ')[1])
}

/** Polls /metrics every 10 ms until the server holds no room (the last client's was unloaded). */
const noRoom = async (base) => {
  const deadline = Date.now() + 10000
  while ((await roomsLoaded(base)) !== 0) {
    if (Date.now() > deadline) throw new Error('the server still holds a room 10 s after its last client left')
    await delay(10)
  }
}

/** Opens the card with a new client; resolves with the ms until it synced, and the client. */
const open = (base, room) => new Promise((resolve, reject) => {
  const started = performance.now()
  const client = trackedClient(base, room)
  const timer = setTimeout(() => reject(new Error(`${room.card} did not sync within 30 s (closes: ${client.closes})`)), 30000)
  client.provider.on('sync', (synced) => {
    if (!synced) return
    clearTimeout(timer)
    resolve({ ms: performance.now() - started, client })
  })
})

const round1 = (ms) => Math.round(ms * 10) / 10

run(async () => {
  const base = env('SERVER_URL')
  const workspace = env('WORKSPACE')
  const loads = Number(process.env.LOADS ?? 4)
  const results = {}
  for (const card of env('CARDS').split(',')) {
    const times = []
    for (let i = 0; i < loads; i++) {
      await noRoom(base)
      const { ms, client } = await open(base, { workspace, card })
      times.push(ms)
      const text = client.doc.getText('text').toString()
      assert.equal(text.length, Number(env('TEXT_LENGTH')), `${card}: the text's length`)
      assert.equal(createHash('sha256').update(text).digest('hex'), env('TEXT_SHA256'), `${card}: the text`)
      destroyClient(client)
    }
    const rest = times.slice(1).sort((a, b) => a - b)
    results[card] = { first: round1(times[0]), median: round1(rest[Math.floor(rest.length / 2)]), all: times.map(round1) }
  }
  report('loaded', results)
})
