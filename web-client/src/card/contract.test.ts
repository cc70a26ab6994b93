/**
 * The card document contract between this client and the server's Java schema
 * (dev.promptcards.card.schema): both read and write the same document, through real Yjs.
 *
 * Always: a card written by this client's structural edits (schema.ts), with a run written as the
 * server writes one, reads back on another replica exactly as expected (schema.ts, runs.ts).
 *
 * With PROMPTCARDS_CARD_CONTRACT_DIR set (by the server's CardSchemaContractTest, which runs this file
 * alone): reads java-card.bin (an update written by the Java writers) and writes what these readers
 * read of it to java-card.read.json; writes the card above to ts-card.bin and what these readers read
 * of it to ts-card.read.json. The Java test compares both ways.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runFields, runResults, sortedRuns } from './runs'
import { addAssertion, addTestCase, assertionFields, cardOf, testFields, updateAssertion, variableText } from './schema'

/** Everything the client's readers read of a card, as JSON (absent values left out). */
function readCard(doc: Y.Doc): unknown {
  const card = cardOf(doc)
  return {
    title: card.title.toString(),
    description: card.description.toString(),
    system: card.system.toString(),
    template: card.template.toString(),
    model: card.model.toJSON(),
    tests: card.tests
      .toArray()
      .filter((test) => test instanceof Y.Map)
      .map((test) => {
        const fields = testFields(test)
        return {
          id: fields.id,
          name: fields.name?.toString(),
          vars:
            fields.vars === undefined
              ? undefined
              : Object.fromEntries([...fields.vars.entries()].filter(([, text]) => text instanceof Y.Text).map(([name, text]) => [name, text.toString()])),
          expected: fields.expected?.toString(),
          assert: fields.assert
            ?.toArray()
            .filter((assertion) => assertion instanceof Y.Map)
            .map((assertion) => ({ ...assertionFields(assertion), stored: assertion.get('value') })),
          threshold: test.get('threshold'),
        }
      }),
    runs: sortedRuns(card.runs).map(([id, run]) => ({ id, ...runFields(run), results: runResults(run) })),
  }
}

/** A card written the way this client edits one, with two runs written the way the server writes them. */
function writeCard(): Y.Doc {
  const doc = new Y.Doc()
  const card = cardOf(doc)
  card.title.insert(0, 'Greeter')
  card.description.insert(0, 'Says hello — politely 👋')
  card.system.insert(0, 'You are kind.')
  card.template.insert(0, 'Greet {{name}} in {{lang}}.')
  doc.transact(() => {
    card.model.set('provider', 'echo')
    card.model.set('model', 'echo-1')
    card.model.set('temperature', 0.2)
    card.model.set('maxTokens', 512)
  })

  const first = addTestCase(card, ['name', 'lang'], 'formal')
  testFields(first).vars!.get('name')!.insert(0, 'Ada')
  testFields(first).vars!.get('lang')!.insert(0, 'French')
  testFields(first).expected!.insert(0, 'Bonjour Ada')
  const contains = addAssertion(card, first)!
  updateAssertion(card, contains, { value: 'Bonjour' })
  const similar = addAssertion(card, first)!
  updateAssertion(card, similar, { type: 'contains-any', value: ['Bonjour', 'Salut'], threshold: 0.5, weight: 2.5 })
  first.set('threshold', 0.75)

  const second = addTestCase(card, ['name'], '')
  variableText(card, second, 'mood')!.insert(0, 'grumpy')
  addAssertion(card, second)
  const secondId = testFields(second).id
  const firstId = testFields(first).id

  // A run as the server writes it: created whole, results created whole, output streamed, then figures.
  const run = new Y.Map<unknown>()
  doc.transact(() => {
    run.set('status', 'queued')
    run.set('provider', 'echo')
    run.set('model', 'echo-1')
    run.set('by', 'ada@example.com')
    run.set('startedAt', '2026-12-07T10:00:00.000Z')
    run.set('stateVector', 'AQIDBA==')
    run.set('results', new Y.Map())
    card.runs.set('run-older', run)
  })
  const results = run.get('results') as Y.Map<Y.Map<unknown>>
  doc.transact(() => {
    const result = new Y.Map<unknown>()
    result.set('status', 'running')
    result.set('output', new Y.Text())
    results.set(firstId, result)
  })
  const output = results.get(firstId)!.get('output') as Y.Text
  for (const token of ['Bonjour', ' Ada', ' !']) output.insert(output.length, token)
  doc.transact(() => {
    const result = results.get(firstId)!
    result.set('status', 'passed')
    result.set('pass', true)
    result.set('score', 0.875)
    result.set('assertions', [
      { type: 'contains', pass: true, score: 1, reason: 'found "Bonjour"' },
      { type: 'contains-any', pass: false, score: 0 },
    ])
    result.set('latencyMs', 42)
    result.set('tokensIn', 7)
    result.set('tokensOut', 3)
    result.set('costUsd', 0.00125)
  })
  doc.transact(() => {
    const result = new Y.Map<unknown>()
    result.set('status', 'error')
    result.set('output', new Y.Text())
    result.set('error', 'the provider answered 500')
    results.set(secondId, result)
  })
  doc.transact(() => {
    run.set('status', 'failed')
    run.set('finishedAt', '2026-12-07T10:00:03.500Z')
    run.set('summary', { passed: 1, failed: 0, errors: 1, tokensIn: 7, tokensOut: 3, costUsd: 0.00125, latencyMsP50: 42 })
  })

  // A run that ended early says why, under its own `error`.
  doc.transact(() => {
    const cancelled = new Y.Map<unknown>()
    cancelled.set('status', 'queued')
    cancelled.set('provider', 'echo')
    cancelled.set('model', 'echo-1')
    cancelled.set('by', 'grace@example.com')
    cancelled.set('startedAt', '2026-12-07T11:00:00.000Z')
    cancelled.set('stateVector', 'AQ==')
    cancelled.set('results', new Y.Map())
    card.runs.set('run-cancelled', cancelled)
  })
  doc.transact(() => {
    const cancelled = card.runs.get('run-cancelled')!
    cancelled.set('status', 'cancelled')
    cancelled.set('finishedAt', '2026-12-07T11:00:01.000Z')
    cancelled.set('summary', { passed: 0, failed: 0, errors: 0, tokensIn: 0, tokensOut: 0 })
    cancelled.set('error', 'cancelled by grace@example.com')
  })

  doc.transact(() => {
    const newer = new Y.Map<unknown>()
    newer.set('status', 'running')
    newer.set('provider', 'openai')
    newer.set('model', 'gpt-4o-mini')
    newer.set('by', 'grace@example.com')
    newer.set('startedAt', '2026-12-07T11:30:00.000Z')
    newer.set('stateVector', 'BQY=')
    newer.set('results', new Y.Map())
    card.runs.set('run-newer', newer)
  })
  return doc
}

/** The same document as another replica sees it. */
function replica(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  return other
}

describe('the card document contract', () => {
  it('a card written by the client and the server reads back whole on another replica', () => {
    const doc = writeCard()
    const [first, second] = cardOf(doc).tests.toArray().map((test) => testFields(test).id)
    expect(readCard(replica(doc))).toEqual({
      title: 'Greeter',
      description: 'Says hello — politely 👋',
      system: 'You are kind.',
      template: 'Greet {{name}} in {{lang}}.',
      model: { provider: 'echo', model: 'echo-1', temperature: 0.2, maxTokens: 512 },
      tests: [
        {
          id: first,
          name: 'formal',
          vars: { name: 'Ada', lang: 'French' },
          expected: 'Bonjour Ada',
          assert: [
            { type: 'contains', value: 'Bonjour', threshold: undefined, weight: 1, stored: 'Bonjour' },
            { type: 'contains-any', value: '["Bonjour","Salut"]', threshold: 0.5, weight: 2.5, stored: ['Bonjour', 'Salut'] },
          ],
          threshold: 0.75,
        },
        {
          id: second,
          name: '',
          vars: { name: '', mood: 'grumpy' },
          expected: '',
          assert: [{ type: 'contains', value: '', threshold: undefined, weight: 1, stored: '' }],
          threshold: undefined,
        },
      ],
      runs: [
        {
          id: 'run-newer',
          status: 'running',
          provider: 'openai',
          model: 'gpt-4o-mini',
          by: 'grace@example.com',
          startedAt: '2026-12-07T11:30:00.000Z',
          finishedAt: undefined,
          stateVector: 'BQY=',
          summary: undefined,
          error: '',
          results: [],
        },
        {
          id: 'run-cancelled',
          status: 'cancelled',
          provider: 'echo',
          model: 'echo-1',
          by: 'grace@example.com',
          startedAt: '2026-12-07T11:00:00.000Z',
          finishedAt: '2026-12-07T11:00:01.000Z',
          stateVector: 'AQ==',
          summary: { passed: 0, failed: 0, errors: 0, tokensIn: 0, tokensOut: 0, costUsd: undefined, latencyMsP50: undefined },
          error: 'cancelled by grace@example.com',
          results: [],
        },
        {
          id: 'run-older',
          status: 'failed',
          provider: 'echo',
          model: 'echo-1',
          by: 'ada@example.com',
          startedAt: '2026-12-07T10:00:00.000Z',
          finishedAt: '2026-12-07T10:00:03.500Z',
          stateVector: 'AQIDBA==',
          summary: { passed: 1, failed: 0, errors: 1, tokensIn: 7, tokensOut: 3, costUsd: 0.00125, latencyMsP50: 42 },
          error: '',
          results: [
            [
              first,
              {
                status: 'passed',
                output: 'Bonjour Ada !',
                error: '',
                pass: true,
                score: 0.875,
                assertions: [
                  { type: 'contains', pass: true, score: 1, reason: 'found "Bonjour"' },
                  { type: 'contains-any', pass: false, score: 0, reason: undefined },
                ],
                latencyMs: 42,
                tokensIn: 7,
                tokensOut: 3,
                costUsd: 0.00125,
              },
            ],
            [
              second,
              {
                status: 'error',
                output: '',
                error: 'the provider answered 500',
                pass: undefined,
                score: undefined,
                assertions: [],
                latencyMs: undefined,
                tokensIn: undefined,
                tokensOut: undefined,
                costUsd: undefined,
              },
            ],
          ],
        },
      ],
    })
  })

  const dir = process.env.PROMPTCARDS_CARD_CONTRACT_DIR
  // Only when the Java test runs this file: the files it names exist only then.
  if (dir !== undefined && dir !== '') {
    it('reads the card the Java writers wrote and writes what it read', () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, new Uint8Array(readFileSync(join(dir, 'java-card.bin'))))
      const read = readCard(doc) as { tests: unknown[]; runs: unknown[] }
      expect(read.tests.length).toBeGreaterThan(0)
      expect(read.runs.length).toBeGreaterThan(0)
      writeFileSync(join(dir, 'java-card.read.json'), JSON.stringify(read))
    })

    it('writes a card for the Java readers, with what it reads of it', () => {
      const doc = writeCard()
      writeFileSync(join(dir, 'ts-card.bin'), Y.encodeStateAsUpdate(doc))
      writeFileSync(join(dir, 'ts-card.read.json'), JSON.stringify(readCard(replica(doc))))
    })
  }
})
