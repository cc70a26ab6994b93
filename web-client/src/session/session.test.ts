import { describe, expect, it } from 'vitest'
import { explainClose } from './close-reasons'
import { injectedValue, isViewer, readClaims, tokenOf } from './token'

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

  it('takes the fragment first, then the query, then the injected dev token', () => {
    expect(tokenOf({ hash: '#token=h', search: '?token=q' }, 'd')).toBe('h')
    expect(tokenOf({ hash: '', search: '?token=q' }, 'd')).toBe('q')
    expect(tokenOf({ hash: '#token=', search: '' }, 'd')).toBe('d')
    expect(tokenOf({ hash: '', search: '' }, undefined)).toBeUndefined()
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
