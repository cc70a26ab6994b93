import { describe, expect, it } from 'vitest'
import { formatCost, formatCount, formatDuration, formatMillis, formatScore, formatSummary, formatTime, formatTokens } from './run-format'

describe('run figures', () => {
  it('write money with 4 decimals under a dollar, and unknown as nothing', () => {
    expect(formatCost(undefined)).toBe('')
    expect(formatCost(0)).toBe('$0')
    expect(formatCost(0.00004)).toBe('<$0.0001')
    expect(formatCost(0.0123)).toBe('$0.0123')
    expect(formatCost(12.345)).toBe('$12.35')
  })

  it('write durations in the unit a person reads', () => {
    expect(formatMillis(undefined)).toBe('')
    expect(formatMillis(420)).toBe('420 ms')
    expect(formatMillis(1_560)).toBe('1.5 s')
    expect(formatMillis(42_900)).toBe('42 s')
    expect(formatMillis(125_000)).toBe('2 min 5 s')
    expect(formatDuration('2026-12-07T10:00:00.000Z', '2026-12-07T10:00:03.500Z')).toBe('3.5 s')
    expect(formatDuration('2026-12-07T10:00:00.000Z', undefined)).toBe('')
    expect(formatDuration('soon', '2026-12-07T10:00:03.500Z')).toBe('')
  })

  it('write tokens in / out with separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatTokens(undefined, undefined)).toBe('')
    expect(formatTokens(12345, undefined)).toBe('12,345 / 0')
    expect(formatScore(0.875)).toBe('0.88')
    expect(formatScore(undefined)).toBe('')
  })

  it('keep an instant that is no date as it is stored', () => {
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('yesterday')).toBe('yesterday')
  })

  it('sum a run up in one line', () => {
    expect(formatSummary({ passed: 8, failed: 1, errors: 1, tokensIn: 1234, tokensOut: 567, costUsd: 0.0123, latencyMsP50: 420 })).toBe(
      '8 passed · 1 failed · 1 error · 80% pass · 1,234 / 567 tokens · $0.0123 · p50 420 ms',
    )
    expect(formatSummary({ passed: 0, failed: 0, errors: 0, tokensIn: 0, tokensOut: 0 })).toBe('0 passed · 0 failed · 0 / 0 tokens')
  })
})
