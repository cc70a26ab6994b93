// A stock client in a process of its own, for tests that kill it (SIGKILL: no close frame, no
// awareness removal from the client). Connects to CARD_URL_BASE/CARD with TOKEN, sets its awareness
// state from AWARENESS (JSON), prints "ready <clientID>" once synced, then waits to be killed.

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const { CARD_URL_BASE, CARD, TOKEN, AWARENESS } = process.env
const doc = new Y.Doc()
const provider = new WebsocketProvider(CARD_URL_BASE, CARD, doc, {
  WebSocketPolyfill: WebSocket,
  params: { token: TOKEN },
  disableBc: true
})
provider.awareness.setLocalState(JSON.parse(AWARENESS))
provider.once('sync', () => {
  doc.getText('title').insert(0, 'from the child process ')
  process.stdout.write(`ready ${doc.clientID}\n`)
})
