// Connections the server closes for good: the page says why (close code and a message for people)
// and stops trying.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { token } from '../lib/tokens.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { describeElement, statusOf, waitForConnection } from './lib/editor.mjs'
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
