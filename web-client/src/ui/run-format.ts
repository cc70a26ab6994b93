/** How the runs panel writes a run's figures: money, time, tokens, scores, its summary. */
import type { RunSummary } from '../card/runs'

/** USD as promptfoo's viewer shows it: 4 decimals under a dollar, 2 above; '' when unknown. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return ''
  if (usd === 0) return '$0'
  if (usd < 0.0001) return '<$0.0001'
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`
}

/** Milliseconds: `420 ms`, `1.5 s`, `42 s`, `2 min 5 s`; '' when unknown. */
export function formatMillis(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`
  const seconds = Math.floor(ms / 1000)
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

/** How long between two ISO-8601 instants; '' when one is missing or unreadable. */
export function formatDuration(from: string | undefined, to: string | undefined): string {
  if (from === undefined || to === undefined) return ''
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isNaN(ms) ? '' : formatMillis(Math.max(0, ms))
}

/** A count with thousands separators, the same in every locale (`12,345`). */
export function formatCount(count: number): string {
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Tokens in and out: `7 / 3`; '' when the provider reported neither. */
export function formatTokens(tokensIn: number | undefined, tokensOut: number | undefined): string {
  if (tokensIn === undefined && tokensOut === undefined) return ''
  return `${formatCount(tokensIn ?? 0)} / ${formatCount(tokensOut ?? 0)}`
}

/** A score with two decimals; '' when there is none. */
export function formatScore(score: number | undefined): string {
  return score === undefined ? '' : score.toFixed(2)
}

/** A stored instant in the reader's locale; the text as stored when it is no date; '' when absent. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso === '') return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** A run's figures in one line: `8 passed · 1 failed · 1 error · 80% pass · 1,234 / 567 tokens · $0.0123 · p50 420 ms`. */
export function formatSummary(summary: RunSummary): string {
  const tests = summary.passed + summary.failed + summary.errors
  return [
    `${summary.passed} passed`,
    `${summary.failed} failed`,
    summary.errors > 0 ? `${summary.errors} ${summary.errors === 1 ? 'error' : 'errors'}` : '',
    tests > 0 ? `${Math.round((100 * summary.passed) / tests)}% pass` : '',
    `${formatTokens(summary.tokensIn, summary.tokensOut)} tokens`,
    formatCost(summary.costUsd),
    summary.latencyMsP50 === undefined ? '' : `p50 ${formatMillis(summary.latencyMsP50)}`,
  ]
    .filter(Boolean)
    .join(' · ')
}
