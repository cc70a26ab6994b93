import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { gridRows, rowOrder, runHeader, testCaseIndex } from './run-grid'
import { newestActiveRun, resultKeyParts, shortRevision } from './runs'
import { addTestCase, cardOf, testFields, type Card } from './schema'

// The server's writers, as dev.promptcards.card.schema.Runs writes (each call one transaction, maps created whole).
const server = {
  create(card: Card, runId: string, start: { provider: string; model: string; by: string; startedAt: string; stateVector: string }) {
    card.doc.transact(() => {
      const run = new Y.Map<unknown>()
      run.set('status', 'queued')
      run.set('provider', start.provider)
      run.set('model', start.model)
      run.set('by', start.by)
      run.set('startedAt', start.startedAt)
      run.set('stateVector', start.stateVector)
      run.set('results', new Y.Map())
      card.runs.set(runId, run)
    })
  },
  setStatus(card: Card, runId: string, status: string) {
    card.doc.transact(() => card.runs.get(runId)!.set('status', status))
  },
  addResult(card: Card, runId: string, key: string, status: string) {
    card.doc.transact(() => {
      const result = new Y.Map<unknown>()
      result.set('status', status)
      result.set('output', new Y.Text())
      ;(card.runs.get(runId)!.get('results') as Y.Map<unknown>).set(key, result)
    })
  },
  result(card: Card, runId: string, key: string): Y.Map<unknown> {
    return (card.runs.get(runId)!.get('results') as Y.Map<Y.Map<unknown>>).get(key)!
  },
  appendOutput(card: Card, runId: string, key: string, chunk: string) {
    card.doc.transact(() => {
      const output = server.result(card, runId, key).get('output') as Y.Text
      output.insert(output.length, chunk)
    })
  },
  finishResult(card: Card, runId: string, key: string, outcome: Record<string, unknown>) {
    card.doc.transact(() => {
      const result = server.result(card, runId, key)
      for (const [field, value] of Object.entries(outcome)) result.set(field, value)
    })
  },
  finish(card: Card, runId: string, status: string, finishedAt: string, summary: Record<string, number>, error?: string) {
    card.doc.transact(() => {
      const run = card.runs.get(runId)!
      run.set('status', status)
      run.set('finishedAt', finishedAt)
      run.set('summary', summary)
      if (error !== undefined) run.set('error', error)
    })
  },
}

/** A server document and a client replica that receives every update as it happens. */
function serverAndClient(): { server: Card; client: Card } {
  const serverDoc = new Y.Doc()
  const clientDoc = new Y.Doc()
  serverDoc.on('update', (update: Uint8Array) => Y.applyUpdate(clientDoc, update))
  return { server: cardOf(serverDoc), client: cardOf(clientDoc) }
}

/** Two test cases written as the editor writes them: "formal" (name, lang) and an unnamed one (name). */
function withTests(card: Card): { formal: string; plain: string } {
  const formal = addTestCase(card, ['name', 'lang'], 'formal')
  testFields(formal).vars!.get('name')!.insert(0, 'Ada')
  testFields(formal).vars!.get('lang')!.insert(0, 'French')
  const plain = addTestCase(card, ['name'], '')
  testFields(plain).vars!.get('name')!.insert(0, 'Grace')
  return { formal: testFields(formal).id, plain: testFields(plain).id }
}

const START = { provider: 'echo', model: 'echo-1', by: 'ada@example.com', startedAt: '2026-12-07T10:00:00.000Z', stateVector: 'Zm9vYmFy' }

describe('the results grid of a run', () => {
  it('shows output streaming in on another replica, then the outcome with each assertion and its reason', () => {
    const { server: card, client } = serverAndClient()
    const { formal } = withTests(card)
    server.create(card, 'run-1', START)
    server.setStatus(card, 'run-1', 'running')
    server.addResult(card, 'run-1', formal, 'running')
    server.appendOutput(card, 'run-1', formal, 'Bonjour')
    server.appendOutput(card, 'run-1', formal, ' Ada')

    const run = () => client.runs.get('run-1')!
    const [streaming] = gridRows(run(), testCaseIndex(client.tests))
    expect(streaming).toMatchObject({ key: formal, testId: formal, status: 'running', output: 'Bonjour Ada', name: 'formal', known: true })
    expect(streaming.pass).toBeUndefined()
    expect(runHeader('run-1', run())).toMatchObject({ status: 'running', done: 0, total: 1 })

    server.appendOutput(card, 'run-1', formal, ' !')
    server.finishResult(card, 'run-1', formal, {
      status: 'failed',
      pass: false,
      score: 0.5,
      assertions: [
        { type: 'contains', pass: true, score: 1, reason: 'Assertion passed' },
        { type: 'icontains', pass: false, score: 0, reason: 'Expected output to contain "salut"' },
      ],
      latencyMs: 420,
      tokensIn: 7,
      tokensOut: 3,
      costUsd: 0.00125,
    })

    expect(gridRows(run(), testCaseIndex(client.tests))).toEqual([
      {
        key: formal,
        testId: formal,
        repeat: undefined,
        name: 'formal',
        vars: [
          ['name', 'Ada'],
          ['lang', 'French'],
        ],
        known: true,
        status: 'failed',
        output: 'Bonjour Ada !',
        error: '',
        pass: false,
        score: 0.5,
        assertions: [
          { type: 'contains', pass: true, score: 1, reason: 'Assertion passed' },
          { type: 'icontains', pass: false, score: 0, reason: 'Expected output to contain "salut"' },
        ],
        latencyMs: 420,
        tokensIn: 7,
        tokensOut: 3,
        costUsd: 0.00125,
      },
    ])
  })

  it("lists test cases in the card's order, repetitions #1..#n in order, and results of removed tests last", () => {
    const { server: card, client } = serverAndClient()
    const { formal, plain } = withTests(card)
    server.create(card, 'run-1', START)
    // written in the order the queue finished them, not the card's
    for (const key of [`${plain}#2`, 'removed-test', `${formal}#1`, `${plain}#1`, `${formal}#2`, `${plain}#3`]) server.addResult(card, 'run-1', key, 'queued')

    const rows = gridRows(client.runs.get('run-1')!, testCaseIndex(client.tests))

    expect(rows.map((row) => [row.key, row.testId, row.repeat, row.name, row.known])).toEqual([
      [`${formal}#1`, formal, 1, 'formal', true],
      [`${formal}#2`, formal, 2, 'formal', true],
      [`${plain}#1`, plain, 1, '', true],
      [`${plain}#2`, plain, 2, '', true],
      [`${plain}#3`, plain, 3, '', true],
      ['removed-test', 'removed-test', undefined, '', false],
    ])
    expect(rows[2].vars).toEqual([['name', 'Grace']])
  })

  it('follows the card when test cases are reordered', () => {
    const { server: card, client } = serverAndClient()
    const { formal, plain } = withTests(card)
    server.create(card, 'run-1', START)
    server.addResult(card, 'run-1', formal, 'queued')
    server.addResult(card, 'run-1', plain, 'queued')
    const tests = testCaseIndex(client.tests)
    expect(rowOrder([plain, formal], tests)).toEqual([formal, plain])
    // the same ids in the other order
    const reordered = new Map([...tests].map(([id, info]) => [id, { ...info, position: 1 - info.position }]))
    expect(rowOrder([formal, plain], reordered)).toEqual([plain, formal])
  })

  it("has the run's line: who ran what on which revision, how far it is, how it ended and why", () => {
    const { server: card, client } = serverAndClient()
    const { formal, plain } = withTests(card)
    server.create(card, 'run-1', START)
    server.setStatus(card, 'run-1', 'running')
    server.addResult(card, 'run-1', formal, 'running')
    server.addResult(card, 'run-1', plain, 'queued')
    server.finishResult(card, 'run-1', formal, { status: 'passed', pass: true, score: 1, assertions: [] })
    expect(runHeader('run-1', client.runs.get('run-1')!)).toEqual({
      id: 'run-1',
      status: 'running',
      provider: 'echo',
      model: 'echo-1',
      by: 'ada@example.com',
      startedAt: '2026-12-07T10:00:00.000Z',
      finishedAt: undefined,
      stateVector: 'Zm9vYmFy',
      summary: undefined,
      error: '',
      revision: 'bf9cf968',
      done: 1,
      total: 2,
    })

    server.finishResult(card, 'run-1', plain, { status: 'cancelled' })
    server.finish(card, 'run-1', 'cancelled', '2026-12-07T10:00:02.000Z', { passed: 1, failed: 0, errors: 0, tokensIn: 7, tokensOut: 3, latencyMsP50: 420 }, 'cancelled by ada@example.com')
    expect(runHeader('run-1', client.runs.get('run-1')!)).toMatchObject({
      status: 'cancelled',
      finishedAt: '2026-12-07T10:00:02.000Z',
      summary: { passed: 1, failed: 0, errors: 0, tokensIn: 7, tokensOut: 3, costUsd: undefined, latencyMsP50: 420 },
      error: 'cancelled by ada@example.com',
      done: 2,
      total: 2,
    })
  })

  it('names a result of an error with its reason and no figures', () => {
    const { server: card, client } = serverAndClient()
    const { plain } = withTests(card)
    server.create(card, 'run-1', START)
    server.addResult(card, 'run-1', plain, 'queued')
    server.finishResult(card, 'run-1', plain, { status: 'error', error: 'the test has no value for {{lang}}: add it to the test case' })
    expect(gridRows(client.runs.get('run-1')!, testCaseIndex(client.tests))[0]).toMatchObject({
      status: 'error',
      error: 'the test has no value for {{lang}}: add it to the test case',
      output: '',
      assertions: [],
      latencyMs: undefined,
      costUsd: undefined,
    })
  })
})

describe('result keys', () => {
  it('split a repetition off the test case id', () => {
    expect(resultKeyParts('3f1c6b0e-8a55-4d0b-9a51-2b1f0c8e7d11')).toEqual({ testId: '3f1c6b0e-8a55-4d0b-9a51-2b1f0c8e7d11' })
    expect(resultKeyParts('3f1c#1')).toEqual({ testId: '3f1c', repeat: 1 })
    expect(resultKeyParts('3f1c#12')).toEqual({ testId: '3f1c', repeat: 12 })
  })

  it('keep a key whose tail is no repetition whole', () => {
    expect(resultKeyParts('3f1c#0')).toEqual({ testId: '3f1c#0' })
    expect(resultKeyParts('3f1c#x')).toEqual({ testId: '3f1c#x' })
    expect(resultKeyParts('#2')).toEqual({ testId: '#2' })
  })
})

describe('the short revision', () => {
  it('is the FNV-1a hash of the state vector bytes, as 8 hex digits', () => {
    // the published FNV-1a 32-bit test vectors: "" 0x811c9dc5, "a" 0xe40c292c, "foobar" 0xbf9cf968
    expect(shortRevision('')).toBe('')
    expect(shortRevision(undefined)).toBe('')
    expect(shortRevision('YQ==')).toBe('e40c292c')
    expect(shortRevision('Zm9vYmFy')).toBe('bf9cf968')
  })
})

describe('the run Cancel stops', () => {
  it('is the newest queued or running run', () => {
    const card = cardOf(new Y.Doc())
    expect(newestActiveRun(card.runs)).toBeUndefined()
    server.create(card, 'old', { ...START, startedAt: '2026-12-07T09:00:00.000Z' })
    server.create(card, 'new', { ...START, startedAt: '2026-12-07T11:00:00.000Z' })
    server.create(card, 'middle', { ...START, startedAt: '2026-12-07T10:00:00.000Z' })
    expect(newestActiveRun(card.runs)).toBe('new')
    server.finish(card, 'new', 'passed', '2026-12-07T11:00:01.000Z', {})
    server.setStatus(card, 'middle', 'running')
    expect(newestActiveRun(card.runs)).toBe('middle')
    server.finish(card, 'middle', 'error', '2026-12-07T10:00:01.000Z', {}, 'the server stopped')
    server.finish(card, 'old', 'cancelled', '2026-12-07T09:00:01.000Z', {})
    expect(newestActiveRun(card.runs)).toBeUndefined()
  })
})
