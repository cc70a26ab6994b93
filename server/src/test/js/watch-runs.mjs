// Stock clients that watch the runs of one card: CLIENTS WebsocketProviders connect to CARD_URL_BASE/CARD
// with TOKEN; once every one has synced it prints "synced". Each client notes whether it saw a test's output
// partly written (non-empty while the result was still running). When RUN_ID has ended (status passed,
// failed, error or cancelled) in every client's document, it prints one line "run " + JSON: per client the
// run map as plain JSON and whether it saw partial output, then exits 0. Exits 2 after TIMEOUT_MS (default
// 60 s) saying what it saw. RUN_ID may be given later on stdin (one line), since the run is started after
// the clients synced.

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import readline from 'node:readline'

const { CARD_URL_BASE, CARD, TOKEN } = process.env
const clients = Number(process.env.CLIENTS ?? '2')
const timeout = Number(process.env.TIMEOUT_MS ?? '60000')
const ENDED = new Set(['passed', 'failed', 'error', 'cancelled'])

let runId = process.env.RUN_ID
const docs = []
const partial = []
const synced = []
for (let i = 0; i < clients; i++) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(CARD_URL_BASE, CARD, doc, {
    WebSocketPolyfill: WebSocket,
    params: { token: TOKEN },
    disableBc: true
  })
  docs.push(doc)
  partial.push(false)
  synced.push(new Promise(resolve => provider.once('sync', resolve)))
}

const runOf = doc => (runId ? doc.getMap('runs').get(runId) : undefined)
const timer = setTimeout(() => {
  process.stdout.write(`timeout: ${JSON.stringify(docs.map(doc => runOf(doc)?.toJSON() ?? null))}\n`)
  process.exit(2)
}, timeout)

const check = () => {
  docs.forEach((doc, i) => {
    const results = runOf(doc)?.get('results')
    results?.forEach(result => {
      if (result.get('status') === 'running' && result.get('output')?.toString().length > 0) partial[i] = true
    })
  })
  if (runId && docs.every(doc => ENDED.has(runOf(doc)?.get('status')))) {
    clearTimeout(timer)
    const seen = docs.map((doc, i) => ({ run: runOf(doc).toJSON(), partial: partial[i] }))
    process.stdout.write(`run ${JSON.stringify(seen)}\n`)
    process.exit(0)
  }
}

await Promise.all(synced)
process.stdout.write('synced\n')
docs.forEach(doc => doc.on('update', check))
if (!runId) {
  const lines = readline.createInterface({ input: process.stdin })
  lines.on('line', line => {
    runId = line.trim()
    check()
  })
}
check()
