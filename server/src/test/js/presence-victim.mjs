// A stock client whose presence another connection tries to take over (PresenceAttackTest). Connects to
// CARD_URL_BASE/CARD with TOKEN, sets its awareness state, prints "ready <clientID>" once synced. For each
// line "move" on stdin it moves its cursor (setLocalStateField: its clock + 1) and prints
// "state <clock> <its local state as JSON>". Prints "touched <clock> <JSON>" if an update from the server
// changes its own client's entry, and "closed <code> <reason>" whenever its socket closes.

import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { createInterface } from 'node:readline'

const { CARD_URL_BASE, CARD, TOKEN } = process.env
const doc = new Y.Doc()
const provider = new WebsocketProvider(CARD_URL_BASE, CARD, doc, {
  WebSocketPolyfill: WebSocket,
  params: { token: TOKEN },
  disableBc: true
})
const awareness = provider.awareness
const own = () => `${awareness.meta.get(awareness.clientID).clock} ${JSON.stringify(awareness.getLocalState())}`

awareness.setLocalState({ user: { name: 'Victim', color: '#30bced' } })
awareness.on('update', ({ added, updated, removed }, origin) => {
  if (origin !== 'local' && [...added, ...updated, ...removed].includes(awareness.clientID)) {
    process.stdout.write(`touched ${own()}\n`)
  }
})
provider.on('connection-close', (event) => {
  process.stdout.write(`closed ${event?.code} ${event?.reason}\n`)
})
provider.once('sync', () => process.stdout.write(`ready ${doc.clientID}\n`))

let moves = 0
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'move') {
    awareness.setLocalStateField('cursor', ++moves)
    process.stdout.write(`state ${own()}\n`)
  }
})
