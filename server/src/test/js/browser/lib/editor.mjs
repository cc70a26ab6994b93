// The editor's DOM contract (web-client), as the tests read and drive it. `scope` is a Page, a
// FrameLocator or a Locator: playwright's CSS selectors pierce open shadow roots, so the same
// selectors work inside <prompt-card-editor>.

import { waitFor } from './wait.mjs'

export const statusOf = (scope) => scope.locator('[data-testid=status]')

/** Waits until the status's data-connection is one of `states`; returns it. */
export const waitForConnection = (scope, states, what = `the status to be ${states}`) =>
  waitFor(what, async () => {
    const state = await statusOf(scope).getAttribute('data-connection', { timeout: 1000 })
    return states.includes(state) && state
  }, { explain: async () => `status: ${await describeElement(statusOf(scope))}` })

export const waitForSynced = (scope, who) => waitForConnection(scope, ['synced'], `${who} to be synced`)

/**
 * The content of a text field: title, description, system, template, or in a test row name, var:NAME,
 * expected. That is CodeMirror's content, or the plain preview a cell of the tests table shows while
 * nobody edits it (clicking it puts a CodeMirror editor there).
 */
export const fieldContent = (scope, name) =>
  scope.locator(`[data-field="${name}"] :is(.cm-content, .pc-field-preview)`).first()

/** The text a field shows, without widgets such as remote carets (their name labels are text too). */
export const textOf = (content) => content.evaluate((element) => {
  if (element.classList.contains('pc-field-preview')) return element.textContent
  return [...element.querySelectorAll('.cm-line')].map((line) => {
    const copy = line.cloneNode(true)
    for (const widget of copy.querySelectorAll('[contenteditable=false], .cm-ySelectionCaret')) widget.remove()
    return copy.textContent
  }).join('\n')
})

/** Waits until `content` shows a text for which `accept(text)` holds; returns the text. */
export const waitForText = async (content, what, accept) => {
  let text
  await waitFor(what, async () => accept(text = await textOf(content)), { explain: () => `text: ${JSON.stringify(text)}` })
  return text
}

/**
 * Clicks into `content`, moves to its start or end, and types `text` key by key (as a person does,
 * so that concurrent typists interleave with the network).
 */
export const typeInto = async (page, content, text, { at = 'end', delay = 25 } = {}) => {
  await content.click()
  await page.keyboard.press(at === 'start' ? 'Control+Home' : 'Control+End')
  await page.keyboard.type(text, { delay })
}

/** The names on the remote carets shown in the field `name`. */
export const remoteCaretNames = (scope, name) =>
  scope.locator(`[data-field="${name}"] .cm-ySelectionCaret .cm-ySelectionInfo`).allTextContents()

/** The Y.Text `name` of the full page's Y.Doc (window.promptcards). */
export const docText = (page, name) =>
  page.evaluate((n) => window.promptcards.doc.getText(n).toString(), name)

export const testRows = (scope) => scope.locator('[data-testid=tests] [data-testid=test-row]')

/** The test case ids of the rows, in the order shown. */
export const testRowIds = (scope) =>
  testRows(scope).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-test-id')))

/** An element's tag, attributes and text, for failure messages. */
export const describeElement = async (locator) => {
  if ((await locator.count()) === 0) return '(absent)'
  return locator.first().evaluate((element) =>
    `<${element.localName}${[...element.attributes].map((a) => ` ${a.name}="${a.value}"`).join('')}> ` +
    JSON.stringify(element.textContent.trim().slice(0, 200)))
}
