import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAssertion, addTestCase, cardOf, removeTestCase, testFields, testHasContent, updateAssertion, type Card } from './schema'
import { CardUndo } from './undo'

/**
 * Two people on one card: two Y.Docs that pass every update to each other at once, applied with the
 * origin a provider gives them (an object of its own, as y-websocket passes itself).
 */
const twoPeople = (): { a: Card; b: Card; undoA: CardUndo; undoB: CardUndo } => {
  const docA = new Y.Doc()
  const docB = new Y.Doc()
  const providerA = { name: 'provider of a' }
  const providerB = { name: 'provider of b' }
  docA.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== providerA) Y.applyUpdate(docB, update, providerB)
  })
  docB.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== providerB) Y.applyUpdate(docA, update, providerA)
  })
  const a = cardOf(docA)
  const b = cardOf(docB)
  return { a, b, undoA: new CardUndo(a), undoB: new CardUndo(b) }
}

/** The card's test cases as plain values, the same on every replica that has the same updates. */
const testsOf = (card: Card) =>
  card.tests.toArray().map((test) => {
    const { id, name, vars, expected, assert } = testFields(test)
    return {
      id,
      name: name?.toString(),
      vars: Object.fromEntries([...(vars?.entries() ?? [])].map(([key, value]) => [key, value.toString()])),
      expected: expected?.toString(),
      assert: assert?.toArray().map((assertion) => assertion.toJSON()),
    }
  })

describe('undo of a card', () => {
  it("takes back only this person's typing, in the title and the template, never the other's", () => {
    const { a, b, undoA, undoB } = twoPeople()
    a.template.insert(0, 'Summarize {{text}}.')
    undoA.stopCapturing()
    b.template.insert(a.template.length, ' Be brief.')
    a.title.insert(0, 'Summary')
    expect(b.template.toString()).toBe('Summarize {{text}}. Be brief.')

    expect(undoA.undo()).toBe(true)
    expect(a.title.toString()).toBe('')
    expect(undoA.undo()).toBe(true)
    expect(b.template.toString()).toBe(' Be brief.')
    expect(a.template.toString()).toBe(' Be brief.')
    expect(undoA.undo()).toBe(false)

    expect(undoA.redo()).toBe(true)
    expect(b.template.toString()).toBe('Summarize {{text}}. Be brief.')
    expect(undoB.undo()).toBe(true)
    expect(a.template.toString()).toBe('Summarize {{text}}.')
  })

  it('brings a deleted test case back whole, with its assertions and the other person’s edits in it', () => {
    const { a, b, undoA } = twoPeople()
    const test = addTestCase(a, ['text'], 'short')
    testFields(test).vars!.get('text')!.insert(0, 'The quick brown fox.')
    const assertion = addAssertion(a, test)!
    updateAssertion(a, assertion, { type: 'icontains', value: 'fox' })
    // b adds a second assertion and an expected output to the same case
    const bTest = b.tests.get(0)
    addAssertion(b, bTest)
    testFields(bTest).expected!.insert(0, 'A fox.')
    const whole = testsOf(a)
    expect(whole[0].assert).toHaveLength(2)

    const deletion = undoA.step(() => removeTestCase(a, test))
    expect(deletion).toBeDefined()
    expect(testsOf(b)).toEqual([])

    expect(undoA.undo()).toBe(true)
    expect(testsOf(a)).toEqual(whole)
    expect(testsOf(b)).toEqual(whole)
  })

  it('takes back an added test case and an added assertion, each a step of its own', () => {
    const { a, b, undoA } = twoPeople()
    const test = undoA.step(() => addTestCase(a, ['text'], 'kept'))
    expect(test).toBeDefined()
    undoA.step(() => addAssertion(a, a.tests.get(0)))
    undoA.step(() => addTestCase(a, [], 'added'))
    expect(testsOf(b).map((t) => [t.name, t.assert?.length])).toEqual([['kept', 1], ['added', 0]])

    undoA.undo()
    expect(testsOf(b).map((t) => [t.name, t.assert?.length])).toEqual([['kept', 1]])
    undoA.undo()
    expect(testsOf(b).map((t) => [t.name, t.assert?.length])).toEqual([['kept', 0]])
  })

  it("takes back a changed assertion type, value and weight, and the model's fields, but not a value the other has set since", () => {
    const { a, b, undoA } = twoPeople()
    const test = addTestCase(a, [], 'case')
    const assertion = addAssertion(a, test)!
    a.model.set('provider', 'openai')
    a.model.set('model', 'gpt-4o-mini')
    undoA.stopCapturing()
    undoA.step(() => updateAssertion(a, assertion, { type: 'regex', value: '^fox', weight: 2 }))
    a.model.set('temperature', 0.2)
    undoA.stopCapturing()
    a.model.set('provider', 'anthropic')
    undoA.stopCapturing()
    a.model.set('model', 'claude')
    b.model.set('model', 'llama3')

    // a's model name, which b has set since, is skipped: the step before it is taken back
    undoA.undo()
    expect(b.model.get('model')).toBe('llama3')
    expect(b.model.get('provider')).toBe('openai')
    undoA.undo()
    expect(b.model.has('temperature')).toBe(false)
    undoA.undo()
    expect(testsOf(b)[0].assert).toEqual([{ type: 'contains', value: '', weight: 1 }])
    expect(b.model.get('model')).toBe('llama3')
  })

  it('takes back one deletion on its own, with later changes of this person kept', () => {
    const { a, b, undoA } = twoPeople()
    addTestCase(a, [], 'first')
    addTestCase(a, [], 'second')
    const deletion = undoA.step(() => removeTestCase(a, a.tests.get(0)))!
    a.description.insert(0, 'typed after the deletion')

    expect(undoA.undoStep(deletion)).toBe(true)
    expect(testsOf(b).map((t) => t.name)).toEqual(['first', 'second'])
    expect(b.description.toString()).toBe('typed after the deletion')
    expect(undoA.undoStep(deletion)).toBe(false)
    expect(undoA.undo()).toBe(true)
    expect(b.description.toString()).toBe('')
  })

  it('groups typing that comes in a burst into one step', () => {
    const { a, undoA } = twoPeople()
    for (const character of 'hello') a.system.insert(a.system.length, character)
    undoA.stopCapturing()
    for (const character of ' world') a.system.insert(a.system.length, character)
    undoA.undo()
    expect(a.system.toString()).toBe('hello')
  })

  it('leaves the runs alone: the server writes them', () => {
    const { a, undoA } = twoPeople()
    a.runs.set('run-1', new Y.Map())
    expect(undoA.undo()).toBe(false)
    expect(a.runs.has('run-1')).toBe(true)
  })
})

describe('a test case has content', () => {
  it('when anything in it is typed or it has an assertion', () => {
    const card = cardOf(new Y.Doc())
    const empty = addTestCase(card, ['text'])
    expect(testHasContent(empty)).toBe(false)
    testFields(addTestCase(card, ['text'])).vars!.get('text')!.insert(0, 'x')
    testFields(addTestCase(card, [])).expected!.insert(0, 'x')
    addAssertion(card, addTestCase(card, []))
    const named = addTestCase(card, [], 'named')
    expect(card.tests.toArray().slice(1).map(testHasContent)).toEqual([true, true, true, true])
    expect(testHasContent(named)).toBe(true)
  })
})
