// The editor by keyboard alone: from the template, Tab reaches "+ Test case", Enter adds a case
// and puts the caret in its name, Tab goes on to its variable's value; the focus is always visible.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, testRows, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { cardPageUrl, freshCard, openPage, userToken } from './lib/users.mjs'
import { waitFor } from './lib/wait.mjs'

const browser = await launchChromium()
after(() => browser.close())

/** What has the focus: data-action of a button, data-field of the field it is in, or its tag. */
const focused = (page) => page.evaluate(() => {
  const element = document.activeElement
  return element?.dataset.action ?? element?.closest('[data-field]')?.dataset.field ?? element?.localName
})

/** Whether the focused element, or the editor around it, shows a focus ring. */
const focusVisible = (page) => page.evaluate(() => {
  const element = document.activeElement
  const ring = element.closest('.cm-editor') ?? element
  const style = getComputedStyle(ring)
  return style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')
})

test('a test case is added and filled in with the keyboard alone, the focus always visible', async (t) => {
  const page = await openPage(t, browser, cardPageUrl(freshCard('keyboard'), userToken('kim')), 'kim')
  await waitForSynced(page, 'kim')
  await typeInto(page, fieldContent(page, 'template'), 'Greet {{name}}.')
  await page.locator('[data-testid=variables] [data-var=name]').waitFor()

  // past the template, the (closed) preview of the rendered prompt, then the tests
  await page.keyboard.press('Tab')
  assert.equal(await focused(page), 'summary')
  await page.keyboard.press('Tab')
  assert.equal(await focused(page), 'add-test')
  assert.ok(await focusVisible(page), 'the button shows its focus')
  await page.keyboard.press('Enter')
  await waitFor('the caret to be in the new test case name', async () => (await focused(page)) === 'name')
  await page.keyboard.type('by keyboard')
  assert.ok(await focusVisible(page), 'the name field shows its focus')

  await page.keyboard.press('Tab')
  await waitFor('the caret to be in the value of {{name}}', async () => (await focused(page)) === 'var:name')
  await page.keyboard.type('Ada')
  const row = testRows(page).first()
  await waitForText(fieldContent(row, 'name'), 'the name typed', (text) => text === 'by keyboard')
  await waitForText(fieldContent(row, 'var:name'), 'the value typed', (text) => text === 'Ada')
  assert.deepEqual(await page.evaluate(() => {
    const testCase = window.promptcards.doc.getArray('tests').get(0)
    return { name: testCase.get('name').toString(), value: testCase.get('vars').get('name').toString() }
  }), { name: 'by keyboard', value: 'Ada' })
  await screenshot(page, 'keyboard-test-case')
})
