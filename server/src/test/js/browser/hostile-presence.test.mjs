// Another client's presence is not trusted: a viewer announcing a colour that smuggles CSS
// (`red;background:url(...)`, `url(...)`) and a name holding markup is drawn, on the full page and in
// the widget on another site (no CSP of ours there), with the fallback colour and the name as text:
// the browser requests nothing from the attacker's server and no element comes from the name.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import * as Y from 'yjs'
import { allSynced, connectClient } from '../lib/clients.mjs'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, remoteCaretNames, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

// The attacker's server: records every request a victim's browser makes to it.
const requests = []
const attacker = createServer((request, response) => {
  requests.push(request.url)
  response.writeHead(200, { 'content-type': 'image/png' })
  response.end()
})
await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve))
after(() => new Promise((resolve) => {
  attacker.closeAllConnections()
  attacker.close(() => resolve())
}))
const attackerUrl = `http://127.0.0.1:${attacker.address().port}`

const hostileName = '<img src=x onerror=pwned=1>Mallory\u0007'
const shownName = '<img src=x onerror=pwned=1>Mallory'
const fallback = 'rgb(107, 114, 128)' // #6b7280
const fallbackLight = 'rgba(107, 114, 128, 0.2)' // #6b728033

test("a hostile colour and name in another client's presence: no request, the name as text", async (t) => {
  const card = freshCard('hostile-presence')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  await waitForSynced(alice, 'alice')
  await typeInto(alice, fieldContent(alice, 'template'), 'Summarize {{text}} briefly.')
  const hostPage = await openPage(t, browser, host.widgetUrl({ workspace, card, token: userToken('dave') }), 'widget host')
  const widget = hostPage.locator('prompt-card-editor')
  await waitForSynced(widget, 'the widget')
  await waitForText(fieldContent(widget, 'template'), "the widget to show alice's text", (text) => text === 'Summarize {{text}} briefly.')

  // What reaches the attacker's port or is refused by a policy shows in the console or the requests.
  const complaints = []
  for (const [page, who] of [[alice, 'alice'], [hostPage, 'widget host']]) {
    page.on('console', (message) => complaints.push(`${who}: console ${message.type()}: ${message.text()}`))
    page.on('request', (request) => {
      if (request.url().startsWith(attackerUrl)) complaints.push(`${who}: request ${request.url()}`)
    })
  }

  const mallory = connectClient(t, { workspace, card }, {
    token: userToken('mallory', { role: 'viewer' }),
    user: { name: hostileName, color: `red;background:url(${attackerUrl}/color)`, colorLight: `url(${attackerUrl}/light)` }
  })
  await allSynced([mallory])
  const template = mallory.doc.getText('template')
  await waitFor('mallory to hold the template', () => template.toString() === 'Summarize {{text}} briefly.')
  // a selection of "Summarize": its background is colorLight, its caret color
  mallory.awareness.setLocalStateField('cursor', {
    anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(template, 0)),
    head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(template, 9))
  })

  for (const [page, scope, who] of [[alice, alice, 'alice'], [hostPage, widget, 'the widget']]) {
    await waitFor(`${who} to show mallory's caret with the name as text`, async () =>
      (await remoteCaretNames(scope, 'template')).includes(shownName),
    { explain: async () => `carets: ${JSON.stringify(await remoteCaretNames(scope, 'template'))}` })
    await waitFor(`${who} to list mallory as present, the name as text`, async () =>
      (await scope.locator('[data-testid=presence] [data-user]').allTextContents()).map((name) => name.trim()).includes(shownName))

    const caret = scope.locator('[data-field=template] .cm-ySelectionCaret').first()
    assert.deepEqual(await caret.evaluate((element) => {
      const style = getComputedStyle(element)
      return { background: style.backgroundColor, image: style.backgroundImage, border: style.borderLeftColor }
    }), { background: fallback, image: 'none', border: fallback }, `${who}: the caret's colours`)
    const selections = await scope.locator('[data-field=template] .cm-ySelection').evaluateAll((marks) =>
      marks.map((mark) => [getComputedStyle(mark).backgroundColor, getComputedStyle(mark).backgroundImage]))
    assert.deepEqual(selections, [[fallbackLight, 'none']], `${who}: the selection's colours`)
    const chip = scope.locator(`[data-testid=presence] [data-user="${shownName.replace(/"/g, '\\"')}"]`)
    assert.equal(await chip.getAttribute('style'), '--user-color: #6b7280', `${who}: the chip's colour`)

    // CodeMirror's own <img class="cm-widgetBuffer"> sits beside every widget
    assert.equal(await scope.locator(':is([data-testid=presence], [data-field=template]) :is(img:not(.cm-widgetBuffer), [onerror])').count(),
      0, `${who}: elements made from the name`)
    assert.equal(await page.evaluate(() => window.pwned), undefined, `${who}: the name's script ran`)
  }
  // Painted: a background image would have been requested by now.
  await screenshot(alice, 'hostile-presence-page')
  await screenshot(hostPage, 'hostile-presence-widget')
  assert.deepEqual(requests, [], "requests the victims' browsers made to the attacker's server")
  assert.deepEqual(complaints.filter((line) => line.includes(attackerUrl)), [],
    'requests to the attacker, or refusals of them by the page policy')
})
