// Issue 11's second proof, the client side (run by TypingBurstCrashTest, which owns the server): a
// stock client types EDITS characters at the end of getText('template') of WORKSPACE/CARD as fast as
// it can, one transaction each, in one synchronous loop (the issue saw the old limit cut such a client
// off after about 540 of 800). Steps (see lib/driver.mjs for the protocol):
//
// 1. After a warm-up (the same burst on another card), "@echoed" once the server echoed the last
//    character (echoed = stored, and the server handles a connection's updates in order), with the
//    close codes the client saw and how often the server paused reads meanwhile: the test SIGKILLs
//    the server now.
// 2. "restarted URL": a new client opens the card and must find every character, in order.
//    "@verified".

import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { allSynced, waitFor } from '../lib/clients.mjs'
import { awaitRestart, env, report, run } from './lib/driver.mjs'
import { destroyClient, trackedClient } from './lib/tracked.mjs'

const EDITS = Number(process.env.EDITS ?? 800)
const ECHO_TIMEOUT_MS = Number(process.env.ECHO_TIMEOUT_MS ?? 30000)
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** The character typed as edit i. */
const typed = (i) => ALPHABET[i % ALPHABET.length]

/** Types EDITS characters into the template of `client`'s card at once; resolves once all were echoed. */
const typeAll = async (client) => {
  const text = client.doc.getText('template')
  for (let i = 0; i < EDITS; i++) text.insert(text.length, typed(i))
  const ownClock = Y.getState(client.doc.store, client.doc.clientID)
  assert.equal(ownClock, EDITS, 'one struct per character')
  await waitFor('the echo of the last character', () => {
    if (client.closes.length > 0) throw new Error(`the typing client's connection was closed: ${JSON.stringify(client.closes)}`)
    return client.echoedClock >= ownClock
  }, {
    timeout: ECHO_TIMEOUT_MS,
    explain: () => `echoed up to clock ${client.echoedClock} of ${ownClock}; closes ${JSON.stringify(client.closes)}`
  })
}

const readsPaused = async (base) => {
  const metrics = await (await fetch(base + '/metrics')).text()
  const line = metrics.split('\n').find((l) => l.startsWith('promptcards_reads_paused_total '))
  assert.ok(line, 'promptcards_reads_paused_total in /metrics')
  return Number(line.split(' ')[1])
}

run(async () => {
  const base = env('SERVER_URL')
  const room = { workspace: env('WORKSPACE'), card: env('CARD') }
  // A cold server (interpreted, then C1 code) reads so slowly that 800 frames may never empty the
  // bucket: the same burst on another card first, so that the measured one meets a server that has run.
  const warmUp = trackedClient(base, { workspace: room.workspace, card: room.card + '-warm-up' })
  await allSynced([warmUp], 30000)
  await typeAll(warmUp)
  destroyClient(warmUp)

  const client = trackedClient(base, room)
  await allSynced([client], 30000)
  const pausedBefore = await readsPaused(base)
  const started = performance.now()
  await typeAll(client)
  report('echoed', {
    edits: EDITS,
    ms: Math.round(performance.now() - started),
    echoes: client.echoes,
    readsPaused: (await readsPaused(base)) - pausedBefore,
    closeCount: client.closes.length,
    closes: client.closes
  })

  const restarted = await awaitRestart()
  destroyClient(client)
  const fresh = trackedClient(restarted, room)
  await allSynced([fresh], 30000)
  const expected = Array.from({ length: EDITS }, (_, i) => typed(i)).join('')
  assert.equal(fresh.doc.getText('template').toString(), expected, 'the card after the restart')
  report('verified', { length: fresh.doc.getText('template').length })
  destroyClient(fresh)
})
