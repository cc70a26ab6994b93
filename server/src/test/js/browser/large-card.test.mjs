// A card with 200 test cases, written by a stock Yjs client: the editor shows every row, stays
// editable at the far end of the table, and what is typed there reaches the other client.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { allSynced, connectClient, waitFor as waitForClient } from '../lib/clients.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, testRows, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

const TEST_CASES = 200

/** A test case created whole, as the card document schema (ARCHITECTURE.md) says. */
const testCase = (index) => {
  const test = new Y.Map()
  test.set('id', randomUUID())
  test.set('name', new Y.Text(`case ${index}`))
  const vars = new Y.Map()
  vars.set('text', new Y.Text(`input number ${index}, long enough to wrap in a narrow column of the table`))
  vars.set('lang', new Y.Text(index % 2 === 0 ? 'French' : 'German'))
  test.set('vars', vars)
  test.set('expected', new Y.Text(`expected ${index}`))
  const assertion = new Y.Map()
  assertion.set('type', 'icontains')
  assertion.set('value', 'bonjour')
  assertion.set('weight', 1)
  test.set('assert', Y.Array.from([assertion]))
  return test
}

test(`a card with ${TEST_CASES} test cases opens whole and is edited at its far end`, async (t) => {
  const card = freshCard('large')
  const writer = connectClient(t, { workspace, card }, { token: userToken('writer') })
  await allSynced([writer])
  writer.doc.transact(() => {
    writer.doc.getText('template').insert(0, 'Translate {{text}} into {{lang}}.')
    writer.doc.getArray('tests').push(Array.from({ length: TEST_CASES }, (_, index) => testCase(index)))
  })

  const started = Date.now()
  const page = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await waitForSynced(page, 'alice')
  await waitFor(`${TEST_CASES} rows`, async () => (await testRows(page).count()) === TEST_CASES)
  t.diagnostic(`${TEST_CASES} test case rows shown ${Date.now() - started} ms after the page was opened`)
  assert.deepEqual(
    await testRows(page).evaluateAll((rows) => rows.map((row) => row.querySelector('[data-field=name]').textContent)).then((names) => names.slice(0, 3)),
    ['case 0', 'case 1', 'case 2'])

  const last = testRows(page).last()
  await last.scrollIntoViewIfNeeded()
  await typeInto(page, fieldContent(last, 'var:lang'), ' (Swiss)')
  await waitForText(fieldContent(last, 'var:lang'), 'the last row to show the edit', (text) => text === 'German (Swiss)')
  await waitForClient('the writer to get the edit of the last row', () => {
    const lastCase = writer.doc.getArray('tests').get(TEST_CASES - 1)
    return lastCase.get('vars').get('lang').toString() === 'German (Swiss)'
  })
  await screenshot(page, 'large-card-last-rows')
})
