import { describe, expect, it } from 'vitest'
import { explainClose, refusesTheChanges } from './close-reasons'
import { injectedValue, isShareLink, isViewer, readClaims } from './token'
import { localStoreName } from './connection'

// base64url of the UTF-8 JSON, as a JWT carries its payload
const jwt = (claims: object) => {
  const utf8 = String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims)))
  return `eyJhbGciOiJIUzI1NiJ9.${btoa(utf8).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`
}

describe('tokens', () => {
  it('reads the claims of a JWT without verifying it', () => {
    const claims = readClaims(jwt({ sub: 'alice', role: 'viewer', exp: 10, name: 'Alice Ä' }))
    expect(claims).toEqual({ sub: 'alice', role: 'viewer', exp: 10, name: 'Alice Ä' })
    expect(isViewer(claims)).toBe(true)
  })

  it('reads nothing from a malformed token', () => {
    expect(readClaims('nope')).toBeUndefined()
    expect(readClaims('a.%%%.c')).toBeUndefined()
    expect(isViewer(undefined)).toBe(false)
  })

  it("tells a share link's token by its subject", () => {
    expect(isShareLink({ sub: 'share:alice:abc123' })).toBe(true)
    expect(isShareLink({ sub: 'alice' })).toBe(false)
    expect(isShareLink(undefined)).toBe(false)
  })

  it('treats a placeholder the server did not replace as no value', () => {
    expect(injectedValue('{{DEV_TOKEN}}')).toBeUndefined()
    expect(injectedValue('')).toBeUndefined()
    expect(injectedValue('abc')).toBe('abc')
  })
})

describe('close codes', () => {
  it('explain an expired token as a sign-in problem, for good', () => {
    expect(explainClose(4401, 'token expired')).toEqual({
      permanent: true,
      message: 'Your session has expired. Sign in again (open the card with a fresh token) to keep editing.',
    })
  })

  it('explain a card too big, a change too big and too many editors, quoting the server', () => {
    expect(explainClose(4413, 'card too big')).toEqual({
      permanent: true,
      message:
        'The card would become larger than this server allows (server: card too big). ' +
        'It was not saved; reload to continue with the stored card.',
    })
    expect(explainClose(4413, 'frame too big').message).toBe(
      'That change is too large to send in one piece (server: frame too big). It was not saved; reload to continue with the stored card.',
    )
    expect(explainClose(4413, 'too many awareness clients').message).toBe(
      'Too many editors are on this card at once (server: too many awareness clients). Try again later.',
    )
  })

  it('keep retrying on server errors and normal closes', () => {
    expect(explainClose(1011, 'card cannot be loaded').permanent).toBe(false)
    expect(explainClose(1006, '')).toEqual({ permanent: false, message: '' })
    expect(explainClose(4499, '').permanent).toBe(true)
  })
})

describe('a refused token', () => {
  it('in dev mode: the edits are kept, a reload gets a fresh token and they sync', () => {
    expect(explainClose(4401, 'bad signature', { devToken: true, keptLocally: true }).message).toBe(
      'The server did not accept your token (server: bad signature). Your edits are kept on this device: ' +
        'reload the page to get a fresh token, and they sync.',
    )
  })

  it('elsewhere: sign in again or get a token for the card; the edits are kept on this device', () => {
    expect(explainClose(4401, 'token expired', { keptLocally: true })).toEqual({
      permanent: true,
      message:
        'Your session has expired. Sign in again (open the card with a fresh token): ' +
        'your edits are kept on this device and sync then.',
    })
    expect(explainClose(4403, 'not your card', { keptLocally: true }).message).toBe(
      'Your token does not give access to this card (server: not your card). ' +
        'Open the card with a token that gives access to it: your edits are kept on this device and sync then.',
    )
  })

  it('does not promise to keep edits this browser cannot store', () => {
    expect(explainClose(4401, 'bad signature', { devToken: true }).message).toBe(
      'The server did not accept your token (server: bad signature). ' +
        'Reload the page to get a fresh token (edits not saved yet are lost on reload: copy them first).',
    )
    expect(explainClose(4403, '').message).toBe(
      'Your token does not give access to this card. Open the card with a token that gives access to it to keep editing.',
    )
  })
})

describe('the local store of a card', () => {
  it('is one database per server, workspace and card', () => {
    const names = [
      localStoreName({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'dev', card: 'welcome' }),
      localStoreName({ wsBase: 'ws://127.0.0.1:9090/ws', workspace: 'dev', card: 'welcome' }),
      localStoreName({ wsBase: 'wss://cards.example.com/ws', workspace: 'dev', card: 'welcome' }),
      localStoreName({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'team', card: 'welcome' }),
      localStoreName({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'dev', card: 'other' }),
      localStoreName({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'a b', card: 'c' }),
      localStoreName({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'a', card: 'b c' }),
    ]
    expect(new Set(names).size).toBe(names.length)
    expect(names[0]).toBe('promptcards ws://127.0.0.1:8080/ws dev/welcome')
  })
})

describe('changes the server refuses for what they are', () => {
  it('are a change too large or unreadable, not a refused token, the awareness limit or a retry', () => {
    expect(refusesTheChanges(4413, 'card too big')).toBe(true)
    expect(refusesTheChanges(4413, 'frame too big')).toBe(true)
    expect(refusesTheChanges(4400, 'malformed update')).toBe(true)
    expect(refusesTheChanges(4413, 'too many awareness clients')).toBe(false)
    expect(refusesTheChanges(4401, 'bad signature')).toBe(false)
    expect(refusesTheChanges(4403, '')).toBe(false)
    expect(refusesTheChanges(1013, 'busy')).toBe(false)
  })
})
