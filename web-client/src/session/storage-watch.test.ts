import { describe, expect, it } from 'vitest'
import { readinessUrlOf } from './storage-watch'

describe('readinessUrlOf', () => {
  it('is the readiness check on the same server, over http for ws and https for wss', () => {
    expect(readinessUrlOf('ws://127.0.0.1:8080/ws')).toBe('http://127.0.0.1:8080/readyz')
    expect(readinessUrlOf('wss://cards.example.com/ws')).toBe('https://cards.example.com/readyz')
  })
})
