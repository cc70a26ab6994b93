// Real Yjs for the Java tests (dev.promptcards.crdt.testing.YjsNode).
//
// Protocol: one JSON object per line on stdin, {id, cmd, ...args}; one JSON line per request on stdout,
// {id, ok: true, result} or {id, ok: false, error, stack}. Requests are handled strictly in order.
// Binary values travel as base64 strings. Values JSON cannot carry use a tagged form (see toTagged):
//   {"$undefined":true} {"$number":"-0"|"NaN"|"Infinity"|"-Infinity"} {"$bigint":"123"}
//   {"$bytes":"<base64>"} {"$doc":"<guid>"} and {"$object":{...}} for a plain object that has a key
//   starting with "$" (its keys are then taken literally).
// Nothing but this protocol is written to stdout; diagnostics go to stderr.

import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

// ---------------------------------------------------------------------------------------------
// tagged JSON <-> JS values

const b64 = bytes => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const unb64 = s => new Uint8Array(Buffer.from(s, 'base64'))

const TAGS = new Set(['$undefined', '$number', '$bigint', '$bytes', '$doc', '$object', '$type'])

/** JS value -> JSON-safe tagged value (keys keep JS order unless sortKeys). */
export const toTagged = (v, sortKeys = false) => {
  if (v === undefined) return { $undefined: true }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return { $number: '-0' }
    if (!Number.isFinite(v)) return { $number: String(v) } // NaN, Infinity, -Infinity
    return v
  }
  if (typeof v === 'bigint') return { $bigint: v.toString() }
  if (v instanceof Uint8Array) return { $bytes: b64(v) }
  if (v instanceof Y.Doc) return { $doc: v.guid }
  if (v instanceof Y.AbstractType) return toTagged(v.toJSON(), sortKeys)
  if (Array.isArray(v)) return v.map(e => toTagged(e, sortKeys))
  if (typeof v === 'object') {
    let keys = Object.keys(v)
    if (sortKeys) keys = keys.slice().sort()
    const out = {}
    for (const k of keys) out[k] = toTagged(v[k], sortKeys)
    return keys.some(k => k.startsWith('$')) ? { $object: out } : out
  }
  throw new Error(`cannot tag a ${typeof v}`)
}

/** tagged value -> JS value. Type specs ({"$type":...}) become fresh (prelim) shared types. */
export const fromTagged = t => {
  if (t === null || typeof t !== 'object') return t
  if (Array.isArray(t)) return t.map(fromTagged)
  const keys = Object.keys(t)
  if ('$type' in t) return newType(t)
  if (keys.length === 1 || (keys.length === 2 && '$doc' in t && 'opts' in t)) {
    const k = keys.find(k => TAGS.has(k))
    switch (k) {
      case '$undefined': return undefined
      case '$number': return Number(t.$number) // Number('-0') === -0
      case '$bigint': return BigInt(t.$bigint)
      case '$bytes': return unb64(t.$bytes)
      case '$doc': return new Y.Doc({ guid: t.$doc, ...(t.opts || {}) })
      case '$object': {
        const out = {}
        for (const [kk, vv] of Object.entries(t.$object)) out[kk] = fromTagged(vv)
        return out
      }
    }
  }
  const out = {}
  for (const k of keys) out[k] = fromTagged(t[k])
  return out
}

/**
 * {"$type":"YText", text?} {"$type":"YMap", entries?} {"$type":"YArray", items?}
 * {"$type":"YXmlElement", nodeName, attrs?, children?} {"$type":"YXmlFragment", children?}
 * {"$type":"YXmlText", text?} {"$type":"YXmlHook", hookName, entries?}
 * Content is added as prelim content, i.e. in the transaction that integrates the type.
 */
const newType = spec => {
  const fill = (t, entries) => { for (const [k, v] of Object.entries(entries || {})) t.set(k, fromTagged(v)) }
  switch (spec.$type) {
    case 'YText': return new Y.Text(spec.text)
    case 'YMap': return new Y.Map(Object.entries(spec.entries || {}).map(([k, v]) => [k, fromTagged(v)]))
    case 'YArray': return Y.Array.from((spec.items || []).map(fromTagged))
    case 'YXmlText': { const t = new Y.XmlText(); if (spec.text) t.insert(0, spec.text); return t }
    case 'YXmlHook': { const t = new Y.XmlHook(spec.hookName ?? spec.name ?? 'h'); fill(t, spec.entries); return t }
    case 'YXmlFragment': { const t = new Y.XmlFragment(); t.insert(0, (spec.children || []).map(fromTagged)); return t }
    case 'YXmlElement': {
      const t = new Y.XmlElement(spec.nodeName ?? spec.name ?? 'p')
      for (const [k, v] of Object.entries(spec.attrs || {})) t.setAttribute(k, fromTagged(v))
      if (spec.children) t.insert(0, spec.children.map(fromTagged))
      return t
    }
  }
  throw new Error(`unknown $type ${spec.$type}`)
}

const sortDeep = v => {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (v !== null && typeof v === 'object') {
    const out = {}
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k])
    return out
  }
  return v
}

// ---------------------------------------------------------------------------------------------
// docs and paths

const docs = new Map()

const getDoc = name => {
  const d = docs.get(name)
  if (d === undefined) throw new Error(`no doc named ${name}`)
  return d
}

const GETTERS = {
  text: (d, n) => d.getText(n),
  map: (d, n) => d.getMap(n),
  array: (d, n) => d.getArray(n),
  xml: (d, n) => d.getXmlFragment(n),
  xmlFragment: (d, n) => d.getXmlFragment(n),
  xmlElement: (d, n) => d.getXmlElement(n)
}

/** Guess the kind of an untyped root (created by applyUpdate, never got) from its content. */
const inferKind = t => {
  if (t._start === null && t._map.size > 0) return 'map'
  let sawXml = false
  let sawOther = false
  for (let n = t._start; n !== null; n = n.right) {
    const c = n.content
    if (c instanceof Y.ContentString || c instanceof Y.ContentFormat || c instanceof Y.ContentEmbed) return 'text'
    if (c instanceof Y.ContentType && (c.type instanceof Y.XmlElement || c.type instanceof Y.XmlText || c.type instanceof Y.XmlHook)) sawXml = true
    else if (!(c instanceof Y.ContentDeleted)) sawOther = true
  }
  if (sawXml && !sawOther) return 'xml'
  if (sawOther) return 'array'
  if (t._map.size > 0) return 'map'
  return null
}

/** The root type `name` of `d`: its existing concrete type, else the hinted/inferred/requested kind. */
const getRoot = (d, name, kind) => {
  const t = d.share.get(name)
  if (t !== undefined && t.constructor !== Y.AbstractType) return t
  const k = kind ?? (t !== undefined ? inferKind(t) : null)
  if (k == null) throw new Error(`cannot tell the type of root ${JSON.stringify(name)}; give rootType/types`)
  const g = GETTERS[k]
  if (g === undefined) throw new Error(`unknown root kind ${k}`)
  return g(d, name)
}

const OP_KIND = { text: 'text', map: 'map', array: 'array', xml: 'xml' }

/**
 * Resolve an op's target: `path` [rootName, key|index, ...] or `name` (= [name]).
 * The root's getter comes from `rootType`, else from the first step (string key -> map,
 * number -> array) or, for a bare root, from the op's prefix ("text.insert" -> getText).
 */
const resolve = (d, op) => {
  const path = op.path ?? [op.name ?? '']
  const [root, ...rest] = path
  let kind = op.rootType
  if (kind === undefined) {
    if (rest.length === 0) kind = OP_KIND[op.op.split('.')[0]]
    else kind = typeof rest[0] === 'number' ? 'array' : 'map'
  }
  let t = getRoot(d, root, kind)
  for (const step of rest) {
    const next = typeof step === 'string' && t instanceof Y.XmlElement ? t.getAttribute(step) : t.get(step)
    if (next === undefined) throw new Error(`path ${JSON.stringify(path)}: nothing at ${JSON.stringify(step)}`)
    t = next
  }
  return t
}

const attrsOf = a => (a === undefined ? undefined : fromTagged(a))

/** Run one op (inside or outside a transaction). */
const runOp = (d, op) => {
  switch (op.op) {
    case 'transact':
      d.transact(() => { for (const o of op.ops) runOp(d, o) }, op.origin ?? null)
      return
    case 'text.insert': resolve(d, op).insert(op.index, op.text, attrsOf(op.attrs)); return
    case 'text.insertEmbed': resolve(d, op).insertEmbed(op.index, fromTagged(op.embed), attrsOf(op.attrs)); return
    case 'text.delete': resolve(d, op).delete(op.index, op.length); return
    case 'text.format': resolve(d, op).format(op.index, op.length, fromTagged(op.attrs)); return
    case 'text.applyDelta': resolve(d, op).applyDelta(fromTagged(op.delta)); return
    case 'map.set': resolve(d, op).set(op.key, fromTagged(op.value)); return
    case 'map.delete': resolve(d, op).delete(op.key); return
    case 'array.insert': resolve(d, op).insert(op.index, op.values.map(fromTagged)); return
    case 'array.push': resolve(d, op).push(op.values.map(fromTagged)); return
    case 'array.unshift': resolve(d, op).unshift(op.values.map(fromTagged)); return
    case 'array.delete': resolve(d, op).delete(op.index, op.length ?? 1); return
    // XML: target is a fragment or element (xml.insert*), an element or hook (attributes)
    case 'xml.insertElement': {
      // an element with attributes and (optionally) one text child, like a paragraph
      const el = new Y.XmlElement(op.nodeName ?? 'p')
      for (const [k, v] of Object.entries(op.attrs || {})) el.setAttribute(k, fromTagged(v))
      if (op.text !== undefined) {
        const xt = new Y.XmlText()
        xt.insert(0, op.text, attrsOf(op.textAttrs))
        el.insert(0, [xt])
      }
      resolve(d, op).insert(op.index ?? 0, [el])
      return
    }
    case 'xml.insertText': {
      const xt = new Y.XmlText()
      xt.insert(0, op.text ?? '', attrsOf(op.textAttrs))
      resolve(d, op).insert(op.index ?? 0, [xt])
      return
    }
    case 'xml.insertHook': {
      const h = new Y.XmlHook(op.hookName ?? 'h')
      for (const [k, v] of Object.entries(op.entries || {})) h.set(k, fromTagged(v))
      resolve(d, op).insert(op.index ?? 0, [h])
      return
    }
    case 'xml.insert': resolve(d, op).insert(op.index ?? 0, op.values.map(fromTagged)); return
    case 'xml.delete': resolve(d, op).delete(op.index, op.length ?? 1); return
    case 'xml.setAttribute': resolve(d, op).setAttribute(op.key, fromTagged(op.value)); return
    case 'xml.removeAttribute': resolve(d, op).removeAttribute(op.key); return
  }
  throw new Error(`unknown op ${op.op}`)
}

/** Run fn and return the v1 updates the doc emitted meanwhile (one per transaction), base64. */
const collectUpdates = (d, fn) => {
  const updates = []
  const h = u => updates.push(b64(u))
  d.on('update', h)
  try {
    fn()
  } finally {
    d.off('update', h)
  }
  return updates
}

const docJson = (d, types = {}) => {
  const out = {}
  // roots named in types exist afterwards, as after the Java side's getters
  for (const [name, kind] of Object.entries(types)) getRoot(d, name, kind)
  for (const name of Array.from(d.share.keys())) {
    const t = d.share.get(name)
    if (t.constructor === Y.AbstractType && types[name] === undefined && inferKind(t) === null) {
      out[name] = { $untyped: true } // nothing to tell the kind by; pass types: {name: kind}
      continue
    }
    out[name] = toTagged(getRoot(d, name, types[name]).toJSON(), true)
  }
  return sortDeep(out)
}

// ---------------------------------------------------------------------------------------------
// lib0 primitives

const LIB0 = {
  writeVarUint: [encoding.writeVarUint, decoding.readVarUint],
  writeVarInt: [encoding.writeVarInt, decoding.readVarInt],
  writeVarString: [encoding.writeVarString, decoding.readVarString],
  writeVarUint8Array: [encoding.writeVarUint8Array, decoding.readVarUint8Array],
  writeUint8: [encoding.writeUint8, decoding.readUint8],
  writeFloat32: [encoding.writeFloat32, decoding.readFloat32],
  writeFloat64: [encoding.writeFloat64, decoding.readFloat64],
  writeBigInt64: [encoding.writeBigInt64, decoding.readBigInt64],
  writeAny: [encoding.writeAny, decoding.readAny]
}
const lib0Fn = name => {
  const key = name.startsWith('read') ? 'write' + name.slice(4) : name
  const f = LIB0[key]
  if (f === undefined) throw new Error(`unknown lib0 function ${name}`)
  return f
}

// ---------------------------------------------------------------------------------------------
// crafted updates (v1), for content Yjs no longer writes (ContentJSON) and odd shapes

const id = o => (o == null ? null : Y.createID(o.client, o.clock))

/**
 * {kind:"json"|"any", values} {kind:"string", text} {kind:"deleted", len} {kind:"binary", bytes(b64)}
 * {kind:"embed", embed} {kind:"format", key, value} {kind:"type", type: $type spec} {kind:"doc", guid, opts}
 */
const content = c => {
  switch (c.kind) {
    case 'json': return new Y.ContentJSON(c.values.map(fromTagged))
    case 'any': return new Y.ContentAny(c.values.map(fromTagged))
    case 'string': return new Y.ContentString(c.text)
    case 'deleted': return new Y.ContentDeleted(c.len)
    case 'binary': return new Y.ContentBinary(unb64(c.bytes))
    case 'embed': return new Y.ContentEmbed(fromTagged(c.embed))
    case 'format': return new Y.ContentFormat(c.key, fromTagged(c.value))
    case 'type': return new Y.ContentType(newType(c.type))
    case 'doc': return new Y.ContentDoc(new Y.Doc({ guid: c.guid, ...fromTagged(c.opts || {}) }))
  }
  throw new Error(`unknown content kind ${c.kind}`)
}

/**
 * craftUpdate {clients:[{client, clock, structs:[s...]}], deleteSet?:[{client, ranges:[[clock,len]...]}]}
 * Clients and structs are written in the order given (Yjs itself writes clients in descending order).
 * A struct is {gc: len} | {skip: len} | {item: {origin?, rightOrigin?, parent?: "root"|{client,clock},
 * parentSub?, content}}; ids follow from the client's clock and the lengths of the structs before.
 */
const craftUpdate = ({ clients = [], deleteSet = [] }) => {
  const enc = new Y.UpdateEncoderV1()
  encoding.writeVarUint(enc.restEncoder, clients.length)
  for (const { client, clock, structs } of clients) {
    encoding.writeVarUint(enc.restEncoder, structs.length)
    enc.writeClient(client)
    encoding.writeVarUint(enc.restEncoder, clock)
    let c = clock
    for (const s of structs) {
      let st
      if (s.gc !== undefined) st = new Y.GC(Y.createID(client, c), s.gc)
      else if (s.skip !== undefined) st = new Y.Skip(Y.createID(client, c), s.skip)
      else {
        const it = s.item
        const parent = it.parent == null ? null : typeof it.parent === 'string' ? it.parent : id(it.parent)
        st = new Y.Item(Y.createID(client, c), null, id(it.origin), null, id(it.rightOrigin), parent, it.parentSub ?? null, content(it.content))
      }
      st.write(enc, 0)
      c += st.length
    }
  }
  encoding.writeVarUint(enc.restEncoder, deleteSet.length)
  for (const { client, ranges } of deleteSet) {
    enc.resetDsCurVal()
    encoding.writeVarUint(enc.restEncoder, client)
    encoding.writeVarUint(enc.restEncoder, ranges.length)
    for (const [clock, len] of ranges) {
      enc.writeDsClock(clock)
      enc.writeDsLen(len)
    }
  }
  return enc.toUint8Array()
}

// ---------------------------------------------------------------------------------------------
// B4 trace replay (format: /work/shared/traces/README.md)

const b4 = ({ path, gc = true }) => {
  const dec = decoding.createDecoder(new Uint8Array(readFileSync(path)))
  const doc = new Y.Doc({ gc })
  doc.clientID = 1
  const text = doc.getText('text')
  const count = decoding.readVarUint(dec)
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const tag = decoding.readVarUint(dec)
    if (tag === 1) {
      const index = decoding.readVarUint(dec)
      const s = decoding.readVarString(dec)
      doc.transact(() => text.insert(index, s))
    } else if (tag === 2) {
      const index = decoding.readVarUint(dec)
      const len = decoding.readVarUint(dec)
      doc.transact(() => text.delete(index, len))
    } else {
      throw new Error(`bad B4 tag ${tag} at op ${i}`)
    }
  }
  const millis = performance.now() - t0
  const str = text.toString()
  const update = Y.encodeStateAsUpdate(doc)
  return {
    ops: count,
    length: str.length,
    sha256: createHash('sha256').update(str, 'utf8').digest('hex'),
    update: b64(update),
    millis
  }
}


// ---------------------------------------------------------------------------------------------
// diagnostics

const idStr = id => (id == null ? null : `${id.client}:${id.clock}`)
const describeContent = c => {
  if (c instanceof Y.ContentString) return { String: c.str }
  if (c instanceof Y.ContentDeleted) return { Deleted: c.len }
  if (c instanceof Y.ContentAny) return { Any: toTagged(c.arr) }
  if (c instanceof Y.ContentJSON) return { JSON: toTagged(c.arr) }
  if (c instanceof Y.ContentBinary) return { Binary: b64(c.content) }
  if (c instanceof Y.ContentEmbed) return { Embed: toTagged(c.embed) }
  if (c instanceof Y.ContentFormat) return { Format: [c.key, toTagged(c.value)] }
  if (c instanceof Y.ContentType) return { Type: c.type.constructor.name + (c.type.nodeName ? ' ' + c.type.nodeName : '') + (c.type.hookName ? ' ' + c.type.hookName : '') }
  if (c instanceof Y.ContentDoc) return { Doc: [c.doc.guid, toTagged(c.opts)] }
  return { unknown: c.constructor.name }
}
/** A readable dump of a v1 update: structs in order (Y.decodeUpdate) and the delete set. */
const describeUpdate = update => {
  const { structs, ds } = Y.decodeUpdate(update)
  return {
    structs: structs.map(s => {
      const id = idStr(s.id)
      if (s instanceof Y.GC) return { GC: id, len: s.length }
      if (s instanceof Y.Skip) return { Skip: id, len: s.length }
      const p = s.parent
      return {
        Item: id,
        len: s.length,
        origin: idStr(s.origin),
        rightOrigin: idStr(s.rightOrigin),
        parent: p == null ? null : typeof p === 'string' ? p : p instanceof Y.ID ? idStr(p) : '?',
        parentSub: s.parentSub,
        content: describeContent(s.content)
      }
    }),
    ds: Array.from(ds.clients.entries()).map(([client, items]) => ({ client, ranges: items.map(i => [i.clock, i.len]) }))
  }
}

// ---------------------------------------------------------------------------------------------
// commands

let randomOpsModule = null

const COMMANDS = {
  ping: () => ({ yjs: '13.6.33', node: process.version }),

  lib0Encode: ({ fn, value, values }) => {
    const [write] = lib0Fn(fn)
    const enc = encoding.createEncoder()
    for (const v of values ?? [value]) write(enc, fromTagged(v))
    return b64(encoding.toUint8Array(enc))
  },
  lib0Decode: ({ fn, bytes, count = 1 }) => {
    const [, read] = lib0Fn(fn)
    const dec = decoding.createDecoder(unb64(bytes))
    const values = []
    for (let i = 0; i < count; i++) values.push(toTagged(read(dec)))
    return { value: values[0], values, position: dec.pos }
  },

  newDoc: ({ doc, clientId, gc = true, guid }) => {
    const d = new Y.Doc({ gc, ...(guid ? { guid } : {}) })
    if (clientId !== undefined) d.clientID = clientId
    docs.set(doc, d)
    return { clientId: d.clientID, guid: d.guid }
  },
  dropDoc: ({ doc }) => { docs.get(doc)?.destroy(); return docs.delete(doc) },
  reset: () => { docs.forEach(d => d.destroy()); docs.clear(); return true },
  applyUpdate: ({ doc, update }) => {
    const d = getDoc(doc)
    return collectUpdates(d, () => Y.applyUpdate(d, unb64(update)))
  },
  encodeStateAsUpdate: ({ doc, stateVector }) =>
    b64(Y.encodeStateAsUpdate(getDoc(doc), stateVector ? unb64(stateVector) : undefined)),
  encodeStateVector: ({ doc }) => b64(Y.encodeStateVector(getDoc(doc))),
  toJSON: ({ doc, types }) => docJson(getDoc(doc), types),
  /** delta of a text (or xml text) at path/name, tagged */
  delta: ({ doc, ...op }) => toTagged(resolve(getDoc(doc), { ...op, op: 'text.delta' }).toDelta()),
  /** toJSON of the type at path/name, tagged and key-sorted */
  typeJson: ({ doc, ...op }) => sortDeep(toTagged(resolve(getDoc(doc), { ...op, op: `${op.rootType ?? 'text'}.json` }).toJSON(), true)),
  script: ({ doc, ops }) => {
    const d = getDoc(doc)
    return collectUpdates(d, () => { for (const op of ops) runOp(d, op) })
  },
  pending: ({ doc }) => {
    const s = getDoc(doc).store
    return { structs: s.pendingStructs ? b64(s.pendingStructs.update) : null, ds: s.pendingDs ? b64(s.pendingDs) : null }
  },

  mergeUpdates: ({ updates }) => b64(Y.mergeUpdates(updates.map(unb64))),
  diffUpdate: ({ update, stateVector }) => b64(Y.diffUpdate(unb64(update), unb64(stateVector))),
  encodeStateVectorFromUpdate: ({ update }) => b64(Y.encodeStateVectorFromUpdate(unb64(update))),
  decodeStateVector: ({ stateVector }) =>
    Object.fromEntries(Array.from(Y.decodeStateVector(unb64(stateVector)).entries()).map(([k, v]) => [String(k), v])),
  /** a readable dump of an update (Y.decodeUpdate), for diagnostics */
  decodeUpdate: ({ update }) => describeUpdate(unb64(update)),
  craftUpdate: args => b64(craftUpdate(args)),

  /**
   * For the malformed-update tests: for each update, a fresh doc (gc, clientID 4242) gets the base updates
   * and the typed roots, then Y.applyUpdate(update). Per update: {ok:false, error} or {ok:true, state
   * (encodeStateAsUpdate), json (like toJSON, but untyped roots are {"$undefined":true}, as Yjs's own
   * doc.toJSON gives undefined for them)}.
   */
  tryApplyMany: ({ base = [], gc = true, types = {}, updates }) => {
    const baseBytes = base.map(unb64)
    return updates.map(u => {
      const d = new Y.Doc({ gc })
      d.clientID = 4242
      baseBytes.forEach(b => Y.applyUpdate(d, b))
      for (const [name, kind] of Object.entries(types)) getRoot(d, name, kind)
      try {
        Y.applyUpdate(d, unb64(u))
      } catch (e) {
        d.destroy()
        return { ok: false, error: `${e?.constructor?.name}: ${e?.message ?? e}` }
      }
      const json = {}
      for (const [name, t] of d.share.entries()) json[name] = t.constructor === Y.AbstractType ? { $undefined: true } : toTagged(t.toJSON(), true)
      const state = b64(Y.encodeStateAsUpdate(d))
      d.destroy()
      return { ok: true, state, json: sortDeep(json) }
    })
  },
  /**
   * Doc-free functions on many inputs: fn = mergeUpdates ({updates}) | diffUpdate ({update, stateVector})
   * | encodeStateVectorFromUpdate ({update}). Per input {ok:true, result} or {ok:false, error}.
   */
  tryDocFreeMany: ({ fn, inputs }) => inputs.map(i => {
    try {
      let r
      if (fn === 'mergeUpdates') r = Y.mergeUpdates(i.updates.map(unb64))
      else if (fn === 'diffUpdate') r = Y.diffUpdate(unb64(i.update), unb64(i.stateVector))
      else if (fn === 'encodeStateVectorFromUpdate') r = Y.encodeStateVectorFromUpdate(unb64(i.update))
      else throw new Error(`unknown fn ${fn}`)
      return { ok: true, result: b64(r) }
    } catch (e) {
      return { ok: false, error: `${e?.constructor?.name}: ${e?.message ?? e}` }
    }
  }),

  b4,

  randomOps: async ({ doc, seed, count, options }) => {
    if (randomOpsModule === null) {
      try {
        randomOpsModule = await import('./random-ops.mjs')
      } catch (e) {
        throw new Error(`random-ops.mjs could not be loaded: ${e.message}`)
      }
    }
    const d = getDoc(doc)
    return collectUpdates(d, () => randomOpsModule.applyRandomOps(d, seed, count, options))
  }
}

// ---------------------------------------------------------------------------------------------
// main loop: strictly sequential, one response line per request line

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
const write = obj => process.stdout.write(JSON.stringify(obj) + '\n')

for await (const line of rl) {
  if (line.trim() === '') continue
  let req
  try {
    req = JSON.parse(line)
  } catch (e) {
    write({ id: null, ok: false, error: `bad request JSON: ${e.message}` })
    continue
  }
  try {
    const f = COMMANDS[req.cmd]
    if (f === undefined) throw new Error(`unknown command ${req.cmd}`)
    const result = await f(req)
    write({ id: req.id, ok: true, result: result === undefined ? null : result })
  } catch (e) {
    write({ id: req.id, ok: false, error: String(e && e.message ? e.message : e), errorType: e?.constructor?.name ?? typeof e, stack: e?.stack })
  }
}
