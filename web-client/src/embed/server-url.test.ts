import { describe, expect, it } from 'vitest'
import { wsBaseOf } from './server-url'

describe('wsBaseOf', () => {
  it('maps http to ws and https to wss, keeping host, port and path', () => {
    expect(wsBaseOf('http://127.0.0.1:8080', 'https://host.example/page')).toBe('ws://127.0.0.1:8080/ws')
    expect(wsBaseOf('https://cards.example.com/promptcards/', 'https://host.example/')).toBe('wss://cards.example.com/promptcards/ws')
    expect(wsBaseOf('wss://cards.example.com', 'http://x/')).toBe('wss://cards.example.com/ws')
  })

  it('resolves a relative server against the page', () => {
    expect(wsBaseOf('/', 'https://cards.example.com/app')).toBe('wss://cards.example.com/ws')
  })

  it('refuses other schemes', () => {
    expect(() => wsBaseOf('javascript:alert(1)', 'https://x/')).toThrow(TypeError)
  })
})
