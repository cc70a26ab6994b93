// Connections the server closes for good: the page says why (close code and a message for people that
// names the limit met and what to do, in a header that stays in view), stops trying and takes no more
// edits; the stored card is untouched. A card refused before it was shown is a message, not an editor.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { token } from '../lib/tokens.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { describeElement, docText, fieldContent, statusOf, typeInto, waitForConnection, waitForText } from './lib/editor.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

const hourAgo = () => Math.floor(Date.now() / 1000) - 3600

/**
 * Opens the card with `jwt` (in the page, or in the widget on another site), waits for the card to be
 * refused with `code`: a full message in place of the editor, no editor that looks editable. Returns the
 * message's text.
 */
const expectRefusedWith = async (t, jwt, code, screenshotName, { widget = false } = {}) => {
  const card = freshCard('errors')
  const page = await openPage(t, browser, widget ? host.widgetUrl({ workspace, card, token: jwt }) : cardPageUrl(card, jwt), `refused with ${code}`)
  const scope = widget ? page.locator('prompt-card-editor') : page
  const fatal = scope.locator('[data-testid=fatal]')
  await waitFor(`the card to be refused with ${code}`, async () =>
    (await fatal.isVisible()) && (await fatal.getAttribute('data-code')) === String(code),
  { explain: async () => `fatal: ${await describeElement(fatal)}\nstatus: ${await describeElement(statusOf(scope))}` })
  await waitForConnection(scope, ['closed'], 'the status to say closed, not connecting again')
  assert.equal(await scope.locator('.cm-content').first().isVisible(), false, 'an editor drawn under a refusal')
  assert.equal(await scope.locator('[data-action=add-test]').isVisible(), false, 'a button to add test cases under a refusal')
  await screenshot(page, screenshotName)
  const title = (await fatal.locator('h1').innerText()).trim()
  const message = (await fatal.locator('p').innerText()).trim()
  assert.ok(title.length > 0 && message.length > 0, 'a title and a message for people')
  return { title, message }
}

test('an expired token: a page that says so instead of an editor (4401)', async (t) => {
  const { title, message } = await expectRefusedWith(t, userToken('erin', { exp: hourAgo() }), 4401, 'error-expired-token')
  assert.equal(title, 'Sign in to open this card')
  assert.match(message, /expired.*fresh token/i)
})

test('a token for another workspace: a page that says so instead of an editor (4403)', async (t) => {
  const { title, message } = await expectRefusedWith(t, token({ workspace: 'someone-else', sub: 'erin' }), 4403, 'error-forbidden')
  assert.equal(title, 'You cannot open this card')
  assert.match(message, /does not give access to this card.*Open the card with a token that gives access/)
})

test('a viewer of a card that does not exist: a page that says so instead of an editor (4404)', async (t) => {
  const { title, message } = await expectRefusedWith(t, userToken('erin', { role: 'viewer' }), 4404, 'error-no-such-card')
  assert.equal(title, 'This card cannot be opened')
  assert.match(message, /no such card.*ask an editor to create it/i)
})

test('the widget refused (4404) shows the message in place of the editor too', async (t) => {
  const { message } = await expectRefusedWith(t, userToken('erin', { role: 'viewer' }), 4404, 'error-widget-no-such-card', { widget: true })
  assert.match(message, /no such card/i)
})

test('a change too large for the server: 4413 explained, the editor locked, the stored card untouched', async (t) => {
  const card = freshCard('too-large')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await waitForConnection(alice, ['synced'], 'alice to be synced')
  await typeInto(alice, fieldContent(alice, 'template'), 'Kept text.')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await waitForText(fieldContent(bob, 'template'), 'bob to get the stored text', (text) => text === 'Kept text.')

  // A paste of 5 MiB (65,536 lines): one update over the server's 4 MiB frame limit.
  await alice.evaluate(() => window.promptcards.doc.getText('template').insert(0, ('x'.repeat(79) + '\n').repeat(65536)))
  const error = alice.locator('[data-testid=error]')
  await waitFor('the error 4413 to be shown', async () => (await error.getAttribute('data-code')) === '4413',
    { explain: async () => `error: ${await describeElement(error)}` })
  await waitForConnection(alice, ['closed'], 'alice to be closed, not reconnecting')
  // the limit and its value, from the server's close reason, and what to do
  assert.equal((await error.locator('span').innerText()).trim(),
    "That change is larger than this server's limit of 4 MiB for one change (--max-frame-bytes). " +
    'It was not saved; reload to continue with the stored card, then paste in smaller pieces.')
  assert.match(await statusOf(alice).innerText(), /^Disconnected.* · change over the 4 MiB limit$/)
  assert.deepEqual(await alice.locator('.cm-content').evaluateAll((all) => [...new Set(all.map((c) => c.contentEditable))]), ['false'])
  // Scrolled to the far end of its 65,536 lines, the page still shows the status and the error.
  await alice.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await waitFor('the page to be scrolled down', async () => (await alice.evaluate(() => window.scrollY)) > 10000)
  for (const [what, locator] of [['the error', error], ['the status', statusOf(alice)]]) {
    const box = await locator.boundingBox()
    assert.ok(box !== null && box.y >= 0 && box.y + box.height <= 900, `${what} out of view after scrolling: ${JSON.stringify(box)}`)
  }
  await screenshot(alice, 'error-too-large', { fullPage: false })

  assert.equal(await docText(bob, 'template'), 'Kept text.')
  const carol = await openPage(t, browser, cardPageUrl(card, userToken('carol')), 'carol')
  await waitForConnection(carol, ['synced'], 'carol to be synced')
  assert.equal(await docText(carol, 'template'), 'Kept text.')

  await alice.locator('[data-testid=error] [data-action=reload]').click()
  await waitForConnection(alice, ['synced'], 'alice to be synced again after the reload')
  assert.equal(await docText(alice, 'template'), 'Kept text.')
  assert.equal(await alice.locator('[data-testid=error]').isVisible(), false)
})
