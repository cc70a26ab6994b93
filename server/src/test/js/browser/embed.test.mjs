// The card embedded in another site: the <prompt-card-editor> widget and the iframe edit it
// together with the full page, and the widget's and the host's styles stay on their own side.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { serverUrl } from '../lib/server.mjs'
import { screenshot } from './lib/artifacts.mjs'
import { launchChromium } from './lib/chromium.mjs'
import { fieldContent, typeInto, waitForSynced, waitForText } from './lib/editor.mjs'
import { startHostPages } from './lib/host-page.mjs'
import { cardPageUrl, freshCard, openPage, userToken, workspace } from './lib/users.mjs'

const browser = await launchChromium()
after(() => browser.close())
const host = await startHostPages(serverUrl)
after(() => host.close())

const styleProperties = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'color', 'backgroundColor',
  'marginTop', 'marginBottom', 'paddingTop', 'paddingLeft', 'display', 'letterSpacing', 'textTransform']

const computedStyle = (locator) => locator.evaluate((element, properties) => {
  const style = getComputedStyle(element)
  return Object.fromEntries(properties.map((property) => [property, style[property]]))
}, styleProperties)

const fontProperties = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight']

/** The fonts of the title's and the template's text, which CodeMirror's base theme would otherwise set. */
const fieldFonts = async (scope) => {
  const fonts = {}
  for (const name of ['title', 'template']) {
    for (const selector of ['.cm-scroller', '.cm-line']) {
      const element = scope.locator(`[data-field="${name}"] ${selector}`).first()
      fonts[`${name} ${selector}`] = await element.evaluate((node, properties) => {
        const style = getComputedStyle(node)
        return properties.map((property) => style[property]).join(' | ')
      }, fontProperties)
    }
  }
  return fonts
}

/** Alice's full page and the `embedded` scope edit one template together. */
const editTogether = async (alice, embeddedPage, embedded) => {
  await Promise.all([waitForSynced(alice, 'alice'), waitForSynced(embedded, 'the embedded editor')])
  await typeInto(embeddedPage, fieldContent(embedded, 'template'), 'From the embed.')
  await waitForText(fieldContent(alice, 'template'), 'alice to see the embed\'s text', (text) => text === 'From the embed.')
  await typeInto(alice, fieldContent(alice, 'template'), ' From the page.')
  await waitForText(fieldContent(embedded, 'template'), "the embed to see alice's text",
    (text) => text === 'From the embed. From the page.')
}

test('the widget on another origin edits with the full page, and no style crosses its boundary', async (t) => {
  const card = freshCard('embed')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const hostPage = await openPage(t, browser, host.widgetUrl({ workspace, card, token: userToken('dave') }), 'widget host')
  const widget = hostPage.locator('prompt-card-editor')
  await editTogether(alice, hostPage, widget)

  const content = await computedStyle(fieldContent(widget, 'template'))
  assert.notEqual(content.backgroundColor, 'rgb(255, 0, 0)', "the host's background reached the widget's editor")
  assert.notEqual(content.fontFamily.trim(), 'serif', "the host's font reached the widget's editor")
  const redButtons = await widget.locator('button').evaluateAll((buttons) =>
    buttons.filter((button) => getComputedStyle(button).backgroundColor === 'rgb(255, 0, 0)').length)
  assert.equal(redButtons, 0, "buttons of the widget with the host's red background")

  assert.deepEqual(await fieldFonts(widget), await fieldFonts(alice),
    "the widget's fields do not use the fonts of the page editor's")

  const baseline = await openPage(t, browser, host.baselineUrl(), 'host without the widget')
  for (const selector of ['.host-text', 'body', 'h1']) {
    assert.deepEqual(await computedStyle(hostPage.locator(selector)), await computedStyle(baseline.locator(selector)),
      `the computed style of the host's ${selector} changed with the widget on the page`)
  }
  await screenshot(hostPage, 'embed-widget-host-page')
})

test('the iframe embed on another origin edits with the full page', async (t) => {
  const card = freshCard('iframe')
  const alice = await openPage(t, browser, cardPageUrl(card, userToken('alice')), 'alice')
  const hostPage = await openPage(t, browser, host.iframeUrl({ workspace, card, token: userToken('dave') }), 'iframe host')
  await editTogether(alice, hostPage, hostPage.frameLocator('iframe'))
  await screenshot(hostPage, 'embed-iframe-host-page')
})
