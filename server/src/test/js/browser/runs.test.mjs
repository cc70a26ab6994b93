// The runs panel renders `runs` from the document live, as the runner will write it (ARCHITECTURE.md):
// a run appears, its output streams in token by token, and its final status and summary show.

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

test('a run written into the card shows live: streamed output, then status and summary', async (t) => {
  const card = freshCard('runs')
  const runner = connectClient(t, { workspace, card }, { token: userToken('runner') })
  await allSynced([runner])
  const doc = runner.doc
  const testId = randomUUID()
  doc.transact(() => {
    const testCase = new Y.Map()
    testCase.set('id', testId)
    testCase.set('name', new Y.Text('greeting'))
    testCase.set('vars', new Y.Map())
    testCase.set('expected', new Y.Text())
    testCase.set('assert', new Y.Array())
    doc.getArray('tests').push([testCase])
  })

  const page = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await waitForSynced(page, 'alice')
  const runs = page.locator('[data-testid=runs]')

  const runId = 'run-1'
  const output = new Y.Text()
  doc.transact(() => {
    const run = new Y.Map()
    run.set('status', 'running')
    run.set('provider', 'openai')
    run.set('model', 'gpt-4o-mini')
    run.set('by', 'alice')
    run.set('startedAt', new Date().toISOString())
    const results = new Y.Map()
    const result = new Y.Map()
    result.set('status', 'running')
    result.set('output', output)
    results.set(testId, result)
    run.set('results', results)
    doc.getMap('runs').set(runId, run)
  })
  const runView = runs.locator(`[data-run-id="${runId}"]`)
  await waitFor('the run to show as running', async () => (await runView.getAttribute('data-status')) === 'running')
  const outputCell = runView.locator('.pc-output pre')
  for (const token of ['Bon', 'jour', ', ', 'le ', 'monde']) {
    output.insert(output.length, token)
    const expected = output.toString()
    await waitFor(`the output to read ${JSON.stringify(expected)}`, async () => (await outputCell.innerText()) === expected)
  }
  assert.equal(await runView.locator('tbody td').first().innerText(), 'greeting')

  doc.transact(() => {
    const run = doc.getMap('runs').get(runId)
    run.set('status', 'passed')
    run.set('finishedAt', new Date().toISOString())
    run.set('summary', { passed: 1, failed: 0, errors: 0, tokensIn: 12, tokensOut: 5, costUsd: 0.0002, latencyMsP50: 420 })
    const result = run.get('results').get(testId)
    result.set('status', 'passed')
    result.set('pass', true)
    result.set('score', 1)
    result.set('latencyMs', 420)
  })
  await waitFor('the run to show as passed with its summary', async () =>
    (await runView.getAttribute('data-status')) === 'passed' && (await runView.locator('summary').innerText()).includes('1 passed'))
  assert.match(await runView.locator('summary').innerText(), /openai \/ gpt-4o-mini/)
  await screenshot(page, 'runs-panel')
})
