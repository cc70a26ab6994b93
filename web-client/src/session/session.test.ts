import { describe, expect, it } from 'vitest'
import { explainClose, formatBytes, refusesTheChanges } from './close-reasons'
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
  it('explain an expired token as a sign-in problem, for good, with nothing to show', () => {
    expect(explainClose(4401, 'token expired')).toEqual({
      permanent: true,
      fatal: true,
      short: 'token expired',
      message: 'Your session has expired. Sign in again (open the card with a fresh token) to keep editing.',
    })
  })

  it('name the card and change limits with their values and what to do', () => {
    expect(explainClose(4413, 'card too big (max 33554432 bytes)')).toEqual({
      permanent: true,
      short: 'card over the 32 MiB limit',
      message:
        "The card would become larger than this server's limit of 32 MiB for one card (--max-card-bytes). " +
        'It was not saved; reload to continue with the stored card, then make room: remove test cases or long values, or split the card in two.',
    })
    expect(explainClose(4413, 'frame too big (max 4194304 bytes)')).toEqual({
      permanent: true,
      short: 'change over the 4 MiB limit',
      message:
        "That change is larger than this server's limit of 4 MiB for one change (--max-frame-bytes). " +
        'It was not saved; reload to continue with the stored card, then paste in smaller pieces.',
    })
    expect(explainClose(4413, 'frame too big (max 1536 bytes)').short).toBe('change over the 1.5 KiB limit')
    // the WebSocket decoder's refusal of a frame over the limit (server FrameErrorHandler)
    expect(explainClose(4413, 'frame too large (max 4194304 bytes)')).toEqual(explainClose(4413, 'frame too big (max 4194304 bytes)'))
  })

  it('quote a server that does not name the limit, and explain too many editors', () => {
    expect(explainClose(4413, 'card too big').message).toBe(
      'The card would become larger than this server allows (server: card too big). It was not saved; reload to continue with the stored card.',
    )
    expect(explainClose(4413, 'too many structs in one update').message).toBe(
      'That change is larger than this server allows (server: too many structs in one update). ' +
        'It was not saved; reload to continue with the stored card, then make it in smaller steps.',
    )
    expect(explainClose(4413, 'too many awareness clients').message).toBe(
      'Too many editors are on this card at once (server: too many awareness clients). Try again later.',
    )
  })

  it('name the workspace quota of cards a new card met', () => {
    expect(explainClose(4403, 'workspace has reached its quota of 5 cards')).toEqual({
      permanent: true,
      fatal: true,
      short: 'workspace quota of 5 cards reached',
      message:
        'This workspace has reached its quota of 5 cards, so this card was not created. ' +
        "Delete a card the workspace no longer needs, or ask its admin to raise the quota (maxCards).",
    })
  })

  it('tell a deleted card from one that never existed', () => {
    expect(explainClose(4404, 'card deleted')).toMatchObject({ fatal: true, short: 'card deleted' })
    expect(explainClose(4404, 'no such card')).toMatchObject({ fatal: true, short: 'no such card' })
  })

  it('keep retrying on server errors and normal closes', () => {
    expect(explainClose(1011, 'card cannot be loaded').permanent).toBe(false)
    expect(explainClose(1011, 'card cannot be loaded').fatal).toBeUndefined()
    expect(explainClose(1006, '')).toEqual({ permanent: false, message: '' })
    expect(explainClose(4499, '').permanent).toBe(true)
  })

  it('write sizes as people read them', () => {
    expect(formatBytes(900)).toBe('900 bytes')
    expect(formatBytes(1024)).toBe('1 KiB')
    expect(formatBytes(32 * 1024 * 1024)).toBe('32 MiB')
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3 GiB')
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
      fatal: true,
      short: 'token expired',
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
