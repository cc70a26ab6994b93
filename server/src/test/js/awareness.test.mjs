// Presence: awareness states travel between stock clients, and leave with the client that owned
// them, however it leaves.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import {
  allSynced, awarenessFrame, cardUrl, connectClient, destroy, freshRoom, rawSocket, remoteStates, syncStep1Frame, waitFor
} from './lib/clients.mjs'
import { wsBase } from './lib/server.mjs'
import { editorToken } from './lib/tokens.mjs'

const describeStates = (clients) => () =>
  clients.map((c, i) => `client ${i} (${c.clientID}) sees ${JSON.stringify(remoteStates(c))}`).join('\n')

const seesState = (client, clientID, state) =>
  JSON.stringify(client.awareness.getStates().get(clientID)) === JSON.stringify(state)

const seesNoState = (client, clientID) => !client.awareness.getStates().has(clientID)

test('each client sees the awareness states of the others', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence')
  const clients = ['ada', 'grace', 'linus'].map((name) => connectClient(t, room, { user: { name } }))
  await allSynced(clients)

  await waitFor('every client to see the two others', () => clients.every((c) => Object.keys(remoteStates(c)).length === 2),
    { explain: describeStates(clients) })
  for (const client of clients) {
    const others = clients.filter((o) => o !== client)
    assert.deepEqual(remoteStates(client),
      Object.fromEntries(others.map((o) => [o.clientID, { user: { name: o.awareness.getLocalState().user.name } }])))
  }

  // A change of state (a cursor) reaches the others too.
  clients[0].awareness.setLocalStateField('cursor', { anchor: 3, head: 7 })
  const expected = { user: { name: 'ada' }, cursor: { anchor: 3, head: 7 } }
  await waitFor('the cursor of ada to reach the others', () => clients.slice(1).every((c) => seesState(c, clients[0].clientID, expected)),
    { explain: describeStates(clients) })
})

test('a late joiner receives the awareness states already there', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence-late')
  const early = connectClient(t, room, { user: { name: 'early' } })
  const witness = connectClient(t, room)
  await allSynced([early, witness])
  await waitFor('the witness to see the early client', () => seesState(witness, early.clientID, { user: { name: 'early' } }))

  const late = connectClient(t, room)
  await waitFor('the late joiner to see the early client', () => seesState(late, early.clientID, { user: { name: 'early' } }),
    { explain: describeStates([early, witness, late]) })
})

test('awareness disappears for the others when a client leaves', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence-leave')
  const leaving = connectClient(t, room, { user: { name: 'leaving' } })
  const staying = connectClient(t, room, { user: { name: 'staying' } })
  await waitFor('staying to see leaving', () => seesState(staying, leaving.clientID, { user: { name: 'leaving' } }))

  destroy(leaving)

  await waitFor('the state of the client that left to disappear', () => seesNoState(staying, leaving.clientID),
    { explain: describeStates([staying]) })
})

test('awareness disappears for the others when a client process is killed', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence-kill')
  const observer = connectClient(t, room, { user: { name: 'observer' } })
  await allSynced([observer])
  const child = spawn(process.execPath, [fileURLToPath(new URL('./child-client.mjs', import.meta.url))], {
    env: {
      ...process.env,
      CARD_URL_BASE: wsBase + '/' + room.workspace,
      CARD: room.card,
      TOKEN: editorToken(room),
      AWARENESS: JSON.stringify({ user: { name: 'doomed' } })
    },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  t.after(() => child.kill('SIGKILL'))
  let output = ''
  child.stdout.on('data', (chunk) => { output += chunk })
  const ready = await waitFor('the child client to sync', () => /ready (\d+)\n/.exec(output), { explain: () => output })
  const childID = Number(ready[1])
  await waitFor('the observer to see the child', () => seesState(observer, childID, { user: { name: 'doomed' } }),
    { explain: describeStates([observer]) })
  await waitFor('the child edit to arrive', () => observer.doc.getText('title').toString() === 'from the child process ')

  child.kill('SIGKILL')
  await once(child, 'exit')

  await waitFor('the killed client state to disappear', () => seesNoState(observer, childID),
    { explain: describeStates([observer]) })
  assert.equal(observer.doc.getText('title').toString(), 'from the child process ', 'its edits stay')
})

test('awareness disappears for the others when a socket is cut without a close frame', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence-cut')
  const observer = connectClient(t, room)
  await allSynced([observer])

  const raw = rawSocket(t, cardUrl(room, editorToken(room)))
  await raw.opened
  // The raw client announces two states (a client may own several, e.g. after a reload).
  const states = new awarenessProtocol.Awareness(new Y.Doc())
  const second = new awarenessProtocol.Awareness(new Y.Doc())
  states.setLocalState({ user: { name: 'raw' } })
  second.setLocalState({ user: { name: 'raw tab 2' } })
  raw.socket.send(awarenessFrame(states, [states.clientID]))
  raw.socket.send(awarenessFrame(second, [second.clientID]))
  t.after(() => { states.destroy(); second.destroy() })
  await waitFor('the observer to see both raw states', () =>
    seesState(observer, states.clientID, { user: { name: 'raw' } }) && seesState(observer, second.clientID, { user: { name: 'raw tab 2' } }),
  { explain: describeStates([observer]) })

  raw.socket.terminate()

  await waitFor('both states of the cut socket to disappear', () => seesNoState(observer, states.clientID) && seesNoState(observer, second.clientID),
    { explain: describeStates([observer]) })
})

test('a query for awareness is answered with every known state, also inside a frame of several messages', { timeout: 20000 }, async (t) => {
  const room = freshRoom('presence-query')
  const a = connectClient(t, room, { user: { name: 'a' } })
  const b = connectClient(t, room, { user: { name: 'b' } })
  await waitFor('a and b to see each other', () => seesState(a, b.clientID, { user: { name: 'b' } }) && seesState(b, a.clientID, { user: { name: 'a' } }))

  const raw = rawSocket(t, cardUrl(room, editorToken(room)))
  await raw.opened
  const probeDoc = new Y.Doc()
  t.after(() => probeDoc.destroy())
  const isStep2 = (frame) => frame instanceof Uint8Array && frame[0] === 0 && frame[1] === 1
  const awarenessStates = () => raw.received
    .filter((frame) => frame instanceof Uint8Array && frame[0] === 1)
    .map((frame) => {
      const decoder = decoding.createDecoder(frame)
      decoding.readVarUint(decoder)
      const probe = new awarenessProtocol.Awareness(new Y.Doc())
      awarenessProtocol.applyAwarenessUpdate(probe, decoding.readVarUint8Array(decoder), 'server')
      const clients = [...probe.getStates().keys()].filter((id) => id !== probe.clientID)
      probe.destroy()
      return clients
    })
  // The answer to our SyncStep1 comes after everything the server sent on join (one connection,
  // handled in order), so from then on any new awareness message is an answer to us.
  raw.socket.send(syncStep1Frame(probeDoc))
  await waitFor('SyncStep2', () => raw.received.some(isStep2))
  const before = awarenessStates().length

  // messageQueryAwareness followed by a SyncStep1, in one frame.
  raw.socket.send(new Uint8Array([3, ...syncStep1Frame(probeDoc)]))

  await waitFor('an awareness answer with the states of a and b and a second SyncStep2', () =>
    raw.received.filter(isStep2).length === 2 &&
    awarenessStates().slice(before).some((clients) => clients.includes(a.clientID) && clients.includes(b.clientID)),
  { explain: () => `awareness messages: ${JSON.stringify(awarenessStates())}, a ${a.clientID}, b ${b.clientID}` })
})
