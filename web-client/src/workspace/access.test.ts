import { describe, expect, it } from 'vitest'
import { cardIdProblem, workspaceAccess } from './access'

/** An unsigned JWT with these claims: the page reads claims, the server verifies. */
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
const NOW = Date.parse('2025-03-02T12:00:00Z')
const LATER = NOW / 1000 + 600

describe('what a token lets the workspace page do', () => {
  it('lists, searches and creates with cards "*" of this workspace', () => {
    expect(workspaceAccess(jwt({ ws: 'acme', cards: '*', role: 'editor', exp: LATER }), 'acme', NOW)).toEqual({ kind: 'all-cards', viewer: false })
  })

  it('lists without creating for a viewer', () => {
    expect(workspaceAccess(jwt({ ws: 'acme', cards: '*', role: 'viewer', exp: LATER }), 'acme', NOW)).toEqual({ kind: 'all-cards', viewer: true })
  })

  it('names the cards of a token for some cards instead of listing', () => {
    expect(workspaceAccess(jwt({ ws: 'acme', cards: ['a', 'b'], role: 'editor', exp: LATER }), 'acme', NOW)).toEqual({ kind: 'some-cards', cards: ['a', 'b'] })
  })

  it('names the workspace of a token for another one', () => {
    expect(workspaceAccess(jwt({ ws: 'other', cards: '*', exp: LATER }), 'acme', NOW)).toEqual({ kind: 'other-workspace', workspace: 'other' })
  })

  it('says when the token has expired', () => {
    expect(workspaceAccess(jwt({ ws: 'acme', cards: '*', exp: NOW / 1000 }), 'acme', NOW)).toEqual({ kind: 'expired', expiredAt: new Date(NOW) })
  })

  it('leaves a credential it cannot read to the API', () => {
    expect(workspaceAccess('pck_0123456789abcdef', 'acme', NOW)).toEqual({ kind: 'all-cards', viewer: false })
  })
})

describe('a new card id', () => {
  it('is fine blank (the server picks one) or in the rule', () => {
    expect(cardIdProblem('')).toBeUndefined()
    expect(cardIdProblem(' welcome-2.v1_x ')).toBeUndefined()
    expect(cardIdProblem('x'.repeat(128))).toBeUndefined()
  })

  it('names the characters that break the rule', () => {
    expect(cardIdProblem('my card/1!')).toBe('An id may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not space, "/", "!").')
    expect(cardIdProblem('é')).toBe('An id may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not "é").')
    expect(cardIdProblem('a b', 'A card name')).toBe('A card name may hold only letters A-Z and a-z, digits, ".", "_" and "-" (not space).')
  })

  it('refuses . and .. and ids over 128 characters', () => {
    expect(cardIdProblem('..')).toBe('An id cannot be "." or "..".')
    expect(cardIdProblem('x'.repeat(129))).toBe('An id has at most 128 characters (this one has 129).')
  })
})
