// The reference side of `./promptcards bench crdt` (dev.promptcards.loadtests.crdt.YjsProcess):
// Yjs 13.6.33 replaying the B4 trace, measured the same way as the Java side (JavaRound.java).
//
// Run as `node --expose-gc crdt-bench.mjs`. Protocol: one JSON object per line on stdin, one JSON line
// per request on stdout, {ok: true, result} or {ok: false, error}. Requests, handled in order:
//   {"cmd":"hello"}                          -> {node, yjs, lib0}
//   {"cmd":"load","trace":PATH,"edits":N}    -> {edits}: decodes the first N edits (all when N <= 0)
//   {"cmd":"round","minRepeatMillis":M,"memoryCopies":C} -> the figures of one round (see round below)
//   {"cmd":"state"}                          -> {state: base64 of encodeStateAsUpdate after the last round's replay}
// Nothing else is written to stdout.

import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

if (typeof global.gc !== 'function') {
  process.stderr.write('crdt-bench.mjs: run me with node --expose-gc\n')
  process.exit(2)
}

const INSERT = 1
const DELETE = 2
const LOCAL_CLIENT = 1
const REMOTE_CLIENT = 2
const PARSE_CLIENT = 3

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex')
const textSha256 = s => createHash('sha256').update(s, 'utf8').digest('hex')
const b64 = bytes => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const packageVersion = name => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version

/** Full garbage collections until the heap stops shrinking (at most 10). */
const fullGc = () => {
  let before = Infinity
  for (let i = 0; i < 10; i++) {
    global.gc()
    const used = process.memoryUsage().heapUsed
    if (i >= 2 && used >= before) break
    before = used
  }
  return process.memoryUsage().heapUsed
}

/** The trace decoded up front (the timed loops only edit): tags, indexes, insert texts / delete lengths. */
let trace = null

const load = ({ trace: path, edits }) => {
  const dec = decoding.createDecoder(new Uint8Array(readFileSync(path)))
  const total = decoding.readVarUint(dec)
  const count = edits > 0 ? Math.min(edits, total) : total
  const tags = new Uint8Array(count)
  const indexes = new Uint32Array(count)
  const args = new Array(count)
  for (let i = 0; i < count; i++) {
    const tag = decoding.readVarUint(dec)
    tags[i] = tag
    indexes[i] = decoding.readVarUint(dec)
    if (tag === INSERT) args[i] = decoding.readVarString(dec)
    else if (tag === DELETE) args[i] = decoding.readVarUint(dec)
    else throw new Error(`bad B4 tag ${tag} at edit ${i}`)
  }
  trace = { tags, indexes, args, count }
  return { edits: count }
}

/** Milliseconds per call of fn, repeated until minMillis have passed (at least once). */
const timeRepeated = (fn, minMillis) => {
  let reps = 0
  const t0 = performance.now()
  let elapsed = 0
  do {
    fn()
    reps++
    elapsed = performance.now() - t0
  } while (elapsed < minMillis)
  return { millis: elapsed / reps, reps }
}

let lastState = null

/**
 * One round of every scenario, in the order the Java side runs them: local replay (one transaction per
 * edit, an update listener collecting each update), remote (those updates applied in order to a fresh
 * doc that has an update listener too, as a server's room has), encode, parse, and the heap held by a
 * doc parsed from the state (memoryCopies such docs held at once, the heap growth divided by their number).
 */
const round = ({ minRepeatMillis = 0, memoryCopies = 1 }) => {
  if (trace === null) throw new Error('load the trace first')
  const { tags, indexes, args, count } = trace

  fullGc()
  const local = new Y.Doc({ gc: true })
  local.clientID = LOCAL_CLIENT
  const text = local.getText('text')
  const updates = []
  local.on('update', update => { updates.push(update) })
  let t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const index = indexes[i]
    const arg = args[i]
    if (tags[i] === INSERT) local.transact(() => text.insert(index, arg))
    else local.transact(() => text.delete(index, arg))
  }
  const localMillis = performance.now() - t0
  const finalText = text.toString()

  fullGc()
  const remote = new Y.Doc({ gc: true })
  remote.clientID = REMOTE_CLIENT
  const remoteText = remote.getText('text')
  let relayedBytes = 0
  remote.on('update', update => { relayedBytes += update.length })
  t0 = performance.now()
  for (let i = 0; i < updates.length; i++) Y.applyUpdate(remote, updates[i])
  const remoteMillis = performance.now() - t0

  fullGc()
  let state = null
  const encode = timeRepeated(() => { state = Y.encodeStateAsUpdate(local) }, minRepeatMillis)

  fullGc()
  const parse = timeRepeated(() => {
    const doc = new Y.Doc({ gc: true })
    doc.clientID = PARSE_CLIENT
    Y.applyUpdate(doc, state)
  }, minRepeatMillis)

  const heapWithout = fullGc()
  let held = []
  for (let i = 0; i < memoryCopies; i++) {
    const doc = new Y.Doc({ gc: true })
    doc.clientID = PARSE_CLIENT
    Y.applyUpdate(doc, state)
    held.push(doc)
  }
  const heapWith = fullGc()
  const parsedText = held[0].getText('text').toString()
  held = null

  const updatesHash = createHash('sha256')
  for (const u of updates) {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(u.length)
    updatesHash.update(len).update(u)
  }
  lastState = state
  return {
    edits: count,
    localMillis,
    remoteMillis,
    encodeMillis: encode.millis,
    encodeReps: encode.reps,
    parseMillis: parse.millis,
    parseReps: parse.reps,
    memoryBytes: (heapWith - heapWithout) / memoryCopies,
    updates: updates.length,
    updatesSha256: updatesHash.digest('hex'),
    relayedBytes,
    textLength: finalText.length,
    textSha256: textSha256(finalText),
    remoteTextSha256: textSha256(remoteText.toString()),
    parsedTextSha256: textSha256(parsedText),
    stateLength: state.length,
    stateSha256: sha256(state)
  }
}

const COMMANDS = {
  hello: () => ({ node: process.versions.node, yjs: packageVersion('yjs'), lib0: packageVersion('lib0') }),
  load,
  round,
  state: () => {
    if (lastState === null) throw new Error('no round has run yet')
    return { state: b64(lastState) }
  }
}

const write = obj => process.stdout.write(JSON.stringify(obj) + '\n')
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (line.trim() === '') continue
  try {
    const req = JSON.parse(line)
    const f = COMMANDS[req.cmd]
    if (f === undefined) throw new Error(`unknown command ${req.cmd}`)
    write({ ok: true, result: f(req) })
  } catch (e) {
    write({ ok: false, error: String(e && e.message ? e.message : e) })
  }
}
