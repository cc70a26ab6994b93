// Someone else on the same server (B4ReplayTest): a stock client that types one character every
// INTERVAL_MS into getText('template') of WORKSPACE/CARD and times the echo of each (the server
// echoes an update to its sender once stored), while another client floods the server. A process of
// its own, so that the flooding client's work does not delay its event loop. Steps (lib/driver.mjs):
//
// 1. "@editing" once synced and its first edit was echoed.
// 2. "stop" from the test: no more edits; once every edit was echoed (or ECHO_TIMEOUT_MS passed),
//    "@stopped" with the number of edits and of echoed edits, the echo latencies and its close codes.

import * as Y from 'yjs'
import { allSynced, waitFor } from '../lib/clients.mjs'
import { env, nextCommand, report, run } from './lib/driver.mjs'
import { destroyClient, percentiles, trackedClient } from './lib/tracked.mjs'

const INTERVAL_MS = Number(process.env.INTERVAL_MS ?? 20)
const ECHO_TIMEOUT_MS = Number(process.env.ECHO_TIMEOUT_MS ?? 30000)

const round1 = (ms) => Math.round(ms * 10) / 10

run(async () => {
  const client = trackedClient(env('SERVER_URL'), { workspace: env('WORKSPACE'), card: env('CARD') })
  await allSynced([client], 30000)
  const text = client.doc.getText('template')
  let edits = 0
  const edit = () => {
    text.insert(text.length, String.fromCharCode(97 + (edits % 26)))
    edits++
  }
  const allEchoed = () => client.echoedClock >= Y.getState(client.doc.store, client.doc.clientID)
  edit()
  await waitFor('the echo of the first edit', allEchoed, { timeout: 30000 })
  const timer = setInterval(edit, INTERVAL_MS)
  report('editing', {})

  const command = await nextCommand()
  if (command !== 'stop') throw new Error(`expected "stop" from the test, got "${command}"`)
  clearInterval(timer)
  await waitFor('the echoes of every edit', allEchoed, { timeout: ECHO_TIMEOUT_MS }).catch(() => {})
  const latencies = client.echoLatencies
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q) => round1(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)
  report('stopped', {
    edits,
    echoed: latencies.length,
    latencyMs: { ...percentiles(latencies), p90: at(0.9), max: round1(sorted[sorted.length - 1] ?? NaN) },
    closeCount: client.closes.length,
    closes: client.closes
  })
  destroyClient(client)
})
