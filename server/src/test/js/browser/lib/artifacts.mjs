// Screenshots of the states the tests reach, for a person to look at: $PROMPTCARDS_ARTIFACTS
// (BrowserEditingTest sets server/target/browser-artifacts), else that folder from here.

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = process.env.PROMPTCARDS_ARTIFACTS ||
  fileURLToPath(new URL('../../../../../target/browser-artifacts', import.meta.url))

/** Writes a screenshot of `page` to DIR/NAME.png: the whole page, or the viewport only (`fullPage: false`). */
export const screenshot = async (page, name, { fullPage = true } = {}) => {
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, name + '.png'), fullPage })
}
