/**
 * The WebSocket base (`ws(s)://HOST/ws`) of a server given as http(s):// or ws(s)://, relative to the
 * page; a path after the host is kept (a server behind a proxy under /promptcards).
 *
 * @throws TypeError when `server` is not a URL
 */
export function wsBaseOf(server: string, pageUrl: string): string {
  const url = new URL(server, pageUrl)
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new TypeError(`not an http(s) or ws(s) URL: ${server}`)
  const protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:'
  return `${protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}/ws`
}
