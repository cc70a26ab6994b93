import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addAssertion,
  addTestCase,
  assertionFields,
  cardOf,
  moveTestCase,
  removeTestCase,
  testFields,
  updateAssertion,
  variableText,
} from './schema'

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('test cases', () => {
  it('are created whole in one update, with a Y.Text per variable', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const test = addTestCase(cardOf(doc), ['text', 'lang'], 'first')
    expect(updates).toHaveLength(1)
    const fields = testFields(test)
    expect(fields.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(fields.name?.toString()).toBe('first')
    expect([...(fields.vars?.keys() ?? [])]).toEqual(['text', 'lang'])
    expect(fields.expected?.toString()).toBe('')
    expect(fields.assert?.length).toBe(0)
  })

  it('move by one place keeping id and content, and stop at the ends', () => {
    const card = cardOf(new Y.Doc())
    const a = addTestCase(card, ['x'], 'a')
    const id = testFields(a).id
    addTestCase(card, ['x'], 'b')
    testFields(a).vars?.get('x')?.insert(0, 'value')
    expect(moveTestCase(card, a, -1)).toBeUndefined()
    const moved = moveTestCase(card, a, 1)!
    expect(card.tests.toArray().map((test) => testFields(test).name?.toString())).toEqual(['b', 'a'])
    expect(testFields(moved).id).toBe(id)
    expect(testFields(moved).vars?.get('x')?.toString()).toBe('value')
    expect(moveTestCase(card, moved, 1)).toBeUndefined()
  })

  it('are removed by identity', () => {
    const card = cardOf(new Y.Doc())
    const a = addTestCase(card, [], 'a')
    addTestCase(card, [], 'b')
    removeTestCase(card, a)
    expect(card.tests.toArray().map((test) => testFields(test).name?.toString())).toEqual(['b'])
  })
})

describe('variableText', () => {
  it('returns the existing Y.Text, or creates one for a variable added later', () => {
    const card = cardOf(new Y.Doc())
    const test = addTestCase(card, ['text'])
    expect(variableText(card, test, 'text')).toBe(testFields(test).vars?.get('text'))
    const created = variableText(card, test, 'lang')!
    expect(testFields(test).vars?.get('lang')).toBe(created)
  })

  it('keeps the text typed into a concurrently created value that lost', async () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const cardA = cardOf(a)
    const cardB = cardOf(b)
    addTestCase(cardA, [])
    sync(a, b)
    variableText(cardA, cardA.tests.get(0), 'lang')!.insert(0, 'fr')
    variableText(cardB, cardB.tests.get(0), 'lang')!.insert(0, 'de')
    sync(a, b)
    await Promise.resolve()
    sync(a, b)
    const valueA = testFields(cardA.tests.get(0)).vars!.get('lang')!.toString()
    const valueB = testFields(cardB.tests.get(0)).vars!.get('lang')!.toString()
    expect(valueA).toBe(valueB)
    expect([...valueA].sort().join('')).toBe('defr')
    expect(['defr', 'frde']).toContain(valueA)
  })
})

describe('assertions', () => {
  it('are added whole with the default fields and updated in one transaction', () => {
    const card = cardOf(new Y.Doc())
    const test = addTestCase(card, [])
    const assertion = addAssertion(card, test)!
    expect(assertionFields(assertion)).toEqual({ type: 'contains', value: '', threshold: undefined, weight: 1 })
    let transactions = 0
    card.doc.on('afterTransaction', () => transactions++)
    updateAssertion(card, assertion, { type: 'latency', value: undefined, threshold: 5000 })
    expect(transactions).toBe(1)
    expect(assertion.toJSON()).toEqual({ type: 'latency', threshold: 5000, weight: 1 })
  })
})
