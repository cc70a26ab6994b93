// People in browsers: a token of workspace "e2e" per person (tokens.mjs, the server's secret), and
// a page of their own (one browser context each: separate storage, like separate machines).

import { randomUUID } from 'node:crypto'
import { serverUrl } from '../../lib/server.mjs'
import { token } from '../../lib/tokens.mjs'

export const workspace = 'e2e'

/** A card no other test uses. */
export const freshCard = (label) => `${label}-${randomUUID().slice(0, 8)}`

/** A token for `sub` (the name others see) on every card of the workspace. */
export const userToken = (sub, { role = 'editor', exp } = {}) => token({ workspace, sub, role, exp })

/** The editor page of `card` with the token in the fragment, on `base` (the server or a proxy). */
export const cardPageUrl = (card, jwt, base = serverUrl) =>
  `${base}/w/${workspace}/c/${encodeURIComponent(card)}#token=${jwt}`

/**
 * Opens `url` in a new browser context, closed after the test; fails unless it answers 2xx. Errors
 * of the page are reported as diagnostics of the test, with `label`.
 */
export const openPage = async (t, browser, url, label) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
  context.setDefaultTimeout(15000)
  t.after(() => context.close())
  const page = await context.newPage()
  page.on('pageerror', (error) => t.diagnostic(`${label}: page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') t.diagnostic(`${label}: console error: ${message.text()} (${message.location().url})`)
  })
  const response = await page.goto(url)
  if (!response.ok()) throw new Error(`${label}: ${url} answered HTTP ${response.status()}`)
  return page
}
