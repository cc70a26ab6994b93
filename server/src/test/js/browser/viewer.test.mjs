// A viewer reads the card live and cannot change it: read-only status, no editable field, no
// enabled button that edits, no Run button, and typing changes nothing anywhere.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { docText, fieldContent, statusOf, testRows, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken } from './lib/users.mjs'

const browser = await launchChromium()
after(() => browser.close())

const editingActions = ['add-test', 'remove-test', 'move-up', 'move-down', 'add-assert']

test('a viewer sees edits live and cannot edit', async (t) => {
  const card = freshCard('viewer')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await waitForSynced(alice, 'alice')
  // The card exists once an editor wrote to it (a viewer of a card that does not exist gets 4404).
  await typeInto(alice, fieldContent(alice, 'template'), 'Summarize {{text}}.')
  await alice.locator('[data-action=add-test]').click()
  await testRows(alice).first().waitFor()

  const carol = await openPage(t, browser, cardPageUrl(card, userToken('carol', { role: 'viewer' })), 'carol (viewer)')
  await waitForSynced(carol, 'carol')
  assert.equal(await statusOf(carol).getAttribute('data-readonly'), 'true')
  const carolTemplate = fieldContent(carol, 'template')
  await waitForText(carolTemplate, 'carol to read the template', (text) => text === 'Summarize {{text}}.')
  await testRows(carol).first().waitFor()

  const editable = await carol.locator('.cm-content').evaluateAll((contents) =>
    contents.map((content) => content.getAttribute('contenteditable')))
  assert.ok(editable.length >= 4, `the text fields of the card: ${editable.length}`)
  assert.deepEqual(editable.filter((value) => value !== 'false'), [], 'every .cm-content is contenteditable="false"')
  for (const action of editingActions) {
    const enabled = await carol.locator(`[data-action=${action}]`).evaluateAll((buttons) =>
      buttons.filter((button) => !button.disabled).length)
    assert.equal(enabled, 0, `enabled [data-action=${action}] buttons for a viewer`)
  }
  // Running the tests is an editor's: the viewer has no Run button, the editor has one.
  assert.equal(await alice.locator('[data-testid=run-button]').isVisible(), true, "the editor's Run button")
  assert.equal(await carol.locator('[data-testid=run-button]').count(), 1)
  assert.equal(await carol.locator('[data-testid=run-button]').isVisible(), false, "the viewer's Run button")

  await typeInto(carol, carolTemplate, 'VIEWER WAS HERE')
  assert.equal(await docText(carol, 'template'), 'Summarize {{text}}.', "the viewer's own Y.Doc did not change")
  // Alice's edit arriving after the viewer's keystrokes: by then any local edit would show too.
  await typeInto(alice, fieldContent(alice, 'template'), ' Briefly.')
  const expected = 'Summarize {{text}}. Briefly.'
  await waitForText(carolTemplate, "carol to see alice's edit live", (text) => text === expected)
  assert.equal(await docText(carol, 'template'), expected)
  assert.equal(await docText(alice, 'template'), expected)
  await screenshot(carol, 'viewer-carol')
})
