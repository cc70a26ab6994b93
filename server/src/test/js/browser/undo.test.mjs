// Undo and redo on a card two people edit at once (issue 16): Ctrl+Z takes back the presser's own
// changes across the card, structural ones included (a test case, an assertion, the model), never
// the other person's; a deleted test case comes back by the toast's Undo and by Ctrl+Z, whole; the
// keys work in the <prompt-card-editor> widget too.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { docText, fieldContent, testRows, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

const openAliceAndBob = async (t, card) => {
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(bob, 'bob')])
  return { alice, bob }
}

/** The card's test cases as the page's Y.Doc has them: name, expected output, assertions (keys in one order). */
const testsOf = (page) => page.evaluate(() => window.promptcards.doc.getArray('tests').toJSON().map((test) => ({
  id: test.id,
  name: test.name,
  expected: test.expected,
  assert: test.assert.map((assertion) => ({ type: assertion.type, value: assertion.value, weight: assertion.weight }))
})))

const modelOf = (page) => page.evaluate(() => window.promptcards.doc.getMap('model').toJSON())

/** Waits until both pages' documents give `expected` for `read`. */
const waitForBoth = (pages, what, read, expected) => waitFor(what, async () => {
  for (const page of pages) {
    if (JSON.stringify(await read(page)) !== JSON.stringify(expected)) return false
  }
  return true
}, { explain: async () => (await Promise.all(pages.map(read))).map((value) => JSON.stringify(value)).join('\n') })

const templateOf = (page) => docText(page, 'template')

test("each person's Ctrl+Z takes back their own typing, test case, assertion and model change, never the other's", async (t) => {
  const { alice, bob } = await openAliceAndBob(t, freshCard('undo'))
  const both = [alice, bob]

  await typeInto(alice, fieldContent(alice, 'template'), 'Summarize {{text}}.')
  await waitForText(fieldContent(bob, 'template'), "bob to see alice's template", (text) => text === 'Summarize {{text}}.')
  await typeInto(bob, fieldContent(bob, 'template'), ' Be brief.', { at: 'end' })
  await waitForBoth(both, "both to have bob's words", templateOf, 'Summarize {{text}}. Be brief.')

  await alice.keyboard.press('Control+z')
  await waitForBoth(both, "alice's words to be gone, bob's kept", templateOf, ' Be brief.')
  await bob.keyboard.press('Control+z')
  await waitForBoth(both, "bob's words to be gone too", templateOf, '')
  await bob.keyboard.press('Control+Shift+z')
  await waitForBoth(both, "bob's redo to bring his words back", templateOf, ' Be brief.')
  await alice.keyboard.press('Control+y')
  await waitForBoth(both, "alice's redo to bring hers back", templateOf, 'Summarize {{text}}. Be brief.')
  await waitForText(fieldContent(bob, 'template'), 'bob to show the template as it is', (text) => text === 'Summarize {{text}}. Be brief.')

  // alice: a test case with a name and an assertion with a value; bob: the provider
  await alice.locator('[data-action=add-test]').click()
  await alice.keyboard.type('fox case', { delay: 20 })
  await testRows(alice).first().locator('[data-action=add-assert]').click()
  const value = testRows(alice).first().locator('[data-field=assert-value]')
  await value.click()
  await alice.keyboard.type('fox', { delay: 20 })
  await alice.keyboard.press('Tab')
  const provider = bob.locator('[data-field=model-provider]')
  await provider.click()
  await bob.keyboard.type('anthropic', { delay: 20 })
  await bob.keyboard.press('Tab')
  const [{ id }] = await waitFor('alice to have the test case', async () => (await testsOf(alice)).length === 1 && testsOf(alice))
  const assertion = { type: 'contains', value: 'fox', weight: 1 }
  await waitForBoth(both, "both to have alice's test case", testsOf, [{ id, name: 'fox case', expected: '', assert: [assertion] }])
  await waitForBoth(both, "both to have bob's provider", modelOf, { provider: 'anthropic' })

  await alice.keyboard.press('Control+z')
  await waitForBoth(both, "alice's assertion value to be gone", testsOf, [{ id, name: 'fox case', expected: '', assert: [{ ...assertion, value: '' }] }])
  await alice.keyboard.press('Control+z')
  await waitForBoth(both, "alice's assertion to be gone", testsOf, [{ id, name: 'fox case', expected: '', assert: [] }])
  // the focus was in the assertion, which is gone: the editor kept it, Ctrl+Z still reaches the card
  await alice.keyboard.press('Control+z')
  await waitForBoth(both, "the test case's name to be gone", testsOf, [{ id, name: '', expected: '', assert: [] }])
  await alice.keyboard.press('Control+z')
  await waitForBoth(both, "alice's test case to be gone", testsOf, [])
  assert.deepEqual(await modelOf(alice), { provider: 'anthropic' }, "alice's undo left bob's provider alone")
  assert.equal(await templateOf(bob), 'Summarize {{text}}. Be brief.')

  await bob.keyboard.press('Control+z')
  await waitForBoth(both, "bob's provider to be gone", modelOf, {})
  await waitFor("bob's provider field to show it", async () => (await provider.inputValue()) === '')
  await bob.keyboard.press('Control+Shift+z')
  await waitForBoth(both, "bob's provider to be back", modelOf, { provider: 'anthropic' })
  assert.deepEqual(await testsOf(bob), [], "bob's undo and redo left alice's test case as she left it")

  // typing in a plain field not yet left: Ctrl+Z is the field's own (its text is not in the card yet)
  const modelName = bob.locator('[data-field=model-name]')
  await modelName.click()
  await bob.keyboard.type('gpt', { delay: 20 })
  await bob.keyboard.press('Control+z')
  assert.equal(await modelName.inputValue(), '')
  assert.deepEqual(await modelOf(bob), { provider: 'anthropic' }, 'the card kept its last step')
  await screenshot(bob, 'undo-bob')
})

test("a deleted test case comes back whole, with the other person's edits in it, by the toast's Undo and by Ctrl+Z", async (t) => {
  const { alice, bob } = await openAliceAndBob(t, freshCard('undo-delete'))
  const both = [alice, bob]
  await alice.locator('[data-action=add-test]').click()
  await alice.keyboard.type('keep me', { delay: 20 })
  await testRows(alice).first().locator('[data-action=add-assert]').click()
  await testRows(alice).first().locator('[data-field=assert-value]').fill('kept')
  await testRows(bob).first().waitFor()
  await typeInto(bob, fieldContent(testRows(bob).first(), 'expected'), 'written by bob')
  const [{ id }] = await waitFor('alice to have the test case', async () => (await testsOf(alice)).length === 1 && testsOf(alice))
  const whole = [{ id, name: 'keep me', expected: 'written by bob', assert: [{ type: 'contains', value: 'kept', weight: 1 }] }]
  await waitForBoth(both, 'both to have the whole test case', testsOf, whole)

  await testRows(alice).first().locator('[data-action=remove-test]').click()
  await waitForBoth(both, 'the test case to be deleted on both sides', testsOf, [])
  const toast = alice.locator('[data-testid=toasts][role=status] [data-testid=toast]')
  assert.equal(await toast.locator('span').textContent(), 'Test case “keep me” deleted.')
  const undoButton = toast.getByRole('button', { name: 'Undo' })
  assert.equal(await undoButton.evaluate((element) => element.localName), 'button')
  assert.equal(await bob.locator('[data-testid=toast]').count(), 0, 'bob did not delete anything')
  await screenshot(alice, 'undo-toast', { fullPage: false })

  await undoButton.click()
  await waitForBoth(both, "the toast's Undo to bring the test case back whole", testsOf, whole)
  assert.equal(await toast.count(), 0, 'the toast is gone once used')
  await waitForText(fieldContent(testRows(bob).first(), 'expected'), 'bob to see his expected output again', (text) => text === 'written by bob')

  await testRows(alice).first().locator('[data-action=remove-test]').click()
  await waitForBoth(both, 'the test case to be deleted again', testsOf, [])
  await alice.keyboard.press('Control+z')
  await waitForBoth(both, 'Ctrl+Z to bring the test case back whole', testsOf, whole)
  await waitForText(fieldContent(testRows(alice).first(), 'name'), 'alice to show the name again', (text) => text === 'keep me')
  await toast.waitFor({ state: 'detached', timeout: 2000 })

  // an empty test case goes without a word; Ctrl+Z brings it back all the same
  await alice.locator('[data-action=add-test]').click()
  await waitFor('two test cases', async () => (await testsOf(alice)).length === 2)
  await testRows(alice).nth(1).locator('[data-action=remove-test]').click()
  await waitForBoth(both, 'the empty test case to be deleted', testsOf, whole)
  assert.equal(await toast.count(), 0, 'no toast for an empty test case')
  // with nothing focused (a click beside the editor), the page's keys are the card's
  await alice.evaluate(() => document.activeElement.blur())
  assert.equal(await alice.evaluate(() => document.activeElement.localName), 'body')
  await alice.keyboard.press('Control+z')
  await waitFor('the empty test case to be back', async () => (await testsOf(bob)).length === 2)
})

test("in the widget, Ctrl+Z takes back the widget user's typing and leaves the page's", async (t) => {
  const card = freshCard('undo-widget')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const hostPage = await openPage(t, browser, host.widgetUrl({ workspace, card, token: userToken('dave') }), 'widget host')
  const widget = hostPage.locator('prompt-card-editor')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(widget, 'the widget')])

  await typeInto(alice, fieldContent(alice, 'description'), 'From the page.')
  await waitForText(fieldContent(widget, 'description'), "the widget to show alice's description", (text) => text === 'From the page.')
  await typeInto(hostPage, fieldContent(widget, 'description'), ' From the widget.', { at: 'end' })
  await waitFor("alice to have the widget's words", async () => (await docText(alice, 'description')) === 'From the page. From the widget.')

  await hostPage.keyboard.press('Control+z')
  await waitFor("the widget's words to be gone, alice's kept", async () => (await docText(alice, 'description')) === 'From the page.')
  await waitForText(fieldContent(widget, 'description'), 'the widget to show it', (text) => text === 'From the page.')
  await hostPage.keyboard.press('Control+Shift+z')
  await waitFor("the widget's words to be back", async () => (await docText(alice, 'description')) === 'From the page. From the widget.')
})
