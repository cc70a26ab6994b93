// Issue 11's proof for the browser editor in dev mode: a `serve` without JWT settings is stopped and
// started again on the same port and data directory while a page edits, and nothing the page typed is
// lost. Run by DevModeRestartTest, which owns the server process (protocol: persistence/lib/driver.mjs):
//
//   "@stop {scenario}"      the page's edits are saved: the test stops the server (SIGTERM) and answers "stopped"
//   "@start {scenario}"     the page edited while the server was down: the test starts it again on the same
//                           port and data directory and answers "restarted URL" (with "newSecret": true,
//                           after deleting the dev secret's file: every token of the pages is refused)
//   "@verified {scenario}"  a fresh browser context sees every edit
//
// Three scenarios, each on a card of its own:
//   1. live:   the page keeps going without a reload (its dev token is still valid: the secret is in the
//              data directory), and its offline edits are stored;
//   2. reload: the page is reloaded once the server is back, before its edits could sync (its WebSockets
//              are held back meanwhile): the edits come from IndexedDB, the status says they are only on
//              this device, then they are stored;
//   3. closed: the tab is closed while the server is down, and the card opened again in the same browser
//              context (same IndexedDB) once the server is back: the offline edits are stored;
//   4. refused: the server comes back with a new dev secret, so the page's token is refused (4401): the
//              page keeps its edits, says that reloading gets a fresh token, and after the reload they are
//              stored;
//   5. widget: as 3. with the <prompt-card-editor> widget on a page of another origin (its copy of the card
//              lives in the host page's IndexedDB), given the dev token as its token attribute.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { awaitRestart, env, nextCommand, note, report, run } from '../persistence/lib/driver.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { docText, describeElement, fieldContent, statusOf, typeInto, waitForConnection, waitForSynced, waitForText } from './lib/editor.mjs'
import { waitFor } from './lib/wait.mjs'

const ONLY_LOCAL = /only on this device/

let serverUrl = env('SERVER_URL')
const browser = await launchChromium()
const cardUrl = (card) => `${serverUrl}/w/dev/c/${card}`

/** A browser context of its own (its own IndexedDB), with `blocked()` holding back its WebSockets. */
const newContext = async (label) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
  context.setDefaultTimeout(15000)
  let blocked = false
  // While blocked, every new WebSocket of the context is closed at once (as if the server were
  // unreachable); otherwise it goes to the server as usual.
  await context.routeWebSocket(/\/ws\//, (ws) => (blocked ? ws.close() : ws.connectToServer()))
  context.on('page', (page) => {
    page.on('pageerror', (error) => note(`${label}: page error: ${error.message}`))
    page.on('console', (message) => {
      // a WebSocket refused while the server is down is expected (and its URL holds the token)
      if (message.type() !== 'error' && message.type() !== 'warning') return
      if (!/WebSocket connection to .* failed/.test(message.text())) note(`${label}: console ${message.type()}: ${message.text()}`)
    })
  })
  return { context, block: (value) => { blocked = value } }
}

const open = async (context, card) => {
  const page = await context.newPage()
  const response = await page.goto(cardUrl(card))
  assert.ok(response.ok(), `${cardUrl(card)} answered HTTP ${response.status()}`)
  return page
}

const statusText = async (page) => (await statusOf(page).textContent()).trim()

const waitForSaved = (page, what) =>
  waitFor(what, async () =>
    (await statusOf(page).getAttribute('data-connection')) === 'synced' &&
    (await statusOf(page).getAttribute('data-unsaved')) === 'false',
  { timeout: 30000, explain: async () => `status: ${await describeElement(statusOf(page))}` })

/** What a person sees while the server is down: their edits are unsaved, and only on this device. */
const assertOnlyLocal = async (page, when) => { // page: a Page, or the widget's element
  await waitFor(`the status to say the edits are only on this device (${when})`, async () =>
    (await statusOf(page).getAttribute('data-unsaved')) === 'true' && ONLY_LOCAL.test(await statusText(page)),
  { explain: async () => `status: ${await describeElement(statusOf(page))}` })
  assert.equal(await statusOf(page).getAttribute('data-local-store'), 'on')
}

/** The server stops (the test does it) and the page sees it. */
const stopServer = async (scenario, page) => {
  report('stop', { scenario })
  const answer = await nextCommand()
  assert.equal(answer, 'stopped', `expected "stopped" from the test, got "${answer}"`)
  await waitForConnection(page, ['offline', 'connecting'], `the ${scenario} page to see the server gone`)
}

const startServer = async (scenario, { newSecret = false } = {}) => {
  report('start', newSecret ? { scenario, newSecret } : { scenario })
  serverUrl = await awaitRestart()
}

/** A browser that never saw the card opens it: it must hold `expected`. */
const verifyFresh = async (scenario, card, expected) => {
  const { context } = await newContext(`${scenario} fresh`)
  try {
    const page = await open(context, card)
    await waitForSynced(page, `a fresh page of ${scenario}`)
    await waitForText(fieldContent(page, 'template'), `a fresh page to show every edit of ${scenario}`, (text) => text === expected)
    assert.equal(await docText(page, 'template'), expected)
    await screenshot(page, `dev-restart-${scenario}-fresh`)
  } finally {
    await context.close()
  }
  report('verified', { scenario, expected })
}

const scenarios = {
  async live() {
    const card = `restart-live-${randomUUID().slice(0, 8)}`
    const { context } = await newContext('live')
    const page = await open(context, card)
    const template = fieldContent(page, 'template')
    await waitForSynced(page, 'the live page')
    await typeInto(page, template, 'Typed before.')
    await waitForSaved(page, 'the first edits to be saved')

    await stopServer('live', page)
    await typeInto(page, template, ' Typed while down.', { at: 'end' })
    await assertOnlyLocal(page, 'server down, live page')
    await screenshot(page, 'dev-restart-live-down')

    await startServer('live')
    await waitForSaved(page, 'the live page to reconnect and store its offline edits, without a reload')
    await typeInto(page, template, ' Typed after.', { at: 'end' })
    await waitForSaved(page, 'the edits after the restart to be saved')
    const expected = 'Typed before. Typed while down. Typed after.'
    assert.equal(await docText(page, 'template'), expected)
    await verifyFresh('live', card, expected)
    await context.close()
  },

  async reload() {
    const card = `restart-reload-${randomUUID().slice(0, 8)}`
    const { context, block } = await newContext('reload')
    const page = await open(context, card)
    const template = fieldContent(page, 'template')
    await waitForSynced(page, 'the reload page')
    await typeInto(page, template, 'Typed before.')
    await waitForSaved(page, 'the first edits to be saved')

    block(true) // from now on the page reaches no server until it has been reloaded
    await stopServer('reload', page)
    await typeInto(page, template, ' Typed while down.', { at: 'end' })
    await assertOnlyLocal(page, 'server down, before the reload')

    await startServer('reload')
    await page.reload()
    const restored = 'Typed before. Typed while down.'
    await waitForText(fieldContent(page, 'template'), 'the reloaded page to show its offline edits (from IndexedDB)', (text) => text === restored)
    await assertOnlyLocal(page, 'reloaded, not connected yet')
    assert.equal(await statusOf(page).getAttribute('data-connection'), 'connecting')
    await screenshot(page, 'dev-restart-reload-restored')

    block(false)
    await waitForSaved(page, 'the reloaded page to store the restored edits')
    await typeInto(page, fieldContent(page, 'template'), ' Typed after.', { at: 'end' })
    await waitForSaved(page, 'the edits after the reload to be saved')
    await verifyFresh('reload', card, 'Typed before. Typed while down. Typed after.')
    await context.close()
  },

  async closed() {
    const card = `restart-closed-${randomUUID().slice(0, 8)}`
    const { context } = await newContext('closed')
    const page = await open(context, card)
    await waitForSynced(page, 'the closed page')
    await typeInto(page, fieldContent(page, 'template'), 'Typed before.')
    await waitForSaved(page, 'the first edits to be saved')

    await stopServer('closed', page)
    await typeInto(page, fieldContent(page, 'template'), ' Typed while down.', { at: 'end' })
    await assertOnlyLocal(page, 'server down, before the tab is closed')
    await page.close()

    await startServer('closed')
    const reopened = await open(context, card)
    const expected = 'Typed before. Typed while down.'
    await waitForText(fieldContent(reopened, 'template'), 'the reopened tab to show the offline edits', (text) => text === expected)
    await waitForSaved(reopened, 'the reopened tab to store the offline edits')
    await verifyFresh('closed', card, expected)
    await context.close()
  },

  async widget() {
    const card = `restart-widget-${randomUUID().slice(0, 8)}`
    // the dev token, as the server puts it into its pages (and prints it)
    const html = await (await fetch(cardUrl('welcome'))).text()
    const token = /<meta name="promptcards-dev-token" content="([^"]+)">/.exec(html)?.[1]
    assert.ok(token && !token.startsWith('{{'), 'the dev-mode page holds the dev token')
    const host = await startHostPages(serverUrl) // the same URL after the restart: same port
    const { context } = await newContext('widget')
    const openWidget = async () => {
      const page = await context.newPage()
      await page.goto(host.widgetUrl({ workspace: 'dev', card, token }))
      return { page, widget: page.locator('prompt-card-editor') }
    }
    const { page, widget } = await openWidget()
    await waitForSynced(widget, 'the widget')
    await typeInto(page, fieldContent(widget, 'template'), 'Typed before.')
    await waitForSaved(widget, 'the first edits of the widget to be saved')

    await stopServer('widget', widget)
    await typeInto(page, fieldContent(widget, 'template'), ' Typed while down.', { at: 'end' })
    await assertOnlyLocal(widget, 'server down, before the host page is closed')
    await page.close()

    await startServer('widget')
    const reopened = await openWidget()
    const expected = 'Typed before. Typed while down.'
    await waitForText(fieldContent(reopened.widget, 'template'), 'the reopened widget to show the offline edits', (text) => text === expected)
    await waitForSaved(reopened.widget, 'the reopened widget to store the offline edits')
    await screenshot(reopened.page, 'dev-restart-widget-reopened')
    await verifyFresh('widget', card, expected)
    await context.close()
    await host.close()
  },

  async refused() {
    const card = `restart-refused-${randomUUID().slice(0, 8)}`
    const { context } = await newContext('refused')
    const page = await open(context, card)
    await waitForSynced(page, 'the refused page')
    await typeInto(page, fieldContent(page, 'template'), 'Typed before.')
    await waitForSaved(page, 'the first edits to be saved')

    await stopServer('refused', page)
    await typeInto(page, fieldContent(page, 'template'), ' Typed while down.', { at: 'end' })
    await assertOnlyLocal(page, 'server down, token not yet refused')

    await startServer('refused', { newSecret: true })
    await waitForConnection(page, ['closed'], 'the page to be refused with its old token')
    const banner = page.locator('[data-testid=error]')
    assert.equal(await banner.getAttribute('data-code'), '4401')
    assert.match(await banner.innerText(),
      /did not accept your token.*Your edits are kept on this device: reload the page to get a fresh token, and they sync\./s)
    await assertOnlyLocal(page, 'token refused')
    await screenshot(page, 'dev-restart-refused')

    await page.locator('[data-testid=error] [data-action=reload]').click()
    const expected = 'Typed before. Typed while down.'
    await waitForText(fieldContent(page, 'template'), 'the reloaded page to show its edits', (text) => text === expected)
    await waitForSaved(page, 'the reloaded page (a fresh token) to store the edits')
    await verifyFresh('refused', card, expected)
    await context.close()
  },
}

run(async () => {
  try {
    const only = process.env.SCENARIOS ? process.env.SCENARIOS.split(',') : Object.keys(scenarios)
    for (const name of only) {
      note(`scenario ${name}`)
      await scenarios[name]()
    }
    report('done', { scenarios: only })
  } finally {
    await browser.close()
  }
})
