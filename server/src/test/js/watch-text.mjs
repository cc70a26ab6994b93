// Stock clients that watch one card: CLIENTS WebsocketProviders connect to CARD_URL_BASE/CARD with
// TOKEN; once every one has synced it prints "synced", then it waits until the template of every one
// reads EXPECTED, prints "seen" and exits 0. Exits 2 after TIMEOUT_MS (default 30 s) saying what it saw.

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const { CARD_URL_BASE, CARD, TOKEN, EXPECTED } = process.env
const clients = Number(process.env.CLIENTS ?? '2')
const timeout = Number(process.env.TIMEOUT_MS ?? '30000')

const docs = []
const synced = []
for (let i = 0; i < clients; i++) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(CARD_URL_BASE, CARD, doc, {
    WebSocketPolyfill: WebSocket,
    params: { token: TOKEN },
    disableBc: true
  })
  docs.push(doc)
  synced.push(new Promise(resolve => provider.once('sync', resolve)))
}
const timer = setTimeout(() => {
  process.stdout.write(`timeout: ${JSON.stringify(docs.map(doc => doc.getText('template').toString()))}\n`)
  process.exit(2)
}, timeout)

await Promise.all(synced)
process.stdout.write('synced\n')
const check = () => {
  if (docs.every(doc => doc.getText('template').toString() === EXPECTED)) {
    clearTimeout(timer)
    process.stdout.write('seen\n')
    process.exit(0)
  }
}
docs.forEach(doc => doc.on('update', check))
check()
