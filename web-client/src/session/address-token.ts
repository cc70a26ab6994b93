/**
 * A token that came in the page's address (`#token=` or `?token=`) is taken out of the address bar as soon as
 * it is read (`history.replaceState`): copying the address then never hands out the holder's token (the Share
 * action mints a link for that). The page keeps it for this tab's reloads in `sessionStorage`, per path.
 */

/** What the page's address is read and rewritten through; the browser's, or a test's. */
export interface AddressBar {
  location: { pathname: string; search: string; hash: string }
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void }
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | undefined
}

const STORAGE_PREFIX = 'promptcards.token '

/**
 * The token of the address (the fragment's first, else the query's), removed from the address bar and kept
 * for this tab; without one in the address, the one kept for this path by an earlier load of this tab.
 *
 * @returns the token, or undefined when there is none
 */
export function takeAddressToken(bar: AddressBar): string | undefined {
  const { location } = bar
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''))
  const query = new URLSearchParams(location.search)
  const token = nonEmpty(hash.get('token')) ?? nonEmpty(query.get('token'))
  const key = STORAGE_PREFIX + location.pathname
  if (token === undefined) return nonEmpty(read(bar, key))
  const hadQueryToken = query.has('token')
  hash.delete('token')
  query.delete('token')
  const search = hadQueryToken ? (query.size > 0 ? `?${query}` : '') : location.search
  const fragment = hash.size > 0 ? `#${hash}` : ''
  bar.history.replaceState(bar.history.state, '', location.pathname + search + fragment)
  try {
    bar.storage?.setItem(key, token)
  } catch {
    // storage full or refused (private modes): a reload then asks for the token again
  }
  return token
}

function read(bar: AddressBar, key: string): string | null {
  try {
    return bar.storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim()
}

let taken: { token: string | undefined } | undefined

/** {@link takeAddressToken} for this page, once: later calls give the same answer. */
export function pageAddressToken(): string | undefined {
  if (taken === undefined) {
    let storage: AddressBar['storage']
    try {
      storage = window.sessionStorage
    } catch {
      storage = undefined
    }
    taken = { token: takeAddressToken({ location: window.location, history: window.history, storage }) }
  }
  return taken.token
}
