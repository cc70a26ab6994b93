// The runs panel renders `runs` from the document live, as the runner writes it (card/schema/Runs):
// a run appears, its output streams in token by token into its results grid (test cases as rows),
// its assertions pass or fail with their reasons, a repeated test shows one row per repetition, and
// the run's line shows its status, model, summary, revision and why it ended.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { allSynced, connectClient } from '../lib/clients.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { waitForSynced } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

/** A test case as the editor creates it: whole, with a Y.Text per variable. */
const addTestCase = (doc, name, vars) => {
  const id = randomUUID()
  doc.transact(() => {
    const testCase = new Y.Map()
    testCase.set('id', id)
    testCase.set('name', new Y.Text(name))
    const values = new Y.Map()
    for (const [variable, value] of Object.entries(vars)) values.set(variable, new Y.Text(value))
    testCase.set('vars', values)
    testCase.set('expected', new Y.Text())
    testCase.set('assert', new Y.Array())
    doc.getArray('tests').push([testCase])
  })
  return id
}

/** A run map created whole, as Runs.create writes it, with a result map (and its output Y.Text) per key. */
const createRun = (doc, runId, fields, keys) => {
  const outputs = new Map()
  doc.transact(() => {
    const run = new Y.Map()
    for (const [field, value] of Object.entries(fields)) run.set(field, value)
    const results = new Y.Map()
    for (const key of keys) {
      const result = new Y.Map()
      const output = new Y.Text()
      result.set('status', 'queued')
      result.set('output', output)
      results.set(key, result)
      outputs.set(key, output)
    }
    run.set('results', results)
    doc.getMap('runs').set(runId, run)
  })
  return outputs
}

const finishResult = (doc, runId, key, outcome) => doc.transact(() => {
  const result = doc.getMap('runs').get(runId).get('results').get(key)
  for (const [field, value] of Object.entries(outcome)) result.set(field, value)
})

test('a run written into the card shows live as a grid: streamed output, assertions with reasons, then status and summary', async (t) => {
  const card = freshCard('runs')
  const runner = connectClient(t, { workspace, card }, { token: userToken('runner') })
  await allSynced([runner])
  const doc = runner.doc
  const testId = addTestCase(doc, 'greeting', { name: 'Ada', lang: 'French' })

  const page = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await page.setViewportSize({ width: 1280, height: 900 })
  await waitForSynced(page, 'alice')
  const runs = page.locator('[data-testid=runs]')

  const runId = 'run-1'
  const outputs = createRun(doc, runId, {
    status: 'running',
    provider: 'openai',
    model: 'gpt-4o-mini',
    by: 'alice',
    startedAt: new Date().toISOString(),
    stateVector: 'Zm9vYmFy',
  }, [testId])
  const output = outputs.get(testId)
  const runView = runs.locator(`[data-testid=run][data-run-id="${runId}"]`)
  await waitFor('the run to show as running', async () => (await runView.getAttribute('data-status')) === 'running')
  const row = runView.locator(`[data-testid=result-row][data-result-key="${testId}"]`)
  const outputCell = row.locator('[data-testid=result-output]')
  for (const token of ['Bon', 'jour', ', ', 'le ', 'monde']) {
    output.insert(output.length, token)
    const expected = output.toString()
    await waitFor(`the output to read ${JSON.stringify(expected)}`, async () => (await outputCell.innerText()) === expected)
  }
  assert.equal(await row.locator('[data-testid=result-name]').innerText(), 'greeting')
  assert.equal(await row.locator('[data-testid=result-vars]').innerText(), 'name\nAda\nlang\nFrench')
  // the revision: FNV-1a of the state vector's bytes ("foobar": 0xbf9cf968)
  assert.equal(await runView.locator('[data-testid=run-revision]').innerText(), 'rev bf9cf968')

  finishResult(doc, runId, testId, {
    status: 'failed',
    pass: false,
    score: 0.5,
    assertions: [
      { type: 'contains', pass: true, score: 1, reason: 'Assertion passed' },
      { type: 'icontains', pass: false, score: 0, reason: 'Expected output to contain "salut"' },
    ],
    latencyMs: 420,
    tokensIn: 12,
    tokensOut: 5,
    costUsd: 0.0002,
  })
  doc.transact(() => {
    const run = doc.getMap('runs').get(runId)
    run.set('status', 'failed')
    run.set('finishedAt', new Date().toISOString())
    run.set('summary', { passed: 0, failed: 1, errors: 0, tokensIn: 12, tokensOut: 5, costUsd: 0.0002, latencyMsP50: 420 })
  })
  await waitFor('the run to show as failed with its summary', async () =>
    (await runView.getAttribute('data-status')) === 'failed' && (await runView.locator('[data-testid=run-summary]').innerText()).includes('1 failed'))
  assert.equal(await runView.locator('[data-testid=run-model]').innerText(), 'openai / gpt-4o-mini')
  assert.equal(await row.getAttribute('data-pass'), 'false')
  assert.deepEqual(await row.locator('[data-testid=assertion-result]').evaluateAll((items) =>
    items.map((item) => [item.dataset.type, item.dataset.pass, item.querySelector('.pc-assert-reason')?.textContent])), [
    ['contains', 'true', 'Assertion passed'],
    ['icontains', 'false', 'Expected output to contain "salut"'],
  ])
  assert.deepEqual(await Promise.all(['score', 'latency', 'tokens', 'cost'].map((cell) => row.locator(`[data-testid=result-${cell}]`).innerText())),
    ['0.50', '420 ms', '12 / 5', '$0.0002'])
  await screenshot(page, 'runs-panel')
})

test('a repeated test shows a row per repetition in order, and a run that ended early says why', async (t) => {
  const card = freshCard('runs-repeat')
  const runner = connectClient(t, { workspace, card }, { token: userToken('runner') })
  await allSynced([runner])
  const doc = runner.doc
  const first = addTestCase(doc, 'first', { text: 'one' })
  const second = addTestCase(doc, 'second', { text: 'two' })

  const page = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await page.setViewportSize({ width: 1280, height: 900 })
  await waitForSynced(page, 'bob')

  // keys written in the order the queue took them, not the card's
  const keys = [`${second}#2`, `${first}#1`, `${second}#1`, `${first}#2`]
  createRun(doc, 'run-r', { status: 'running', provider: 'echo', model: 'echo', by: 'runner', startedAt: new Date().toISOString() }, keys)
  finishResult(doc, 'run-r', `${first}#1`, { status: 'passed', pass: true, score: 1, assertions: [], latencyMs: 3, tokensIn: 2, tokensOut: 2, costUsd: 0 })
  finishResult(doc, 'run-r', `${second}#2`, { status: 'error', error: 'openai answered 429: rate limited' })
  const runView = page.locator('[data-testid=run][data-run-id="run-r"]')
  await waitFor('the run to show its progress', async () => (await runView.locator('[data-testid=run-progress]').innerText()) === '2 / 4 done')

  const rows = runView.locator('[data-testid=result-row]')
  assert.deepEqual(await rows.evaluateAll((elements) => elements.map((element) => [
    element.dataset.resultKey, element.querySelector('[data-testid=result-repeat]').textContent, element.dataset.status])), [
    [`${first}#1`, '#1', 'passed'],
    [`${first}#2`, '#2', 'queued'],
    [`${second}#1`, '#1', 'queued'],
    [`${second}#2`, '#2', 'error'],
  ])
  assert.equal(await rows.nth(3).locator('[data-testid=result-error]').innerText(), 'openai answered 429: rate limited')

  doc.transact(() => {
    const run = doc.getMap('runs').get('run-r')
    run.set('status', 'cancelled')
    run.set('finishedAt', new Date().toISOString())
    run.set('summary', { passed: 1, failed: 0, errors: 1, tokensIn: 2, tokensOut: 2 })
    run.set('error', 'cancelled by bob')
  })
  await waitFor('the run to say why it ended', async () =>
    (await runView.getAttribute('data-status')) === 'cancelled' && (await runView.locator('[data-testid=run-error]').innerText()) === 'cancelled by bob')
  await screenshot(page, 'runs-panel-repeat')
})
