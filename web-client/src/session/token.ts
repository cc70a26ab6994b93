/**
 * The JWT a page connects with: where it comes from, and the claims the editor shows (it does not
 * verify anything; the server does).
 */

/** The claims the editor reads (ARCHITECTURE.md / README: sub, ws, cards, role, exp; name optional). */
export interface TokenClaims {
  sub?: string
  name?: string
  ws?: string
  /** `"*"`: every card of the workspace; else the card ids the token opens */
  cards?: unknown
  role?: string
  /** seconds since the epoch */
  exp?: number
}

/** Reads a JWT's payload without verifying it; undefined when it is not a readable JWT. */
export function readClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/')
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0))
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof claims === 'object' && claims !== null ? (claims as TokenClaims) : undefined
  } catch {
    return undefined
  }
}

/** True when the token is a share link's (the server's share endpoint names its subject `share:<sharer>:<id>`). */
export function isShareLink(claims: TokenClaims | undefined): boolean {
  return typeof claims?.sub === 'string' && claims.sub.startsWith('share:')
}

/** True when the claims say the holder may only read. */
export function isViewer(claims: TokenClaims | undefined): boolean {
  return claims?.role === 'viewer'
}

/** The dev token the server put into the page, or undefined when it put none (placeholder left as is). */
export function injectedValue(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.startsWith('{{') ? undefined : nonEmpty(value)
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim()
}
