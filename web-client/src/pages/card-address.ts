/** Where a page's card is: workspace and card from its path, the WebSocket base and the token the server injected. */
import { injectedValue, tokenOf } from '../session/token'

/** The names a card path may hold; the server checks them again. */
const PAGE_PATH = /^\/(?:embed\/)?w\/([^/]+)\/c\/([^/]+)\/?$/

export function cardFromPath(pathname: string): { workspace: string; card: string } | undefined {
  const match = PAGE_PATH.exec(pathname)
  if (match === null) return undefined
  try {
    return { workspace: decodeURIComponent(match[1]), card: decodeURIComponent(match[2]) }
  } catch {
    return undefined
  }
}

function meta(name: string): string | undefined {
  return injectedValue(document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content)
}

/** `ws://HOST:PORT/ws` as the server saw us, else from the page's own address. */
export function pageWsBase(): string {
  return meta('promptcards-ws') ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`
}

export function pageToken(): string | undefined {
  return tokenOf(location, meta('promptcards-dev-token'))
}

/** True when the page's token is the one a dev-mode server put into it (reloading gets a fresh one). */
export function pageTokenIsDev(): boolean {
  const dev = meta('promptcards-dev-token')
  return dev !== undefined && tokenOf(location, undefined) === undefined
}
