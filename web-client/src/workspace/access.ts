/**
 * What a token lets the workspace page do, read from its claims (the server checks again): list the
 * workspace's cards only with `"cards": "*"` for this workspace (the cards contract of issue 15); a token
 * for some cards gets those cards named instead of an empty list.
 */
import { readClaims } from '../session/token'

export type WorkspaceAccess =
  /** list, search and (unless `viewer`) create; also a credential the page cannot read (the API decides) */
  | { kind: 'all-cards'; viewer: boolean }
  /** a token that names its cards: it may open them, not list the workspace */
  | { kind: 'some-cards'; cards: string[] }
  | { kind: 'other-workspace'; workspace: string }
  | { kind: 'expired'; expiredAt: Date }

/**
 * @param token the page's token (a JWT; anything else, e.g. an API key, is left to the API)
 * @param workspace the page's workspace
 * @param nowMs the time now, in ms since the epoch
 */
export function workspaceAccess(token: string, workspace: string, nowMs: number): WorkspaceAccess {
  const claims = readClaims(token)
  if (claims === undefined) return { kind: 'all-cards', viewer: false }
  if (typeof claims.ws === 'string' && claims.ws !== workspace) return { kind: 'other-workspace', workspace: claims.ws }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs) return { kind: 'expired', expiredAt: new Date(claims.exp * 1000) }
  if (Array.isArray(claims.cards)) {
    return { kind: 'some-cards', cards: claims.cards.filter((card): card is string => typeof card === 'string') }
  }
  return { kind: 'all-cards', viewer: claims.role === 'viewer' }
}

/** The rule of a card id (the server's `CardKey`): 1 to 128 of `[A-Za-z0-9._-]`, not `.` or `..`. */
const CARD_ID = /^[A-Za-z0-9._-]{1,128}$/

/**
 * Why a card (or workspace) id typed by a person is not valid, as they can fix it; undefined when it is (or blank).
 *
 * @param noun how the message names it, e.g. `A card name`
 */
export function cardIdProblem(id: string, noun = 'An id'): string | undefined {
  const trimmed = id.trim()
  if (trimmed === '') return undefined
  if (trimmed.length > 128) return `${noun} has at most 128 characters (this one has ${trimmed.length}).`
  if (trimmed === '.' || trimmed === '..') return `${noun} cannot be "." or "..".`
  if (!CARD_ID.test(trimmed)) {
    const bad = [...new Set(trimmed.replace(/[A-Za-z0-9._-]/g, ''))].map((char) => (char === ' ' ? 'space' : `"${char}"`))
    return `${noun} may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not ${bad.join(', ')}).`
  }
  return undefined
}
