import { describe, expect, it } from 'vitest'
import { cardFromPath, pageWsBaseOf } from './card-address'

describe('pageWsBaseOf', () => {
  it('takes the base the server injected', () => {
    expect(pageWsBaseOf('ws://127.0.0.1:8080/ws', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://127.0.0.1:8080/ws')
    expect(pageWsBaseOf('wss://cards.example/ws', { protocol: 'https:', host: 'cards.example' })).toBe('wss://cards.example/ws')
  })

  it('falls back to the page own host, wss: on an https: page', () => {
    expect(pageWsBaseOf(undefined, { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws')
    expect(pageWsBaseOf(undefined, { protocol: 'https:', host: 'cards.example:8443' })).toBe('wss://cards.example:8443/ws')
  })

  it('never connects in plain ws: from an https: page (a proxy terminating TLS)', () => {
    expect(pageWsBaseOf('ws://cards.example/ws', { protocol: 'https:', host: 'cards.example' })).toBe('wss://cards.example/ws')
  })
})

describe('cardFromPath', () => {
  it('reads workspace and card from the editor and the embed paths', () => {
    expect(cardFromPath('/w/dev/c/welcome')).toEqual({ workspace: 'dev', card: 'welcome' })
    expect(cardFromPath('/embed/w/acme/c/card%201')).toEqual({ workspace: 'acme', card: 'card 1' })
    expect(cardFromPath('/x/dev/c/welcome')).toBeUndefined()
  })
})
