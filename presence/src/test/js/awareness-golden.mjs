// Derives the golden vectors of AwarenessGoldenBytesTest from real y-protocols awareness.js (1.0.7, the
// version the build pins). Not run by the build: the vectors are pasted into the Java test.
//
//   node presence/src/test/js/awareness-golden.mjs [node_modules dir]
//
// The node_modules dir defaults to crdt/src/test/js/node_modules (installed by the crdt build: yjs 13.6.33,
// y-protocols 1.0.7, lib0 0.2.120).
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const modules = process.argv[2] ?? path.join(here, '../../../../crdt/src/test/js/node_modules')
const load = (p) => import(pathToFileURL(path.join(modules, p)).href)
const Y = await load('yjs/dist/yjs.mjs')
const awarenessProtocol = await load('y-protocols/awareness.js')
const encoding = await load('lib0/encoding.js')

const hex = (u8) => Buffer.from(u8).toString('hex')

/** A stock client: a Doc with a fixed clientID and its Awareness (constructor sets {} at clock 0). */
const client = (clientID) => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return new awarenessProtocol.Awareness(doc)
}
/** The reference server's awareness (y-websocket-server utils.js: setLocalState(null)). */
const server = () => {
  const a = client(999999999)
  a.setLocalState(null)
  return a
}
const events = (a) => {
  const seen = []
  a.on('update', ({ added, updated, removed }) => seen.push({ added, updated, removed }))
  return seen
}
const raw = (entries) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(e, id)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, json)
  }
  return encoding.toUint8Array(e)
}
const out = {}

// 1. one client's state, as the y-websocket client sends it, and as the reference server relays it
const ann = client(1234567)
ann.setLocalState({ user: { name: 'Ann', color: '#ff0000' }, cursor: null })
out.annClock1 = hex(awarenessProtocol.encodeAwarenessUpdate(ann, [1234567]))
const s1 = server()
const e1 = events(s1)
awarenessProtocol.applyAwarenessUpdate(s1, awarenessProtocol.encodeAwarenessUpdate(ann, [1234567]), 'conn')
out.serverRelaysAnn = hex(awarenessProtocol.encodeAwarenessUpdate(s1, [1234567]))
out.serverEventsAnn = e1.slice()

// 2. two clients, non-ASCII and escapes, a client id and clock of several varUint bytes
const bob = client(4294967295)
for (let i = 0; i < 300; i++) bob.setLocalState({ n: i })
bob.setLocalState({ user: { name: 'Bøb "the" 🐝', note: 'line\nbreak\u2028' }, cursor: { anchor: 3, head: 7 } })
awarenessProtocol.applyAwarenessUpdate(s1, awarenessProtocol.encodeAwarenessUpdate(bob, [4294967295]), 'conn')
out.serverRelaysBob = hex(awarenessProtocol.encodeAwarenessUpdate(s1, [4294967295]))
out.bobClock = bob.meta.get(4294967295).clock
out.bobUpdate = hex(awarenessProtocol.encodeAwarenessUpdate(bob, [4294967295]))
out.serverJoinState = hex(awarenessProtocol.encodeAwarenessUpdate(s1, Array.from(s1.getStates().keys())))

// 3. a clean leave of a client: setLocalState(null) -> clock + 1 and "null"
ann.setLocalState(null)
out.annLeaves = hex(awarenessProtocol.encodeAwarenessUpdate(ann, [1234567]))
// the reference server's removeAwarenessStates for a remote client keeps the clock
awarenessProtocol.removeAwarenessStates(s1, [4294967295], null)
out.serverRemovesBobSameClock = hex(awarenessProtocol.encodeAwarenessUpdate(s1, [4294967295]))
out.serverEventsAll = e1.slice()

// 4. falsy states are stored but encoded as "null" (states.get(clientID) || null)
const s4 = server()
const e4 = events(s4)
awarenessProtocol.applyAwarenessUpdate(s4, raw([[5, 1, '0'], [6, 1, 'false'], [7, 1, '""'], [8, 1, '-0'], [9, 1, '{"a":0}']]), 'conn')
out.falsyStates = Array.from(s4.getStates().entries())
out.falsyEncoded = hex(awarenessProtocol.encodeAwarenessUpdate(s4, [5, 6, 7, 8, 9]))
out.falsyEvents = e4

// the reference server re-serializes a state; we keep the text (see AwarenessGoldenBytesTest)
const s4b = server()
awarenessProtocol.applyAwarenessUpdate(s4b, raw([[8, 1, '{ "a" : 1.0 }']]), 'conn')
out.reserializedByReference = hex(awarenessProtocol.encodeAwarenessUpdate(s4b, [8]))
out.spacedInput = hex(raw([[8, 1, '{ "a" : 1.0 }']]))

// 5. clock rules, event by event
const s5 = server()
const e5 = events(s5)
const step = (label, entries) => {
  awarenessProtocol.applyAwarenessUpdate(s5, raw(entries), 'conn')
  out['rules_' + label] = { event: e5.length ? e5.pop() : null, clock: s5.meta.get(entries[0][0])?.clock ?? null, state: s5.getStates().get(entries[0][0]) ?? null }
}
step('unknownClock0Ignored', [[10, 0, '{"a":1}']])
step('unknownNullSetsMetaOnly', [[11, 4, 'null']])
step('added', [[10, 2, '{"a":1}']])
step('renewalSameState', [[10, 3, '{"a":1}']])
step('staleIgnored', [[10, 2, '{"a":2}']])
step('equalNonNullIgnored', [[10, 3, '{"a":2}']])
step('equalNullRemoves', [[10, 3, 'null']])
step('equalNullAgainIgnored', [[10, 3, 'null']])
step('higherNullAfterRemovalReportsRemoved', [[10, 4, 'null']])
step('reAddHigherClock', [[10, 5, '{"a":3}']])
step('duplicatesInOneUpdate', [[12, 1, '{"b":1}'], [12, 1, 'null'], [12, 2, '{"b":2}']])
console.log(JSON.stringify(out, null, 1))
process.exit(0)
