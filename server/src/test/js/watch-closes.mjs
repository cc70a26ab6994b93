// A stock client on one card that reports how the server closes it: a WebsocketProvider connects to
// CARD_URL_BASE/CARD with TOKEN, prints "synced" once synced, and "close <code> <reason>" when the server closes
// it (y-websocket does not reconnect after a 44xx). With AGAIN=1 it then opens a second, new provider on the
// card and reports its close the same way. Exits 0 after the last close, 2 after TIMEOUT_MS (default 30 s).

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const { CARD_URL_BASE, CARD, TOKEN } = process.env
const again = process.env.AGAIN === '1'
const timeout = Number(process.env.TIMEOUT_MS ?? '30000')
setTimeout(() => {
  process.stdout.write('timeout\n')
  process.exit(2)
}, timeout)

const open = (last) => {
  const provider = new WebsocketProvider(CARD_URL_BASE, CARD, new Y.Doc(), {
    WebSocketPolyfill: WebSocket,
    params: { token: TOKEN },
    disableBc: true
  })
  provider.once('sync', () => process.stdout.write('synced\n'))
  provider.once('connection-close', (event) => {
    process.stdout.write(`close ${event?.code} ${event?.reason}\n`)
    provider.destroy()
    if (last) {
      process.exit(0)
    }
    open(true)
  })
}
open(!again)
