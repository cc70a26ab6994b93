// Connections the server closes for good: the page says why (close code and a message for people),
// stops trying and takes no more edits; the stored card is untouched.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { token } from '../lib/tokens.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { describeElement, docText, fieldContent, statusOf, typeInto, waitForConnection, waitForText } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

const hourAgo = () => Math.floor(Date.now() / 1000) - 3600

/** Opens the card with `jwt`, waits for the error with `code`; returns its message. */
const expectClosedWith = async (t, jwt, code, screenshotName) => {
  const page = await openPage(t, browser, cardPageUrl(freshCard('errors'), jwt), `closed with ${code}`)
  const error = page.locator('[data-testid=error]')
  await waitFor(`the error ${code} to be shown`, async () =>
    (await error.isVisible()) && (await error.getAttribute('data-code')) === String(code),
  { explain: async () => `error: ${await describeElement(error)}\nstatus: ${await describeElement(statusOf(page))}` })
  await waitForConnection(page, ['closed'], 'the status to say closed, not connecting again')
  await screenshot(page, screenshotName)
  const message = (await error.innerText()).trim()
  assert.ok(message.length > 0, 'a message for people')
  return message
}

test('an expired token: error 4401 that says so', async (t) => {
  const message = await expectClosedWith(t, userToken('erin', { exp: hourAgo() }), 4401, 'error-expired-token')
  assert.match(message, /expired|sign in/i)
})

test('a token for another workspace: error 4403', async (t) => {
  await expectClosedWith(t, token({ workspace: 'someone-else', sub: 'erin' }), 4403, 'error-forbidden')
})

test('a viewer of a card that does not exist: error 4404', async (t) => {
  await expectClosedWith(t, userToken('erin', { role: 'viewer' }), 4404, 'error-no-such-card')
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
  assert.match((await error.innerText()).trim(), /too large.*not saved.*reload/i)
  assert.deepEqual(await alice.locator('.cm-content').evaluateAll((all) => [...new Set(all.map((c) => c.contentEditable))]), ['false'])
  // The page now holds 65,536 lines: the viewport only.
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
