// Two people edit one card in two browser contexts at the same time: the template and the tests
// table end identical on both sides, with both contributions, and each sees the other's cursor.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import {
  docText, fieldContent, remoteCaretNames, statusOf, testRowIds, testRows, typeInto, waitForSynced, waitForText
} from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

const openAliceAndBob = async (t, card) => {
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(bob, 'bob')])
  return { alice, bob }
}

test('two editors type in one template at once: same text on both sides, remote cursors shown', async (t) => {
  const { alice, bob } = await openAliceAndBob(t, freshCard('collab'))
  for (const page of [alice, bob]) assert.equal(await statusOf(page).getAttribute('data-readonly'), 'false')
  const present = (page) => page.locator('[data-testid=presence] [data-user]').allTextContents()
  await waitFor('each to list alice and bob as present', async () => {
    for (const page of [alice, bob]) {
      if (JSON.stringify((await present(page)).map((name) => name.trim()).sort()) !== '["alice","bob"]') return false
    }
    return true
  }, { explain: async () => `alice: ${await present(alice)}; bob: ${await present(bob)}` })

  const aliceTemplate = fieldContent(alice, 'template')
  const bobTemplate = fieldContent(bob, 'template')
  await typeInto(alice, aliceTemplate, 'Summarize {{text}}.')
  await waitForText(bobTemplate, "bob to see alice's template", (text) => text === 'Summarize {{text}}.')

  await Promise.all([
    typeInto(alice, aliceTemplate, ' Alice was here.', { at: 'end' }),
    typeInto(bob, bobTemplate, 'Bob says hi. ', { at: 'start' })
  ])
  const expected = 'Bob says hi. Summarize {{text}}. Alice was here.'
  await waitForText(aliceTemplate, 'alice to show both contributions', (text) => text === expected)
  await waitForText(bobTemplate, 'bob to show both contributions', (text) => text === expected)
  assert.equal(await docText(alice, 'template'), expected)
  assert.equal(await docText(bob, 'template'), expected)

  // Both still have the focus in the template (playwright emulates focus for every page).
  await waitFor("alice to see bob's caret in the template", async () =>
    (await remoteCaretNames(alice, 'template')).includes('bob'))
  await waitFor("bob to see alice's caret in the template", async () =>
    (await remoteCaretNames(bob, 'template')).includes('alice'))
  await screenshot(alice, 'collaboration-alice')
  await screenshot(bob, 'collaboration-bob')
})

test('two editors add test cases and fill one in at once: same table on both sides', async (t) => {
  const { alice, bob } = await openAliceAndBob(t, freshCard('tests-table'))
  await typeInto(alice, fieldContent(alice, 'template'), 'Summarize {{text}}.')
  await waitForText(fieldContent(bob, 'template'), "bob to see alice's template", (text) => text === 'Summarize {{text}}.')
  for (const page of [alice, bob]) {
    await page.locator('[data-testid=variables] [data-var=text][data-flag]').waitFor()
  }

  await Promise.all([alice, bob].map((page) => page.locator('[data-action=add-test]').click()))
  const ids = await waitFor('both to show the same two test cases in the same order', async () => {
    const [a, b] = await Promise.all([testRowIds(alice), testRowIds(bob)])
    return a.length === 2 && JSON.stringify(a) === JSON.stringify(b) && a
  })
  assert.equal(new Set(ids).size, 2, 'two test cases with distinct ids')

  const row = (page) => testRows(page).first()
  await Promise.all([
    typeInto(alice, fieldContent(row(alice), 'name'), 'short paragraph'),
    typeInto(bob, fieldContent(row(bob), 'var:text'), 'The quick brown fox jumps over the lazy dog.')
  ])
  for (const [page, who] of [[alice, 'alice'], [bob, 'bob']]) {
    await waitForText(fieldContent(row(page), 'name'), `${who} to show the test name`, (text) => text === 'short paragraph')
    await waitForText(fieldContent(row(page), 'var:text'), `${who} to show the variable`,
      (text) => text === 'The quick brown fox jumps over the lazy dog.')
  }
  assert.deepEqual(await testRowIds(alice), ids)
  // a cell someone else edits gets a live editor with their caret (cells are previews otherwise)
  await waitFor("bob to see alice's caret in the test name", async () =>
    (await remoteCaretNames(row(bob), 'name')).includes('alice'))
  await waitFor("alice to see bob's caret in the variable", async () =>
    (await remoteCaretNames(row(alice), 'var:text')).includes('bob'))
  await screenshot(alice, 'tests-table-alice')
  await screenshot(bob, 'tests-table-bob')
})
