import { describe, expect, it } from 'vitest'
import { failureTitle, formatUpdated } from './list-format'

const NOW = Date.parse('2025-03-02T12:00:00Z')

describe('when a card changed', () => {
  it('is relative within a day', () => {
    expect(formatUpdated('2025-03-02T11:59:30Z', NOW)).toBe('just now')
    expect(formatUpdated('2025-03-02T11:55:00Z', NOW)).toBe('5 min ago')
    expect(formatUpdated('2025-03-02T09:00:00Z', NOW)).toBe('3 h ago')
  })

  it('is the local date after a day', () => {
    const at = new Date(2025, 0, 31, 12, 0, 0)
    expect(formatUpdated(at.toISOString(), at.getTime() + 3 * 86_400_000)).toBe('2025-01-31')
  })

  it('is empty when unknown or unreadable', () => {
    expect(formatUpdated(undefined, NOW)).toBe('')
    expect(formatUpdated('yesterday', NOW)).toBe('')
  })
})

describe('what a failed call means', () => {
  it('says it by status', () => {
    expect(failureTitle(401, 'list')).toBe('The server did not accept this token (expired, revoked or signed with another key): ask for a new link.')
    expect(failureTitle(403, 'list')).toBe("This token may not list this workspace's cards.")
    expect(failureTitle(403, 'create')).toBe('This token may not create cards here.')
    expect(failureTitle(404, 'list')).toBe('Not found: no such workspace here, or a server without the cards API.')
    expect(failureTitle(409, 'create')).toBe('A card with this id exists already.')
    expect(failureTitle(429, 'list')).toBe('Too many requests: wait a moment, then try again.')
    expect(failureTitle(500, 'create')).toBe('Could not create the card (HTTP 500).')
    expect(failureTitle(undefined, 'list')).toBe('Could not load the cards.')
  })
})
