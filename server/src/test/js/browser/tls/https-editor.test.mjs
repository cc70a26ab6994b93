// The editor over https:// and wss:// in Chromium, with the self-signed certificate of
// `serve --tls-cert` trusted by its public key (--ignore-certificate-errors-spki-list: this
// certificate only, every other check stays on), under the pages' strict Content-Security-Policy:
// the page reaches "Saved", an edit arrives in a second browser context, and no CSP violation is
// reported on the editor page nor in the widget's iframe page on another site. Run by
// BrowserTlsTest with SERVER_URL=https://... and TLS_CERT=the certificate's PEM file.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { serverUrl } from '../../lib/server.mjs'
import { screenshot } from '../lib/artifacts.mjs'
import { launchChromium } from '../lib/chromium.mjs'
import { fieldContent, statusOf, typeInto, waitForSynced, waitForText } from '../lib/editor.mjs'
import { startHostPages } from '../lib/host-page.mjs'
import { cardPageUrl, freshCard, userToken, workspace } from '../lib/users.mjs'
import { waitFor } from '../lib/wait.mjs'

const certificate = new X509Certificate(readFileSync(process.env.TLS_CERT))
// base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, what the switch takes
const spki = createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')

const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spki}`])
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

// In every frame, before the page's own scripts: record the CSP violations the browser reports.
// (Injected through the DevTools protocol, which the page's CSP does not govern.)
const recordViolations = () => {
  window.cspViolations = []
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
  })
}

/** A page in a context of its own, its CSP violations and console errors recorded. */
const openPage = async (t, url, label) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
  context.setDefaultTimeout(15000)
  t.after(() => context.close())
  await context.addInitScript(recordViolations)
  const page = await context.newPage()
  page.consoleErrors = []
  page.on('pageerror', (error) => page.consoleErrors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') page.consoleErrors.push(`${message.text()} (${message.location().url})`)
  })
  const response = await page.goto(url)
  if (!response.ok()) throw new Error(`${label}: ${url} answered HTTP ${response.status()}`)
  return page
}

const violationsIn = (frame) => frame.evaluate(() => window.cspViolations)

const assertNoViolations = async (page, frame, label) => {
  assert.deepEqual(await violationsIn(frame), [], `${label}: CSP violations`)
  const cspErrors = page.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))
  assert.deepEqual(cspErrors, [], `${label}: CSP errors in the console`)
}

test('the editor over https connects with wss, saves, and an edit reaches a second browser', async (t) => {
  assert.match(serverUrl, /^https:/)
  const card = freshCard('tls')
  const alice = await openPage(t, cardPageUrl(card, userToken('alice')), 'alice')
  const bob = await openPage(t, cardPageUrl(card, userToken('bob')), 'bob')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(bob, 'bob')])
  const wsBase = await alice.locator('meta[name=promptcards-ws]').getAttribute('content')
  assert.equal(wsBase, serverUrl.replace(/^https:/, 'wss:') + '/ws')

  await typeInto(alice, fieldContent(alice, 'template'), 'Over TLS: {{text}}')
  await waitForText(fieldContent(bob, 'template'), "bob to see alice's text", (text) => text === 'Over TLS: {{text}}')
  await waitFor('alice to be saved', async () =>
    (await statusOf(alice).getAttribute('data-connection')) === 'synced' &&
    (await statusOf(alice).getAttribute('data-unsaved')) === 'false')
  assert.equal((await statusOf(alice).textContent()).trim(), 'Saved')

  // CodeMirror's injected styles, the remote carets' style attributes, wss:, the favicon: all allowed
  await assertNoViolations(alice, alice, 'alice')
  await assertNoViolations(bob, bob, 'bob')
  await screenshot(alice, 'tls-editor-alice')

  // The policy is enforced (so the empty lists above mean something): an inline script is refused.
  const ran = await alice.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.inlineScriptRan = true'
    document.head.append(script)
    return window.inlineScriptRan === true
  })
  assert.equal(ran, false, 'an inline script ran under the page policy')
  await waitFor('the refused inline script to be reported', async () =>
    (await violationsIn(alice)).some((violation) => violation.startsWith('script-src-elem blocked inline')),
  { explain: async () => JSON.stringify(await violationsIn(alice)) })
})

test('the iframe embed on another site works over https under its own policy', async (t) => {
  const card = freshCard('tls-iframe')
  const alice = await openPage(t, cardPageUrl(card, userToken('alice')), 'alice')
  const hostPage = await openPage(t, host.iframeUrl({ workspace, card, token: userToken('dave') }), 'iframe host')
  const embedded = hostPage.frameLocator('iframe')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(embedded, 'the iframe')])

  await typeInto(hostPage, fieldContent(embedded, 'template'), 'From the iframe.')
  await waitForText(fieldContent(alice, 'template'), "alice to see the iframe's text", (text) => text === 'From the iframe.')

  const frame = hostPage.frames().find((candidate) => candidate.url().startsWith(serverUrl + '/embed/'))
  assert.ok(frame, `no frame of ${serverUrl}/embed/ in ${hostPage.frames().map((f) => f.url())}`)
  await assertNoViolations(hostPage, frame, 'the iframe')
  await screenshot(hostPage, 'tls-embed-iframe-host-page')
})

test('the widget on another site loads embed.js over https and edits the card', async (t) => {
  const card = freshCard('tls-widget')
  const alice = await openPage(t, cardPageUrl(card, userToken('alice')), 'alice')
  const hostPage = await openPage(t, host.widgetUrl({ workspace, card, token: userToken('dave') }), 'widget host')
  const widget = hostPage.locator('prompt-card-editor')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(widget, 'the widget')])

  await typeInto(alice, fieldContent(alice, 'template'), 'From the page.')
  await waitForText(fieldContent(widget, 'template'), "the widget to see alice's text", (text) => text === 'From the page.')
  assert.deepEqual(hostPage.consoleErrors, [], 'errors on the host page')
})
