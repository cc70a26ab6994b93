/**
 * The prompt card document (ARCHITECTURE.md, "The prompt card document"): the names of its top-level types
 * and the few structural edits the editor makes. Top-level types exist on every replica by name;
 * nested types (a test case, an assertion) are created whole, with their children, in one
 * transaction, so that two people never each create their own.
 */
import * as Y from 'yjs'
import { newAssertion, type AssertionFields } from './assertions'

/** The card's top-level types, as every replica names them. */
export interface Card {
  doc: Y.Doc
  title: Y.Text
  description: Y.Text
  system: Y.Text
  template: Y.Text
  /** provider, model, temperature, maxTokens (plain values) */
  model: Y.Map<unknown>
  /** one Y.Map per test case */
  tests: Y.Array<Y.Map<unknown>>
  /** written by the server only */
  runs: Y.Map<Y.Map<unknown>>
}

export function cardOf(doc: Y.Doc): Card {
  return {
    doc,
    title: doc.getText('title'),
    description: doc.getText('description'),
    system: doc.getText('system'),
    template: doc.getText('template'),
    model: doc.getMap('model'),
    tests: doc.getArray('tests'),
    runs: doc.getMap('runs'),
  }
}

/** Reads a test case's fields, tolerating a map that another client wrote incompletely. */
export function testFields(test: Y.Map<unknown>): {
  id: string
  name: Y.Text | undefined
  vars: Y.Map<Y.Text> | undefined
  expected: Y.Text | undefined
  assert: Y.Array<Y.Map<unknown>> | undefined
} {
  const id = test.get('id')
  return {
    id: typeof id === 'string' ? id : '',
    name: asType(test.get('name'), Y.Text),
    vars: asType(test.get('vars'), Y.Map) as Y.Map<Y.Text> | undefined,
    expected: asType(test.get('expected'), Y.Text),
    assert: asType(test.get('assert'), Y.Array) as Y.Array<Y.Map<unknown>> | undefined,
  }
}

function asType<T>(value: unknown, type: new (...args: never[]) => T): T | undefined {
  return value instanceof type ? value : undefined
}

/**
 * Appends a new test case, created whole: id, name, a Y.Text for each variable, expected output,
 * an empty assertion list.
 */
export function addTestCase(card: Card, variables: string[], name = ''): Y.Map<unknown> {
  const test = new Y.Map<unknown>()
  card.doc.transact(() => {
    test.set('id', crypto.randomUUID())
    test.set('name', new Y.Text(name))
    const vars = new Y.Map<Y.Text>()
    for (const variable of variables) vars.set(variable, new Y.Text())
    test.set('vars', vars)
    test.set('expected', new Y.Text())
    test.set('assert', new Y.Array<Y.Map<unknown>>())
    card.tests.push([test])
  })
  return test
}

/** Removes a test case (nothing when it is no longer in the list). */
export function removeTestCase(card: Card, test: Y.Map<unknown>): void {
  const index = card.tests.toArray().indexOf(test)
  if (index >= 0) card.tests.delete(index, 1)
}

/** Whether a test case holds anything typed: a name, a value, an expected output or an assertion. */
export function testHasContent(test: Y.Map<unknown>): boolean {
  const { name, vars, expected, assert } = testFields(test)
  const typed = (text: Y.Text | undefined) => text !== undefined && text.length > 0
  return typed(name) || typed(expected) || (assert?.length ?? 0) > 0 || [...(vars?.values() ?? [])].some((value) => value instanceof Y.Text && typed(value))
}

/**
 * Moves a test case by one place. Yjs has no move: the case is deleted and a deep copy (same id)
 * inserted in one transaction. An edit someone makes to the old copy at that very moment is lost.
 *
 * @return the copy now in the list, or undefined when the move is not possible
 */
export function moveTestCase(card: Card, test: Y.Map<unknown>, by: -1 | 1): Y.Map<unknown> | undefined {
  const from = card.tests.toArray().indexOf(test)
  const to = from + by
  if (from < 0 || to < 0 || to >= card.tests.length) return undefined
  const copy = test.clone()
  card.doc.transact(() => {
    card.tests.delete(from, 1)
    card.tests.insert(to, [copy])
  })
  return copy
}

/**
 * The Y.Text of a variable's value in a test case, created on first use (a variable added to the
 * template after the case was created has none yet). Should two people create it at the same
 * moment, one Y.Text wins; {@link keepLosingVariableText} puts the loser's text into the winner.
 */
export function variableText(card: Card, test: Y.Map<unknown>, variable: string): Y.Text | undefined {
  const vars = testFields(test).vars
  if (vars === undefined) return undefined
  const existing = vars.get(variable)
  if (existing instanceof Y.Text) return existing
  const text = new Y.Text()
  card.doc.transact(() => vars.set(variable, text))
  keepLosingVariableText(vars, variable, text)
  return text
}

/**
 * Watches a variable's Y.Text that this client created: if a concurrent creation replaces it, its
 * content (typed before the other one arrived) is appended to the winning Y.Text.
 */
function keepLosingVariableText(vars: Y.Map<Y.Text>, variable: string, created: Y.Text): void {
  // Deleting a type deletes its content too, so its text is recorded while it still stands.
  let typed = ''
  const record = () => {
    typed = created.toString()
  }
  const watch = (event: Y.YMapEvent<Y.Text>) => {
    if (!event.keysChanged.has(variable)) return
    vars.unobserve(watch)
    created.unobserve(record)
    const winner = vars.get(variable)
    if (winner instanceof Y.Text && winner !== created && typed.length > 0) {
      const lost = typed
      // Not inside the observer's transaction: a new one, after this event.
      queueMicrotask(() => winner.insert(winner.length, lost))
    }
  }
  created.observe(record)
  vars.observe(watch)
}

/** Appends a new assertion (created whole) to a test case. */
export function addAssertion(card: Card, test: Y.Map<unknown>): Y.Map<unknown> | undefined {
  const list = testFields(test).assert
  if (list === undefined) return undefined
  const assertion = new Y.Map<unknown>()
  card.doc.transact(() => {
    for (const [key, value] of Object.entries(newAssertion())) assertion.set(key, value)
    list.push([assertion])
  })
  return assertion
}

/** An assertion's plain fields as they stand in the document. */
export function assertionFields(assertion: Y.Map<unknown>): AssertionFields {
  const type = assertion.get('type')
  const value = assertion.get('value')
  const threshold = assertion.get('threshold')
  const weight = assertion.get('weight')
  return {
    type: typeof type === 'string' ? type : '',
    value: typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value),
    threshold: typeof threshold === 'number' ? threshold : undefined,
    weight: typeof weight === 'number' ? weight : undefined,
  }
}

/** Writes changed fields of an assertion in one transaction; a key given as undefined is deleted. */
export function updateAssertion(card: Card, assertion: Y.Map<unknown>, changes: Partial<Record<string, unknown>>): void {
  card.doc.transact(() => {
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) assertion.delete(key)
      else if (assertion.get(key) !== value) assertion.set(key, value)
    }
  })
}
