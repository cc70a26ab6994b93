// Share links: an editor's Share makes a link for a viewer or an editor of one card; the viewer's link
// opens read-only, the editor's edits, an expired one is refused with a page saying so; no page keeps a
// token in its address bar once it has read it. The landing page explains a card name that breaks the rule.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { token } from '../lib/tokens.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { docText, fieldContent, statusOf, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'

const browser = await launchChromium()
after(() => browser.close())

/** Alice's Share: a link for `role` valid `life`; its address as the panel shows it. */
const shareLink = async (page, role, life) => {
  const panel = page.locator('[data-testid=share-panel]')
  if (!(await panel.isVisible())) await page.locator('[data-testid=share-button]').click()
  await page.locator('[data-testid=share-role]').selectOption(role)
  await page.locator('[data-testid=share-life]').selectOption({ label: life })
  const previous = await page.locator('[data-testid=share-link]').inputValue()
  await page.locator('[data-testid=share-create]').click()
  const link = page.locator('[data-testid=share-link]')
  await link.waitFor({ state: 'visible' })
  await page.waitForFunction((before) =>
    document.querySelector('[data-testid=share-link]').value !== before, previous)
  return link.inputValue()
}

const claimsOf = (url) =>
  JSON.parse(Buffer.from(new URL(url).hash.replace('#token=', '').split('.')[1], 'base64url').toString())

test("a viewer's link opens the card read-only, an editor's edits it, and no address bar keeps a token", async (t) => {
  const card = freshCard('share')
  // a token that outlives the links: a link never outlives its sharer's token
  const aliceToken = userToken('alice', { exp: Math.floor(Date.now() / 1000) + 40 * 86400 })
  const alice = await openPage(t, browser, cardPageUrl(card, aliceToken), 'alice')
  await waitForSynced(alice, 'alice')
  assert.equal(alice.url(), `${serverUrl}/w/${workspace}/c/${card}`, "alice's address bar after load")
  await typeInto(alice, fieldContent(alice, 'template'), 'Shared {{text}}.')

  const viewerLink = await shareLink(alice, 'viewer', '1 day')
  assert.ok(viewerLink.startsWith(`${serverUrl}/w/${workspace}/c/${card}#token=`), viewerLink)
  const viewerClaims = claimsOf(viewerLink)
  assert.deepEqual([viewerClaims.ws, viewerClaims.cards, viewerClaims.role], [workspace, [card], 'viewer'])
  assert.match(viewerClaims.sub, /^share:alice:[a-z0-9]{12}$/)
  assert.ok(Math.abs(viewerClaims.exp - (Date.now() / 1000 + 86400)) < 60, `exp ${viewerClaims.exp}`)
  assert.match(await alice.locator('[data-testid=share-message]').textContent(), /^Anyone with this link can view this card until /)
  await screenshot(alice, 'share-panel')

  const bob = await openPage(t, browser, viewerLink, 'bob (viewer link)')
  await waitForSynced(bob, 'bob')
  assert.equal(bob.url(), `${serverUrl}/w/${workspace}/c/${card}`, "bob's address bar after load")
  assert.equal(await statusOf(bob).getAttribute('data-readonly'), 'true')
  await waitForText(fieldContent(bob, 'template'), 'bob to read the template', (text) => text === 'Shared {{text}}.')
  assert.equal(await bob.locator('[data-testid=share-button]').count(), 0, 'a viewer has no Share button')
  await typeInto(bob, fieldContent(bob, 'template'), 'VIEWER')
  assert.equal(await docText(bob, 'template'), 'Shared {{text}}.')
  // a reload keeps the tab's token although the address no longer has it
  await bob.reload()
  await waitForSynced(bob, 'bob after a reload')
  assert.equal(await statusOf(bob).getAttribute('data-readonly'), 'true')

  const editorLink = await shareLink(alice, 'editor', '7 days')
  assert.equal(claimsOf(editorLink).role, 'editor')
  const carol = await openPage(t, browser, editorLink, 'carol (editor link)')
  await waitForSynced(carol, 'carol')
  assert.equal(carol.url(), `${serverUrl}/w/${workspace}/c/${card}`, "carol's address bar after load")
  assert.equal(await statusOf(carol).getAttribute('data-readonly'), 'false')
  await typeInto(carol, fieldContent(carol, 'template'), ' By Carol.')
  await waitForText(fieldContent(alice, 'template'), "alice to see carol's edit", (text) => text === 'Shared {{text}}. By Carol.')
})

test('an expired link is refused with a page that says so', async (t) => {
  const card = freshCard('expired')
  // as Share would make it, signed with the server's secret, but past its time
  const expired = token({ workspace, cards: [card], role: 'editor', sub: 'share:alice:expiredlink1', exp: Math.floor(Date.now() / 1000) - 60 })
  const page = await openPage(t, browser, cardPageUrl(card, expired), 'dave (expired link)')
  const notice = page.locator('[data-testid=link-expired]')
  await notice.waitFor()
  assert.match(await notice.textContent(), /^This link has expiredIts token expired on .+\. Ask whoever shared it with you for a new link\.$/)
  assert.equal(await page.locator('.cm-content').count(), 0, 'no editor drawn under an expired link')
  assert.equal(page.url(), `${serverUrl}/w/${workspace}/c/${card}`, 'the address bar after load')
  await screenshot(page, 'share-expired-link')
})

test('the landing page explains a card name that breaks the rule and fills its examples', async (t) => {
  const page = await openPage(t, browser, `${serverUrl}/#token=${userToken('erin')}`, 'erin (landing)')
  assert.equal(page.url(), `${serverUrl}/`, 'the landing page took the token out of its address')
  const problem = page.locator('[data-testid=name-problem]')
  await page.locator('input[name=card]').fill('my card/1')
  await problem.waitFor()
  assert.equal(await problem.textContent(),
    'A card name may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not space, "/").')
  await page.locator('input[name=card]').fill('x'.repeat(129))
  assert.equal(await problem.textContent(), 'A card name has at most 128 characters (this one has 129).')
  await page.locator('input[name=card]').fill('fine-name_1.2')
  await problem.waitFor({ state: 'hidden' })
  const examples = await page.locator('code[data-example]').allTextContents()
  assert.ok(examples.some((text) => text.includes(`src="${serverUrl}/embed.js"`)), examples.join('\n'))
  assert.ok(examples.every((text) => !text.includes('THIS_SERVER') && !text.includes('HOST:PORT')), examples.join('\n'))
  await page.locator('input[name=workspace]').fill(workspace)
  await page.locator('button[type=submit]').click()
  await page.waitForURL(`${serverUrl}/w/${workspace}/c/fine-name_1.2`)
  await waitForSynced(page, 'erin on the card she opened')
})
