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
  }
}

/** The results of a run by test case id, in the map's order. */
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
