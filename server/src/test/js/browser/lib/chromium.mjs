// Debian's Chromium (installed by ensure-chromium.sh) driven by playwright-core: never a
// downloaded browser.

import { chromium } from 'playwright-core'

/** $PROMPTCARDS_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.PROMPTCARDS_CHROMIUM || '/usr/bin/chromium'

// The GPU, QUIC and Chromium's own background traffic (updates, sync, first-run pages) fail or hang
// in containers without a display; the tests need none of them.
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/** A headless Chromium, with more command-line switches when given; close it when done. */
export const launchChromium = (extraArgs = []) =>
  chromium.launch({ executablePath: chromiumPath, headless: true, args: [...args, ...extraArgs], timeout: 60000 })
