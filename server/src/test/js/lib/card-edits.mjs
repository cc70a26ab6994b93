// Random edits of a prompt card (ARCHITECTURE.md, "The prompt card document"): texts, the model map, and
// the tests array of maps holding texts, a map of texts and an array of maps. Seeded, so that a
// failure names a seed that replays the same edits.

import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export const prng = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['Summarize', '{{text}}', 'in', 'one', 'sentence', 'for', '{{audience}}', 'politely', 'JSON', 'only', 'ünïcödé', 'tab\t', 'line\n']
const MODEL_KEYS = ['provider', 'model', 'temperature', 'maxTokens']
const MODEL_VALUES = ['openai', 'ollama', 'gpt-4o-mini', 0.2, 0.7, 256, 1024, true, null, { nested: [1, 'two'] }]

const pick = (random, list) => list[Math.floor(random() * list.length)]
const int = (random, bound) => Math.floor(random() * bound)

/** A new test case, created whole (with all its nested types) before it is inserted. */
const newTestCase = (random, label) => {
  const testCase = new Y.Map()
  testCase.set('id', randomUUID())
  testCase.set('name', new Y.Text(`case ${label}`))
  const vars = new Y.Map()
  vars.set('text', new Y.Text(pick(random, WORDS)))
  testCase.set('vars', vars)
  testCase.set('expected', new Y.Text(''))
  const asserts = new Y.Array()
  const assertion = new Y.Map()
  assertion.set('type', 'contains')
  assertion.set('value', pick(random, WORDS))
  asserts.push([assertion])
  testCase.set('assert', asserts)
  return testCase
}

// No formatting: prompt texts are plain, and Yjs replicas themselves can disagree on which
// redundant format markers their cleanup deleted after concurrent formatting (seen against a pure
// Node server: the same item deleted on one replica and kept on another).
const editText = (random, text) => {
  const length = text.length
  if (random() < 0.65 || length === 0) {
    text.insert(int(random, length + 1), pick(random, WORDS) + ' ')
  } else {
    const index = int(random, length)
    text.delete(index, 1 + int(random, Math.min(8, length - index)))
  }
}

/** Applies one random edit of the card to `doc` (as its own transaction); `label` names the author. */
export const randomEdit = (random, doc, label) => {
  const tests = doc.getArray('tests')
  const model = doc.getMap('model')
  const roll = random()
  if (roll < 0.35) {
    editText(random, doc.getText(pick(random, ['title', 'template', 'template', 'system'])))
  } else if (roll < 0.5) {
    if (random() < 0.8) model.set(pick(random, MODEL_KEYS), pick(random, MODEL_VALUES))
    else model.delete(pick(random, MODEL_KEYS))
  } else if (roll < 0.6 || tests.length === 0) {
    doc.transact(() => tests.insert(int(random, tests.length + 1), [newTestCase(random, label)]))
  } else if (roll < 0.97) {
    const testCase = tests.get(int(random, tests.length))
    const which = random()
    if (which < 0.35) {
      editText(random, testCase.get('name'))
    } else if (which < 0.6) {
      editText(random, testCase.get('expected'))
    } else if (which < 0.8) {
      const vars = testCase.get('vars')
      const names = [...vars.keys()]
      if (names.length > 0 && random() < 0.7) editText(random, vars.get(pick(random, names)))
      else vars.set(pick(random, ['text', 'audience', 'tone']), new Y.Text(pick(random, WORDS)))
    } else {
      const asserts = testCase.get('assert')
      if (asserts.length > 0 && random() < 0.3) {
        asserts.delete(int(random, asserts.length), 1)
      } else {
        doc.transact(() => {
          const assertion = new Y.Map()
          assertion.set('type', pick(random, ['contains', 'icontains', 'equals', 'llm-rubric']))
          assertion.set('value', pick(random, WORDS))
          assertion.set('weight', int(random, 5))
          asserts.insert(int(random, asserts.length + 1), [assertion])
        })
      }
    }
  } else {
    tests.delete(int(random, tests.length), 1)
  }
}

/**
 * The card as plain JSON. Names its top-level types first: a replica that never asked for a type
 * by name (a late joiner) only holds it untyped, and `doc.toJSON()` would leave it out.
 */
export const cardJson = (doc) => ({
  title: doc.getText('title').toJSON(),
  system: doc.getText('system').toJSON(),
  template: doc.getText('template').toJSON(),
  model: doc.getMap('model').toJSON(),
  tests: doc.getArray('tests').toJSON()
})
