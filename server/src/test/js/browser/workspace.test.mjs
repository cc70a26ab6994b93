// The workspace page /w/{workspace} (issue 15) against the cards API (GET/POST
// /api/v1/workspaces/{ws}/cards): a person with a token for every card lists the workspace's cards,
// searches them, creates one that opens in the editor, and opens another from the list; a token for
// some cards gets those cards named instead of a list.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, waitForSynced, waitForText } from './lib/editor.mjs'
import { openPage } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'
import { token } from '../lib/tokens.mjs'

// a workspace of this file's own: the other browser tests edit cards of "e2e" meanwhile, and the list is
// newest update first
const workspace = `wsp-${randomUUID().slice(0, 8)}`
const userToken = (sub, { role = 'editor' } = {}) => token({ workspace, sub, role })

const browser = await launchChromium()
after(() => browser.close())

/** The API's base, as the pages find it (client-config.json beside the WebSocket listener). */
const apiUrl = async () => {
  const response = await fetch(`${serverUrl}/client-config.json`)
  assert.equal(response.status, 200, `${serverUrl}/client-config.json answered ${response.status}`)
  return (await response.json()).apiUrl
}

/** Creates a card through the API, as an integrator's backend would. */
const createCard = async (api, jwt, body) => {
  const response = await fetch(`${api}/workspaces/${workspace}/cards`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  assert.equal(response.status, 201, `POST cards answered ${response.status}: ${text}`)
  return JSON.parse(text)
}

const workspacePageUrl = (jwt) => `${serverUrl}/w/${workspace}#token=${jwt}`

/** The ids of the cards the list shows, in order. */
const listedIds = (page) =>
  page.locator('[data-testid=card-list] [data-testid=card-item]').evaluateAll((items) => items.map((item) => item.dataset.cardId))

const search = async (page, text) => {
  await page.locator('[data-testid=card-search]').fill(text)
}

test('a person lists the workspace cards, searches, creates a card and opens one', async (t) => {
  const api = await apiUrl()
  const jwt = userToken('alice')
  const tag = `wsp${randomUUID().slice(0, 8)}`
  const older = await createCard(api, jwt, { id: `${tag}-older`, title: `Older ${tag} summary` })
  const newer = await createCard(api, jwt, { id: `${tag}-newer`, title: `Newer ${tag} translation` })
  const other = await createCard(api, jwt, { id: `${tag}-other`, title: 'Unrelated' })

  const page = await openPage(t, browser, workspacePageUrl(jwt), 'alice')
  // every card of the workspace, newest updated first: the three just made lead
  await waitFor('the list to show the new cards first', async () =>
    JSON.stringify((await listedIds(page)).slice(0, 3)) === JSON.stringify([other.id, newer.id, older.id]),
  { explain: async () => `listed: ${JSON.stringify(await listedIds(page))}` })
  assert.equal(await page.locator(`[data-card-id="${newer.id}"] [data-testid=card-link]`).innerText(), `Newer ${tag} translation`)

  // the search matches title or id, case-insensitive
  await search(page, tag.toUpperCase())
  await waitFor('the search to list the two titled cards and the one by its id', async () =>
    JSON.stringify(await listedIds(page)) === JSON.stringify([other.id, newer.id, older.id]))
  await search(page, `newer ${tag}`)
  await waitFor('the search to narrow to one card', async () =>
    JSON.stringify(await listedIds(page)) === JSON.stringify([newer.id]),
  { explain: async () => `listed: ${JSON.stringify(await listedIds(page))}` })
  await search(page, `nothing-${tag}`)
  await waitFor('no card to match', async () =>
    (await page.locator('[data-testid=card-list-status]').innerText()) === `No card matches “nothing-${tag}”.`)
  await screenshot(page, 'workspace-search')

  // a new card: the id is checked as it is typed, then the card opens in the editor with its title
  await page.locator('[data-testid=new-card-id]').fill('not valid!')
  assert.equal(await page.locator('[data-testid=new-card-id-problem]').innerText(),
    'An id may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not space, "!").')
  await page.locator('[data-testid=new-card-id]').fill(`${tag}-made`)
  await page.locator('[data-testid=new-card-title]').fill(`Made ${tag} in the browser`)
  await page.locator('[data-testid=new-card]').click()
  // the editor page takes the token (carried in the link's fragment) out of its address once read
  await page.waitForURL(`${serverUrl}/w/${workspace}/c/${tag}-made`)
  await waitForSynced(page, 'alice in the new card')
  await waitForText(fieldContent(page, 'title'), 'the new card to show its title', (text) => text === `Made ${tag} in the browser`)

  // back in the list: the new card is there; its id again is refused with the API's words
  await page.goto(workspacePageUrl(jwt))
  await search(page, tag)
  await waitFor('the made card to lead the list', async () => (await listedIds(page))[0] === `${tag}-made`,
    { explain: async () => `listed: ${JSON.stringify(await listedIds(page))}` })
  await page.locator('[data-testid=new-card-id]').fill(older.id)
  await page.locator('[data-testid=new-card]').click()
  const refusal = page.locator('[data-testid=new-card-error]')
  await refusal.waitFor()
  assert.equal(await refusal.locator('strong').innerText(), 'A card with this id exists already.')
  assert.notEqual(await refusal.locator('[data-testid=api-error]').innerText(), '')
  await screenshot(page, 'workspace-conflict')

  // open a card from the list: the editor of that card, with the same token
  await page.locator(`[data-card-id="${older.id}"] [data-testid=card-link]`).click()
  await page.waitForURL(`${serverUrl}/w/${workspace}/c/${older.id}`)
  await waitForSynced(page, 'alice in the older card')
  await waitForText(fieldContent(page, 'title'), 'the opened card to show its title', (text) => text === `Older ${tag} summary`)
})

test('a viewer lists and opens cards but is not offered to create one', async (t) => {
  const page = await openPage(t, browser, workspacePageUrl(userToken('carol', { role: 'viewer' })), 'carol (viewer)')
  await waitFor('the list to load', async () => (await page.getAttribute('[data-testid=workspace]', 'data-loading')) === 'false')
  assert.equal(await page.locator('[data-testid=card-list-error]').isHidden(), true)
  assert.equal(await page.locator('[data-testid=new-card-form]').count(), 0)
})

test('a token for some cards names them instead of listing the workspace', async (t) => {
  const jwt = token({ workspace, sub: 'dave', cards: ['alpha', 'beta'] })
  const page = await openPage(t, browser, workspacePageUrl(jwt), 'dave')
  const notice = page.locator('[data-testid=workspace-notice]')
  assert.equal(await notice.locator('h1').innerText(), 'This token opens only some cards')
  assert.deepEqual(await notice.locator('[data-testid=token-cards] a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    [`/w/${workspace}/c/alpha#token=${jwt}`, `/w/${workspace}/c/beta#token=${jwt}`])
  assert.equal(await page.locator('[data-testid=card-list]').count(), 0)
})

test('a refused token shows the reason where the list would be', async (t) => {
  const jwt = token({ workspace, sub: 'erin' })
  const page = await openPage(t, browser, workspacePageUrl(`${jwt.slice(0, -4)}AAAA`), 'erin (bad signature)')
  const error = page.locator('[data-testid=card-list-error]')
  await error.waitFor()
  assert.equal(await error.locator('strong').innerText(),
    'The server did not accept this token (expired, revoked or signed with another key): ask for a new link.')
  assert.notEqual(await error.locator('[data-testid=api-error]').innerText(), '')
  await screenshot(page, 'workspace-refused-token')
})
