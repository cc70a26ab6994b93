// Run for real: one person presses Run in the editor, the server's runner calls the model (a local
// OpenAI stub that answers word by word, see BrowserEditingTest) and writes into the card; another
// person on the card watches the output stream into the results grid, then the assertions and the
// run's status arrive. Ctrl+Enter starts a run too, and Cancel stops one.

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

/** Writes a card that runs on the OpenAI stub: a template, one test case per name, an assertion each. */
const writeCard = (doc, names) => {
  const ids = []
  doc.transact(() => {
    doc.getText('template').insert(0, 'Say hello to {{name}} from the browser.')
    const model = doc.getMap('model')
    model.set('provider', 'openai')
    model.set('model', 'gpt-4o-mini')
    for (const name of names) {
      const id = randomUUID()
      ids.push(id)
      const testCase = new Y.Map()
      testCase.set('id', id)
      testCase.set('name', new Y.Text(name))
      const vars = new Y.Map()
      vars.set('name', new Y.Text(name))
      testCase.set('vars', vars)
      testCase.set('expected', new Y.Text())
      const assertion = new Y.Map()
      assertion.set('type', 'contains')
      assertion.set('value', name)
      testCase.set('assert', Y.Array.from([assertion]))
      doc.getArray('tests').push([testCase])
    }
  })
  return ids
}

test('one person presses Run and another watches the output stream in, then pass and status', async (t) => {
  const card = freshCard('run-button')
  const author = connectClient(t, { workspace, card }, { token: userToken('author') })
  await allSynced([author])
  const [adaId, graceId] = writeCard(author.doc, ['Ada', 'Grace'])

  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await waitForSynced(alice, 'alice')
  await waitForSynced(bob, 'bob')

  // bob looks at the runs (the results grid draws only the rows in view: content-visibility)
  await bob.locator('[data-testid=runs]').scrollIntoViewIfNeeded()
  await alice.locator('[data-testid=run-button]').click()

  const run = bob.locator('[data-testid=runs] [data-testid=run]').first()
  const adaRow = run.locator(`[data-testid=result-row][data-result-key="${adaId}"]`)
  const adaOutput = adaRow.locator('[data-testid=result-output]')
  // part of the answer while the test still runs: the stub sends a word every 150 ms
  await waitFor('bob to see Ada\'s output partly written', async () => {
    const text = await adaOutput.innerText().catch(() => '')
    return (await adaRow.getAttribute('data-status').catch(() => null)) === 'running' &&
      text.length > 0 && text !== 'Say hello to Ada from the browser.'
  }, { timeout: 30000 })
  await waitFor('the run to end failed or passed', async () =>
    ['passed', 'failed'].includes(await run.getAttribute('data-status')), { timeout: 30000 })

  assert.equal(await run.getAttribute('data-status'), 'passed')
  assert.equal(await adaOutput.innerText(), 'Say hello to Ada from the browser.')
  assert.equal(await adaRow.getAttribute('data-pass'), 'true')
  const graceRow = run.locator(`[data-testid=result-row][data-result-key="${graceId}"]`)
  assert.equal(await graceRow.locator('[data-testid=result-output]').innerText(), 'Say hello to Grace from the browser.')
  assert.deepEqual(await adaRow.locator('[data-testid=assertion-result]').evaluateAll((items) =>
    items.map((item) => [item.dataset.type, item.dataset.pass])), [['contains', 'true']])
  assert.equal(await run.locator('[data-testid=run-model]').innerText(), 'openai / gpt-4o-mini')
  assert.match(await run.locator('[data-testid=run-by]').innerText(), /alice/)
  // alice sees the same run, and no Cancel once it ended
  const aliceRun = alice.locator('[data-testid=runs] [data-testid=run]').first()
  await waitFor('alice to see the run ended', async () => (await aliceRun.getAttribute('data-status')) === 'passed')
  assert.equal(await alice.locator('[data-testid=cancel-run-button]').isVisible(), false)
  await screenshot(bob, 'run-button-watched')
})

test('Ctrl+Enter starts a run and Cancel stops it; everyone sees it cancelled', async (t) => {
  const card = freshCard('run-cancel')
  const author = connectClient(t, { workspace, card }, { token: userToken('author') })
  await allSynced([author])
  // a long answer: the run is still going when Cancel is pressed
  writeCard(author.doc, ['Ada Lovelace Augusta King Countess of Lovelace who wrote the first program'])

  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await waitForSynced(alice, 'alice')
  await waitForSynced(bob, 'bob')

  await alice.locator('[data-testid=runs]').click()
  await alice.keyboard.press('Control+Enter')
  const cancel = alice.locator('[data-testid=cancel-run-button]')
  await waitFor('Cancel to show while the run goes', () => cancel.isVisible(), { timeout: 30000 })
  await cancel.click()

  const bobRun = bob.locator('[data-testid=runs] [data-testid=run]').first()
  await waitFor('bob to see the run cancelled', async () => (await bobRun.getAttribute('data-status')) === 'cancelled',
    { timeout: 30000 })
  assert.match(await bobRun.locator('[data-testid=run-error]').innerText(), /cancelled/)
})
