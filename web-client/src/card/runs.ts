/**
 * Reading the card's runs (written by the server's runner, see "the card document schema" in
 * ARCHITECTURE.md): a run Y.Map or a result Y.Map turned into plain values, tolerating a map written
 * incompletely. The server's Java readers (dev.promptcards.card.schema.Runs) read the same way.
 */
import * as Y from 'yjs'

/** A run's figures, from the plain object under its `summary`. */
export interface RunSummary {
  passed: number
  failed: number
  errors: number
  tokensIn: number
  tokensOut: number
  costUsd?: number
  latencyMsP50?: number
}

/** A run's own fields (its results are read by {@link runResults}). */
export interface RunFields {
  /** queued | running | passed | failed | error | cancelled; '' when absent */
  status: string
  provider: string
  model: string
  by: string
  /** ISO-8601 */
  startedAt?: string
  finishedAt?: string
  /** base64 state vector of the card revision run */
  stateVector?: string
  summary?: RunSummary
  /** why the run as a whole ended error or cancelled; '' when nothing is said */
  error: string
}

/** How one assertion of a test came out. */
export interface AssertionResult {
  type: string
  pass: boolean
  score?: number
  reason?: string
}

/** A test's result in a run. */
export interface ResultFields {
  status: string
  /** streamed so far */
  output: string
  /** '' when nothing went wrong */
  error: string
  pass?: boolean
  score?: number
  assertions: AssertionResult[]
  latencyMs?: number
  tokensIn?: number
  tokensOut?: number
  costUsd?: number
}

/** The run maps, newest first (by `startedAt`). */
export function sortedRuns<T>(runs: Y.Map<T>): Array<[string, Y.Map<unknown>]> {
  return [...runs.entries()]
    .filter((entry): entry is [string, T & Y.Map<unknown>] => entry[1] instanceof Y.Map)
    .sort(([, a], [, b]) => String(b.get('startedAt') ?? '').localeCompare(String(a.get('startedAt') ?? '')))
}

export function runFields(run: Y.Map<unknown>): RunFields {
  const summary = plain(run.get('summary'))
  return {
    status: text(run.get('status')),
    provider: text(run.get('provider')),
    model: text(run.get('model')),
    by: text(run.get('by')),
    startedAt: string(run.get('startedAt')),
    finishedAt: string(run.get('finishedAt')),
    stateVector: string(run.get('stateVector')),
    summary:
      summary === undefined
        ? undefined
        : {
            passed: num(summary.passed),
            failed: num(summary.failed),
            errors: num(summary.errors),
            tokensIn: num(summary.tokensIn),
            tokensOut: num(summary.tokensOut),
            costUsd: optionalNum(summary.costUsd),
            latencyMsP50: optionalNum(summary.latencyMsP50),
          },
    error: text(run.get('error')),
  }
}

/** The statuses after which nothing changes any more. */
const FINAL_STATUSES = new Set(['passed', 'failed', 'error', 'cancelled'])

/** Whether a run or result with this status is still waiting or going (queued, running). */
export function isActive(status: string): boolean {
  return status === 'queued' || status === 'running'
}

/** Whether a run or result with this status has ended (passed, failed, error, cancelled). */
export function isFinal(status: string): boolean {
  return FINAL_STATUSES.has(status)
}

/** The id of the newest run that is queued or running (the one Cancel stops), if any. */
export function newestActiveRun<T>(runs: Y.Map<T>): string | undefined {
  return sortedRuns(runs).find(([, run]) => isActive(text(run.get('status'))))?.[0]
}

/**
 * A result's key split: the test case id, and for a test run `repeat` n > 1 times the repetition,
 * from 1 (the server keys those `<testId>#1` .. `<testId>#n`).
 */
export function resultKeyParts(key: string): { testId: string; repeat?: number } {
  const match = /^(.*)#([1-9]\d*)$/.exec(key)
  return match === null || match[1] === '' ? { testId: key } : { testId: match[1], repeat: Number(match[2]) }
}

/**
 * A short name of the card revision a run ran on, as a short commit hash names a commit: 8 hex digits
 * of the FNV-1a hash (32 bits) of the state vector's bytes; '' when the run names none.
 */
export function shortRevision(stateVector: string | undefined): string {
  if (stateVector === undefined || stateVector === '') return ''
  let bytes: Uint8Array
  try {
    bytes = Uint8Array.from(atob(stateVector), (char) => char.charCodeAt(0))
  } catch {
    bytes = new TextEncoder().encode(stateVector) // not base64: still a stable name for what is stored
  }
  // FNV-1a, 32 bits: offset basis 0x811c9dc5, prime 0x01000193 (http://www.isthe.com/chongo/tech/comp/fnv/)
  let hash = 0x811c9dc5
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

/** The results of a run by result key (see {@link resultKeyParts}), in the map's order. */
export function runResults(run: Y.Map<unknown>): Array<[string, ResultFields]> {
  const results = run.get('results')
  if (!(results instanceof Y.Map)) return []
  return [...results.entries()]
    .filter((entry): entry is [string, Y.Map<unknown>] => entry[1] instanceof Y.Map)
    .map(([testId, result]) => [testId, resultFields(result)])
}

export function resultFields(result: Y.Map<unknown>): ResultFields {
  const output = result.get('output')
  const pass = result.get('pass')
  const assertions = result.get('assertions')
  return {
    status: text(result.get('status')),
    output: output instanceof Y.Text ? output.toString() : text(output),
    error: text(result.get('error')),
    pass: typeof pass === 'boolean' ? pass : undefined,
    score: optionalNum(result.get('score')),
    assertions: Array.isArray(assertions)
      ? assertions
          .filter((assertion): assertion is Record<string, unknown> => typeof assertion === 'object' && assertion !== null && !Array.isArray(assertion))
          .map((assertion) => ({
            type: text(assertion.type),
            pass: assertion.pass === true,
            score: optionalNum(assertion.score),
            reason: assertion.reason === undefined || assertion.reason === null ? undefined : text(assertion.reason),
          }))
      : [],
    latencyMs: optionalNum(result.get('latencyMs')),
    tokensIn: optionalNum(result.get('tokensIn')),
    tokensOut: optionalNum(result.get('tokensOut')),
    costUsd: optionalNum(result.get('costUsd')),
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value))
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
/** Absent stays absent; anything else that is not a number reads as 0. */
const optionalNum = (value: unknown): number | undefined => (value === undefined ? undefined : num(value))
const plain = (value: unknown): Record<string, unknown> | undefined =>
  value instanceof Y.Map ? (value.toJSON() as Record<string, unknown>) : typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
