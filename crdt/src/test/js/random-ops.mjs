// Seeded random editing of a Yjs document shaped like a prompt card (see ARCHITECTURE.md, "The prompt card
// document"). Used by the convergence tests: Node replicas edit through real Yjs, Java replicas through
// dev.promptcards.crdt.convergence.RandomOps (same op mix, not the same sequence).
//
//   applyRandomOps(doc, seed, count) -> Array<string>   (a short description of every op, for traces)
//
// count = number of single operations; some are grouped into one transaction (2..4 ops), every other op
// runs in its own transaction. count 0 only defines the top-level types, so every replica's
// doc.toJSON() lists the same keys.
import * as Y from 'yjs'

/** The top-level types of a prompt card. */
export const TEXTS = ['title', 'description', 'system', 'template']
export const MAPS = ['model', 'runs']
export const ARRAYS = ['tests']

/** Defines every top-level type of the card on doc (a no-op when they exist). */
export const defineCardTypes = doc => {
  TEXTS.forEach(name => doc.getText(name))
  MAPS.forEach(name => doc.getMap(name))
  ARRAYS.forEach(name => doc.getArray(name))
}

/**
 * mulberry32 (public domain, Tommy Ettinger): a small 32-bit PRNG, good enough for fuzzing and trivial to
 * port. The seed may be any safe integer; its high and low 32 bits are folded together.
 */
export const createPrng = seed => {
  const s = Number(seed)
  let a = ((s % 4294967296) ^ Math.floor(s / 4294967296) ^ 0x9e3779b9) | 0
  const next = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min, max) => min + Math.floor(next() * (max - min + 1)) // inclusive
  const bool = (p = 0.5) => next() < p
  const pick = arr => arr[int(0, arr.length - 1)]
  return { next, int, bool, pick }
}

// ---- random values ----------------------------------------------------------------------------------

const CHUNKS = [
  'a', 'b', 'x', 'Z', ' ', '\n', 'the ', 'prompt', 'Summarize ', '{{topic}}', '{{input}}', '. ', ', ',
  'é', 'ß', '日本語', 'Ω', '😀', '👍🏽', '👨‍👩‍👧', '𝔘', 'a😀b', '"q"', '\\', '\t', '</>', '0', '42'
]

const randomString = (rng, maxChunks = 4) => {
  let s = ''
  const n = rng.int(1, maxChunks)
  for (let i = 0; i < n; i++) s += rng.pick(CHUNKS)
  return s
}

const NUMBERS = [
  0, 1, -1, 7, -42, 255, 1000, 65535, -65536, 2147483647, -2147483648, 2147483648, 4294967296, 2 ** 40,
  -(2 ** 40), 2 ** 53, -(2 ** 53), 123456789012, 0.5, -1.25, 0.1, 0.7, 3.14159, -2.5e-8, 1e21, 1.5e300,
  6.02e23, 0.30000000000000004, 0.2, 1.7
]

const randomNumber = rng => {
  switch (rng.int(0, 5)) {
    case 0: return rng.int(-100, 100)
    case 1: return rng.int(-2000000, 2000000) * rng.pick([1, 1000, 1000000])
    case 2: return Math.round((rng.next() - 0.5) * 1e6) / 1000 // e.g. 0.731, -12.5
    case 3: return rng.next() // 53 random bits: always float64
    case 4: return rng.bool(0.05) ? -0 : rng.pick(NUMBERS)
    default: return rng.pick(NUMBERS)
  }
}

// keys include array-index-like ones: JS orders those first (ascending) in objects, which decides the
// byte order of writeAny(object).
const OBJECT_KEYS = ['a', 'b', 'name', 'value', 'type', 'threshold', 'weight', 'x y', 'ключ', '1', '0', '10', '2', '-1', '01', 'z']

const randomJson = (rng, depth = 0) => {
  const r = rng.int(0, depth >= 2 ? 5 : 7)
  switch (r) {
    case 0: return null
    case 1: return rng.bool()
    case 2: case 3: return randomNumber(rng)
    case 4: return rng.bool(0.1) ? '' : randomString(rng)
    case 5: return rng.pick(['openai', 'ollama', 'anthropic', 'gpt-4o-mini', 'llama3', 'contains', 'equals'])
    case 6: {
      const o = {}
      const n = rng.int(0, 4)
      for (let i = 0; i < n; i++) o[rng.pick(OBJECT_KEYS)] = rng.bool(0.03) ? randomBinary(rng) : randomJson(rng, depth + 1)
      return o
    }
    default: {
      const a = []
      const n = rng.int(0, 4)
      for (let i = 0; i < n; i++) a.push(randomJson(rng, depth + 1))
      return a
    }
  }
}

// Uint8Array: ContentBinary at the top of a map entry / array element, writeAny type 116 inside objects.
const randomBinary = rng => new Uint8Array(rng.int(0, 6)).map(() => rng.int(0, 255))

const randomAttributes = rng => {
  const attrs = {}
  const n = rng.int(1, 2)
  for (let i = 0; i < n; i++) {
    switch (rng.int(0, 2)) {
      case 0: attrs.bold = rng.bool(0.7) ? true : null; break
      case 1: attrs.italic = rng.bool(0.7) ? true : null; break
      default: attrs.color = rng.bool(0.8) ? rng.pick(['#ff0000', '#00aa00', '#0000ff', '#123abc']) : null
    }
  }
  return attrs
}

const randomEmbed = rng => rng.pick([
  () => ({ image: rng.pick(['a.png', 'b.jpg', 'chart.svg']) }),
  () => ({ variable: rng.pick(['topic', 'input', 'lang']) }),
  () => ({ mention: { id: rng.int(1, 99), name: randomString(rng, 2) } })
])()

const hex = (rng, n) => {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)]
  return s
}
const uuid = rng => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`

// ---- nested types created whole (prelim) -----------------------------------------------------------

const prelimText = rng => new Y.Text(rng.bool(0.2) ? '' : randomString(rng, 3))

const prelimAssertion = rng => {
  const m = new Y.Map()
  m.set('type', rng.pick(['contains', 'equals', 'llm-rubric', 'similar']))
  m.set('value', rng.bool(0.3) ? new Y.Text(randomString(rng, 2)) : randomString(rng, 2))
  if (rng.bool()) m.set('threshold', randomNumber(rng))
  if (rng.bool(0.3)) m.set('weight', rng.int(1, 5))
  return m
}

/** A test case as the card has it: id, name (Y.Text), vars (Y.Map of Y.Text), expected, assert (Y.Array<Y.Map>). */
const prelimTestCase = rng => {
  const tc = new Y.Map()
  tc.set('id', uuid(rng))
  tc.set('name', prelimText(rng))
  const vars = new Y.Map()
  const nvars = rng.int(0, 3)
  for (let i = 0; i < nvars; i++) vars.set(rng.pick(['topic', 'input', 'lang', 'tone']), prelimText(rng))
  tc.set('vars', vars)
  if (rng.bool(0.7)) tc.set('expected', prelimText(rng))
  const asserts = new Y.Array()
  const nasserts = rng.int(0, 2)
  for (let i = 0; i < nasserts; i++) asserts.push([prelimAssertion(rng)])
  tc.set('assert', asserts)
  return tc
}

/** A run as the server writes it: plain fields, a summary object and results (Y.Map of Y.Map with a Y.Text output). */
const prelimRun = rng => {
  const run = new Y.Map()
  run.set('status', rng.pick(['queued', 'running', 'passed', 'failed']))
  run.set('model', rng.pick(['gpt-4o-mini', 'llama3']))
  run.set('startedAt', '2025-01-0' + rng.int(1, 9) + 'T10:00:00Z')
  run.set('summary', { passed: rng.int(0, 5), failed: rng.int(0, 5), costUsd: randomNumber(rng) })
  const results = new Y.Map()
  const n = rng.int(0, 2)
  for (let i = 0; i < n; i++) {
    const r = new Y.Map()
    r.set('status', 'running')
    r.set('output', prelimText(rng))
    r.set('assertions', [{ type: 'contains', pass: rng.bool(), score: randomNumber(rng) }])
    results.set(uuid(rng).slice(0, 8), r)
  }
  run.set('results', results)
  return run
}

/** Any nested type, created whole with children. */
const randomPrelimType = rng => {
  switch (rng.int(0, 5)) {
    case 0: return prelimText(rng)
    case 1: {
      const m = new Y.Map()
      const n = rng.int(0, 3)
      for (let i = 0; i < n; i++) m.set(rng.pick(OBJECT_KEYS), rng.bool(0.3) ? prelimText(rng) : randomJson(rng, 1))
      return m
    }
    case 2: {
      const a = new Y.Array()
      a.push(randomArrayContent(rng, 1))
      return a
    }
    case 3: return prelimAssertion(rng)
    default: return prelimTestCase(rng)
  }
}

/** Values for an array insert: JSON values mixed with nested types (Yjs packs runs of JSON into one item). */
const randomArrayContent = (rng, depth = 0) => {
  const out = []
  const n = rng.int(1, 4)
  for (let i = 0; i < n; i++) {
    out.push(depth < 1 && rng.bool(0.25) ? randomPrelimType(rng) : rng.bool(0.05) ? randomBinary(rng) : randomJson(rng, 1))
  }
  return out
}

// ---- operations -------------------------------------------------------------------------------------

/** Every live type of the doc, top-level first, then nested ones depth-first (map keys sorted). */
const collectTypes = doc => {
  const out = []
  const visit = (type, path) => {
    out.push({ type, path })
    if (type instanceof Y.Map) {
      Array.from(type.keys()).sort().forEach(k => {
        const v = type.get(k)
        if (v instanceof Y.AbstractType) visit(v, path + '.' + k)
      })
    } else if (type instanceof Y.Array) {
      type.toArray().forEach((v, i) => {
        if (v instanceof Y.AbstractType) visit(v, path + '[' + i + ']')
      })
    }
  }
  TEXTS.forEach(n => visit(doc.getText(n), n))
  MAPS.forEach(n => visit(doc.getMap(n), n))
  ARRAYS.forEach(n => visit(doc.getArray(n), n))
  return out
}

const MODEL_KEYS = ['provider', 'model', 'temperature', 'maxTokens', 'topP', 'stop', 'extra']

// True when index falls between the two halves of a surrogate pair.
const splitsPair = (str, index) => {
  const c = str.charCodeAt(index - 1)
  return index > 0 && index < str.length && c >= 0xd800 && c <= 0xdbff
}

// Moves index off the middle of a surrogate pair (to the pair's start). Yjs itself diverges when a local
// operation that emits nothing (a format that changes nothing) splits a pair: the splitting replica
// replaces both halves with U+FFFD, the others keep the emoji. Positions are therefore snapped unless
// options.splitSurrogates is set.
const snap = (str, index, options) => !options.splitSurrogates && splitsPair(str, index) ? index - 1 : index

// A random range [index, index + n) of a non-empty text, n <= max, with snapped ends.
const randomRange = (rng, str, max, options) => {
  const index = snap(str, rng.int(0, str.length - 1), options)
  let end = index + rng.int(1, Math.min(str.length - index, max))
  if (!options.splitSurrogates && splitsPair(str, end)) end++
  return [index, end - index]
}

const textOp = (rng, text, path, options) => {
  const len = text.length
  // toString() holds only the string content; embeds count 1 in indexes. Build a string with the same
  // UTF-16 layout (an embed becomes one plain char) to find surrogate pairs.
  const str = len === 0 ? '' : text.toDelta().map(d => typeof d.insert === 'string' ? d.insert : '_').join('')
  const r = rng.int(0, 99)
  if (r < 40 || len === 0) {
    // typing at the end (or the start) is common, and makes concurrent inserts at one position
    const index = snap(str, rng.bool(0.3) ? (rng.bool(0.7) ? len : 0) : rng.int(0, len), options)
    const s = randomString(rng)
    if (rng.bool(0.25)) {
      const attrs = randomAttributes(rng)
      text.insert(index, s, attrs)
      return `${path}.insert(${index}, ${JSON.stringify(s)}, ${JSON.stringify(attrs)})`
    }
    text.insert(index, s)
    return `${path}.insert(${index}, ${JSON.stringify(s)})`
  } else if (r < 70) {
    const [index, n] = randomRange(rng, str, rng.bool(0.8) ? 3 : 20, options)
    text.delete(index, n)
    return `${path}.delete(${index}, ${n})`
  } else if (r < 90) {
    const [index, n] = randomRange(rng, str, 10, options)
    const attrs = randomAttributes(rng)
    text.format(index, n, attrs)
    return `${path}.format(${index}, ${n}, ${JSON.stringify(attrs)})`
  } else {
    const index = snap(str, rng.int(0, len), options)
    const embed = randomEmbed(rng)
    if (rng.bool(0.3)) {
      const attrs = randomAttributes(rng)
      text.insertEmbed(index, embed, attrs)
      return `${path}.insertEmbed(${index}, ${JSON.stringify(embed)}, ${JSON.stringify(attrs)})`
    }
    text.insertEmbed(index, embed)
    return `${path}.insertEmbed(${index}, ${JSON.stringify(embed)})`
  }
}

const mapOp = (rng, map, path) => {
  const keys = Array.from(map.keys()).sort()
  const r = rng.int(0, 99)
  if (r < 20 && keys.length > 0) {
    const key = rng.pick(keys)
    map.delete(key)
    return `${path}.delete(${JSON.stringify(key)})`
  }
  let key
  if (path === 'model') key = rng.pick(MODEL_KEYS)
  else if (path === 'runs') key = 'run-' + rng.int(1, 6)
  else key = keys.length > 0 && rng.bool(0.5) ? rng.pick(keys) : rng.pick(OBJECT_KEYS)
  if (path === 'runs' || rng.bool(0.2)) {
    const value = path === 'runs' ? prelimRun(rng) : randomPrelimType(rng)
    map.set(key, value)
    return `${path}.set(${JSON.stringify(key)}, new ${value.constructor.name}(${JSON.stringify(value.toJSON())}))`
  }
  const value = rng.bool(0.05) ? randomBinary(rng) : randomJson(rng)
  map.set(key, value)
  return `${path}.set(${JSON.stringify(key)}, ${JSON.stringify(value)})`
}

const describeContent = content => '[' + content.map(c => c instanceof Y.AbstractType ? 'new ' + c.constructor.name + '(' + JSON.stringify(c.toJSON()) + ')' : JSON.stringify(c)).join(', ') + ']'

const arrayOp = (rng, array, path) => {
  const len = array.length
  const r = rng.int(0, 99)
  if (r < 30 && len > 0) {
    const index = rng.int(0, len - 1)
    const n = rng.int(1, Math.min(len - index, 3))
    array.delete(index, n)
    return `${path}.delete(${index}, ${n})`
  }
  const content = path === 'tests' && rng.bool(0.6) ? [prelimTestCase(rng)] : randomArrayContent(rng)
  // described after the insert: reading a prelim type makes Yjs log a warning
  if (r < 55) {
    array.push(content)
    return `${path}.push(${describeContent(content)})`
  } else if (r < 65) {
    array.unshift(content)
    return `${path}.unshift(${describeContent(content)})`
  }
  const index = rng.int(0, len)
  array.insert(index, content)
  return `${path}.insert(${index}, ${describeContent(content)})`
}

const randomOp = (rng, doc, options) => {
  const types = collectTypes(doc)
  // half of the ops go to a top-level type, the other half to any type (mostly nested ones once they exist)
  const { type, path } = rng.bool(0.5) ? types[rng.int(0, TEXTS.length + MAPS.length + ARRAYS.length - 1)] : rng.pick(types)
  if (type instanceof Y.Text) return textOp(rng, type, path, options)
  if (type instanceof Y.Map) return mapOp(rng, type, path)
  if (type instanceof Y.Array) return arrayOp(rng, type, path)
  throw new Error('unexpected type at ' + path)
}

/**
 * Applies count random operations to doc, seeded by seed. Returns one description per op ("tx{" / "}"
 * mark grouped transactions).
 *
 * @param {Y.Doc} doc
 * @param {number} seed
 * @param {number} count
 * @param {{splitSurrogates?: boolean}} [options] splitSurrogates: let op boundaries fall inside surrogate pairs
 * @return {Array<string>}
 */
export function applyRandomOps (doc, seed, count, options = {}) {
  const rng = createPrng(seed)
  const trace = []
  defineCardTypes(doc)
  let done = 0
  while (done < count) {
    if (count - done >= 2 && rng.bool(0.2)) {
      const n = rng.int(2, Math.min(4, count - done))
      doc.transact(() => {
        trace.push('tx{')
        for (let i = 0; i < n; i++) trace.push(randomOp(rng, doc, options))
        trace.push('}')
      })
      done += n
    } else {
      doc.transact(() => { trace.push(randomOp(rng, doc, options)) })
      done++
    }
  }
  return trace
}
