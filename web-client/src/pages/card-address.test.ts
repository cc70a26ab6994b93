import { describe, expect, it } from 'vitest'
import { cardFromPath, cardPageHref, pageWsBaseOf, workspaceFromPath, workspacePageHref } from './card-address'

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

describe('workspaceFromPath', () => {
  it('reads the workspace of /w/{workspace} only', () => {
    expect(workspaceFromPath('/w/dev')).toBe('dev')
    expect(workspaceFromPath('/w/acme%20team')).toBe('acme team')
    expect(workspaceFromPath('/w/dev/')).toBeUndefined()
    expect(workspaceFromPath('/w/dev/c/welcome')).toBeUndefined()
    expect(workspaceFromPath('/embed/w/dev')).toBeUndefined()
  })
})

describe('links between the pages', () => {
  it('carry the page token in the fragment', () => {
    expect(cardPageHref('acme', 'card 1', 'a.b.c', false)).toBe('/w/acme/c/card%201#token=a.b.c')
    expect(workspacePageHref('acme', 'a.b.c', false)).toBe('/w/acme#token=a.b.c')
  })

  it('leave a dev token out: the next page gets its own from the server', () => {
    expect(cardPageHref('dev', 'welcome', 'a.b.c', true)).toBe('/w/dev/c/welcome')
    expect(workspacePageHref('dev', 'a.b.c', true)).toBe('/w/dev')
  })
})
