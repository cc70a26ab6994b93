// One editor goes offline (its page and WebSocket go through a proxy that is cut), both keep
// typing, and after the reconnect both hold the same text with both edits.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { docText, fieldContent, statusOf, typeInto, waitForConnection, waitForSynced, waitForText } from './lib/editor.mjs'
import { startProxy } from './lib/proxy.mjs'
import { cardPageUrl, freshCard, openPage, userToken } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

test('edits made offline and online at once converge after the reconnect', async (t) => {
  const proxy = await startProxy(Number(new URL(serverUrl).port))
  t.after(() => proxy.close())
  const card = freshCard('offline')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice'), proxy.url), 'alice (proxied)')
  const bob = await openPage(t, browser, cardPageUrl(card, userToken('bob')), 'bob')
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(bob, 'bob')])
  const aliceTemplate = fieldContent(alice, 'template')
  const bobTemplate = fieldContent(bob, 'template')
  await typeInto(bob, bobTemplate, 'Base text.')
  await waitForText(aliceTemplate, "alice to see bob's text", (text) => text === 'Base text.')

  proxy.cut()
  await waitForConnection(alice, ['offline', 'connecting'], 'alice to show that she is offline')
  await screenshot(alice, 'offline-alice')
  await Promise.all([
    typeInto(alice, aliceTemplate, ' Alice offline.', { at: 'end' }),
    typeInto(bob, bobTemplate, 'Bob online. ', { at: 'start' })
  ])
  await waitForText(aliceTemplate, 'alice to show her own edit only', (text) => text === 'Base text. Alice offline.')
  await waitForText(bobTemplate, 'bob to show his own edit only', (text) => text === 'Bob online. Base text.')
  assert.equal(await statusOf(alice).getAttribute('data-unsaved'), 'true', 'alice is told her edits are not stored yet')

  proxy.restore()
  const expected = 'Bob online. Base text. Alice offline.'
  await Promise.all([waitForSynced(alice, 'alice, reconnected'), waitForSynced(bob, 'bob')])
  await waitForText(aliceTemplate, 'alice to converge', (text) => text === expected)
  await waitForText(bobTemplate, 'bob to converge', (text) => text === expected)
  await waitFor('both Y.Docs to hold the converged text', async () =>
    (await docText(alice, 'template')) === expected && (await docText(bob, 'template')) === expected)
  await waitFor("the server to confirm alice's offline edits as stored", async () =>
    (await statusOf(alice).getAttribute('data-unsaved')) === 'false')
  await screenshot(alice, 'offline-converged-alice')
  await screenshot(bob, 'offline-converged-bob')
})
