/** Where a page's card or workspace is: from its path; links between the pages; the WebSocket base and the token the server injected. */
import { pageAddressToken } from '../session/address-token'
import { injectedValue } from '../session/token'

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

/** The workspace page's path `/w/{workspace}`. */
const WORKSPACE_PATH = /^\/w\/([^/]+)$/

export function workspaceFromPath(pathname: string): string | undefined {
  const match = WORKSPACE_PATH.exec(pathname)
  if (match === null) return undefined
  try {
    return decodeURIComponent(match[1])
  } catch {
    return undefined
  }
}

/**
 * The editor page of a card, carrying the page's token in its fragment; not a dev token, which the
 * editor page gets from the server itself (a fresh one).
 */
export function cardPageHref(workspace: string, card: string, token: string, tokenIsDev: boolean): string {
  const path = `/w/${encodeURIComponent(workspace)}/c/${encodeURIComponent(card)}`
  return tokenIsDev ? path : `${path}#token=${encodeURIComponent(token)}`
}

/** The workspace page, carrying the page's token as `cardPageHref` does. */
export function workspacePageHref(workspace: string, token: string, tokenIsDev: boolean): string {
  const path = `/w/${encodeURIComponent(workspace)}`
  return tokenIsDev ? path : `${path}#token=${encodeURIComponent(token)}`
}

function meta(name: string): string | undefined {
  return injectedValue(document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content)
}

/** `ws://HOST:PORT/ws` as the server saw us, else from the page's own address. */
export function pageWsBase(): string {
  return pageWsBaseOf(meta('promptcards-ws'), location)
}

/**
 * The WebSocket base of a page: the one the server injected, else the page's own host; always `wss:` on an
 * `https:` page (behind a proxy that terminates TLS the server sees plain HTTP and injects `ws:`, which the
 * browser would block as mixed content).
 */
export function pageWsBaseOf(injected: string | undefined, page: { protocol: string; host: string }): string {
  const secure = page.protocol === 'https:'
  const base = injected ?? `${secure ? 'wss:' : 'ws:'}//${page.host}/ws`
  return secure ? base.replace(/^ws:/, 'wss:') : base
}

/**
 * The page's token: the address's (`#token=`, `?token=`; taken out of the address bar, kept for this tab's
 * reloads: `pageAddressToken`), else the one the server put into the page in dev mode.
 */
export function pageToken(): string | undefined {
  return pageAddressToken() ?? meta('promptcards-dev-token')
}

/** True when the page's token is the one a dev-mode server put into it (reloading gets a fresh one). */
export function pageTokenIsDev(): boolean {
  return meta('promptcards-dev-token') !== undefined && pageAddressToken() === undefined
}
