// The editor's fields as a newcomer meets them (issue 16): an assertion's type change keeps only a value
// valid for the new type, and the assertions column shows the longest type with its value on one line
// (page at 1280 px and the widget); the prompt preview fills a chosen test case's values in as people
// type, missing ones marked; the provider field says which providers this server can call.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, testRows, typeInto, waitForSynced } from './lib/editor.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

/** The assertions of the first test case as the page's Y.Doc has them. */
const assertionsOf = (page) => page.evaluate(() =>
  window.promptcards.doc.getArray('tests').toJSON()[0].assert.map(({ type, value }) => ({ type, value })))

/** Checks that an assertion row shows its type whole and keeps × on the type's line. */
const assertRowFits = async (row, what) => {
  const layout = await row.evaluate((li) => {
    const select = li.querySelector('[data-field=assert-type]')
    const label = select.selectedOptions[0].textContent
    const probe = document.createElement('span')
    probe.style.cssText = `position: absolute; visibility: hidden; white-space: pre; font: ${getComputedStyle(select).font}`
    probe.textContent = label
    li.append(probe)
    const textWidth = probe.getBoundingClientRect().width
    probe.remove()
    const box = (selector) => {
      const r = li.querySelector(selector).getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, width: r.width }
    }
    return { label, textWidth, select: box('[data-field=assert-type]'), value: box('[data-field=assert-value]'), remove: box('[data-action=remove-assert]') }
  })
  // the select's arrow takes about 20 px beside the text
  assert.ok(layout.select.width >= layout.textWidth + 16, `${what}: "${layout.label}" cut off: ${JSON.stringify(layout)}`)
  assert.ok(layout.remove.top < layout.select.bottom && layout.remove.bottom > layout.select.top, `${what}: × not on the type's line: ${JSON.stringify(layout)}`)
  assert.ok(layout.value.top < layout.select.bottom && layout.value.width >= 140, `${what}: the value not beside the type: ${JSON.stringify(layout)}`)
}

test("changing an assertion's type keeps its value only where it is valid; the longest type fits at 1280 px", async (t) => {
  const page = await openPage(t, browser, cardPageUrl(freshCard('assert-type'), userToken('alice')), 'alice')
  await page.setViewportSize({ width: 1280, height: 800 })
  await waitForSynced(page, 'alice')
  await page.locator('[data-action=add-test]').click()
  await testRows(page).first().locator('[data-action=add-assert]').click()
  const row = testRows(page).first().locator('[data-testid=assert-row]').first()
  await row.locator('[data-field=assert-value]').fill('Paris|Lyon')
  await waitFor('the value to be stored', async () => (await assertionsOf(page))[0].value === 'Paris|Lyon')

  await row.locator('[data-field=assert-type]').selectOption('regex')
  await waitFor('contains to become regex', async () => (await assertionsOf(page))[0].type === 'regex')
  assert.deepEqual(await assertionsOf(page), [{ type: 'regex', value: 'Paris|Lyon' }], 'a valid regex is kept')
  assert.equal(await row.locator('[data-field=assert-value]').inputValue(), 'Paris|Lyon')

  await row.locator('[data-field=assert-type]').selectOption('is-json')
  await waitFor('regex to become is-json', async () => (await assertionsOf(page))[0].type === 'is-json')
  assert.deepEqual(await assertionsOf(page), [{ type: 'is-json', value: '' }], 'a regex does not become a JSON Schema')
  assert.equal(await row.locator('[data-field=assert-value]').inputValue(), '')
  assert.equal(await row.locator('.pc-field-error').innerText(), '', 'no problem shown for the emptied optional schema')

  await row.locator('[data-field=assert-type]').selectOption('icontains-all')
  await row.locator('[data-field=assert-value]').fill('bonjour, merci')
  await assertRowFits(row, 'the page at 1280 px')
  await screenshot(page, 'assertion-longest-type-1280', { fullPage: false })
})

test('in the widget the longest assertion type and its value fit on one line', async (t) => {
  const card = freshCard('assert-widget')
  const hostPage = await openPage(t, browser, host.widgetUrl({ workspace, card, token: userToken('dave') }), 'widget host')
  const widget = hostPage.locator('prompt-card-editor')
  await waitForSynced(widget, 'the widget')
  await widget.locator('[data-action=add-test]').click()
  await testRows(widget).first().locator('[data-action=add-assert]').click()
  const row = testRows(widget).first().locator('[data-testid=assert-row]').first()
  await row.locator('[data-field=assert-type]').selectOption('icontains-all')
  await row.locator('[data-field=assert-value]').fill('bonjour, merci')
  await assertRowFits(row, 'the widget')
  await screenshot(hostPage, 'assertion-longest-type-widget')
})

test('the preview fills the chosen test case values in as people type, and marks the missing ones', async (t) => {
  const page = await openPage(t, browser, cardPageUrl(freshCard('preview'), userToken('alice')), 'alice')
  await waitForSynced(page, 'alice')
  await typeInto(page, fieldContent(page, 'system'), 'You answer in {{lang}}.')
  await typeInto(page, fieldContent(page, 'template'), 'Summarize {{ text }}.')
  const preview = page.locator('[data-testid=preview]')
  await preview.locator('summary').click()
  const template = preview.locator('[data-testid=preview-template]')
  const shows = (what, expected) => waitFor(what, async () => (await template.innerText()) === expected,
    { explain: async () => `preview: ${JSON.stringify(await template.innerText())}` })
  await waitFor('no test case: the preview says to add one', () => preview.locator('.pc-hint').isVisible())

  await page.locator('[data-action=add-test]').click()
  await page.keyboard.type('first', { delay: 20 })
  await typeInto(page, fieldContent(testRows(page).first(), 'var:text'), 'the report')
  await typeInto(page, fieldContent(testRows(page).first(), 'var:lang'), 'French')
  await shows('the preview to show the values typed', 'Summarize the report.')
  assert.equal(await preview.locator('[data-testid=preview-system]').innerText(), 'You answer in French.')

  // a variable the test case has no value for yet
  await typeInto(page, fieldContent(page, 'template'), ' For {{reader}}.', { at: 'end' })
  await shows('the preview to mark {{reader}} missing', 'Summarize the report. For {{reader}} missing.')
  assert.deepEqual(await template.locator('.pc-preview-missing').allInnerTexts(), ['{{reader}} missing'])
  assert.equal(await preview.locator('[data-testid=preview-missing]').innerText(),
    'This test case gives no value for {{reader}}: a run reports it as an error instead of calling the model.')
  await screenshot(page, 'preview-missing-variable')

  await typeInto(page, fieldContent(testRows(page).first(), 'var:reader'), 'the board')
  await shows('the preview to fill the last value in', 'Summarize the report. For the board.')
  assert.equal(await preview.locator('[data-testid=preview-missing]').isVisible(), false)

  // a second test case, chosen: its own values, each created empty with it (an empty value is a value)
  await page.locator('[data-action=add-test]').click()
  await page.keyboard.type('second', { delay: 20 })
  const choice = preview.locator('[data-field=preview-test]')
  await waitFor('the second test case to be offered', async () => (await choice.locator('option').allInnerTexts()).join() === 'first,second')
  await choice.selectOption({ label: 'second' })
  await shows('the preview of the second test case', 'Summarize . For .')
})

test('the provider field says which providers this server can call, and empty fields read as not set', async (t) => {
  const page = await openPage(t, browser, cardPageUrl(freshCard('providers'), userToken('alice')), 'alice')
  await waitForSynced(page, 'alice')
  const note = page.locator('[data-testid=provider-note]')
  // BrowserEditingTest's server has OPENAI_API_KEY and no ANTHROPIC_API_KEY
  await waitFor('the note to name the configured providers', async () =>
    (await note.innerText()) === 'No provider set: Run needs one. This server can call: echo, ollama, openai.',
  { explain: async () => `note: ${JSON.stringify(await note.innerText())}` })
  const provider = page.locator('[data-field=model-provider]')
  const name = page.locator('[data-field=model-name]')
  assert.equal(await provider.getAttribute('placeholder'), 'not set: Run needs one')
  assert.equal(await provider.evaluate((input) => getComputedStyle(input, '::placeholder').fontStyle), 'italic')
  assert.deepEqual(await page.locator('datalist option').evaluateAll((options) => options.map((o) => `${o.value}: ${o.label}`)), [
    'echo: configured on this server',
    'ollama: configured on this server',
    'openai: configured on this server',
    'anthropic: not configured on this server',
  ])

  await provider.fill('anthropic')
  await provider.press('Tab')
  await waitFor('the note to warn of anthropic', async () =>
    (await note.innerText()) === 'anthropic is not configured on this server (its API key or address is not set there): a run fails. This server can call: echo, ollama, openai.')
  assert.equal(await provider.getAttribute('data-set'), 'true')

  await provider.fill('echo')
  await provider.press('Tab')
  await waitFor('echo to be confirmed', async () => (await note.innerText()) === 'echo is configured on this server.')
  assert.equal(await name.getAttribute('placeholder'), 'default: echo')
  assert.equal(await name.getAttribute('data-set'), 'false')
  await screenshot(page, 'provider-field', { fullPage: false })
})
