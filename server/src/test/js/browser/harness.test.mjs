// The harness itself: Debian's Chromium starts under playwright-core and reaches the server
// directly and through the proxy, and the proxy's cut really takes a page's WebSocket offline.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { startProxy } from './lib/proxy.mjs'
import { freshCard, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

/** In the page: opens a WebSocket to `url`; resolves "open" or "closed", whichever comes first. */
const openSocket = (page, url) => page.evaluate((u) => new Promise((resolve) => {
  const socket = new WebSocket(u)
  socket.onopen = () => {
    window.lastCloseCode = null
    socket.onclose = (event) => { window.lastCloseCode = event.code }
    resolve('open')
  }
  socket.onclose = () => resolve('closed')
}), url)

test('Chromium reaches the server directly and through the proxy, and cut() takes it offline', async (t) => {
  const proxy = await startProxy(Number(new URL(serverUrl).port))
  t.after(() => proxy.close())
  const context = await browser.newContext()
  t.after(() => context.close())
  const page = await context.newPage()
  for (const base of [serverUrl, proxy.url]) {
    const response = await page.goto(base + '/healthz')
    assert.equal(response.status(), 200)
    assert.equal((await page.textContent('body')).trim(), 'ok')
  }

  const socketUrl = `ws://${new URL(proxy.url).host}/ws/${workspace}/${freshCard('harness')}?token=${userToken('harness')}`
  assert.equal(await openSocket(page, socketUrl), 'open')
  proxy.cut()
  await waitFor('the open WebSocket to close', () => page.evaluate(() => window.lastCloseCode !== null))
  assert.equal(await openSocket(page, socketUrl), 'closed', 'a new WebSocket while cut')
  proxy.restore()
  assert.equal(await openSocket(page, socketUrl), 'open', 'a new WebSocket after restore()')
})
