/**
 * A run as the results grid shows it, as promptfoo's viewer lays out an eval: one row per test case
 * (and per repetition of a repeated one), in the card's order of its test cases, each with the test's
 * name and values beside its output, assertions, score, latency, tokens and cost; above them the run's
 * own line. Plain values read from the document (runs.ts), no DOM.
 */
import * as Y from 'yjs'
import { isFinal, resultFields, resultKeyParts, runFields, shortRevision, type ResultFields, type RunFields } from './runs'
import { testFields } from './schema'

/** A test case of the card as a row names it. */
export interface TestCaseInfo {
  /** its place in the card, from 0 */
  position: number
  /** '' when unnamed */
  name: string
  /** its variables' values, in the map's order */
  vars: Array<[string, string]>
}

/** One row of the grid: a result with the test case it belongs to. */
export interface GridRow extends ResultFields {
  /** the result's key in the run: the test case id, or `<testId>#k` */
  key: string
  testId: string
  /** which repetition, from 1, when the test ran more than once */
  repeat?: number
  /** the test case's name, as the card has it now; '' when unnamed */
  name: string
  /** the test case's values, as the card has them now */
  vars: Array<[string, string]>
  /** false when the card no longer has this test case */
  known: boolean
}

/** The run's own line above its rows. */
export interface RunHeader extends RunFields {
  id: string
  /** a short name of the card revision it ran on (runs.ts shortRevision); '' when none */
  revision: string
  /** results that have ended, out of those the run holds so far */
  done: number
  total: number
}

/** The card's test cases by id. */
export function testCaseIndex(tests: Y.Array<Y.Map<unknown>>): Map<string, TestCaseInfo> {
  const index = new Map<string, TestCaseInfo>()
  tests.forEach((test) => {
    if (!(test instanceof Y.Map)) return
    const { id, name, vars } = testFields(test)
    if (id === '' || index.has(id)) return
    index.set(id, {
      position: index.size,
      name: name?.toString() ?? '',
      vars: vars === undefined ? [] : [...vars.entries()].map(([variable, value]) => [variable, value instanceof Y.Text ? value.toString() : '']),
    })
  })
  return index
}

export function runHeader(id: string, run: Y.Map<unknown>): RunHeader {
  const fields = runFields(run)
  let done = 0
  let total = 0
  const results = run.get('results')
  if (results instanceof Y.Map) {
    results.forEach((result) => {
      if (!(result instanceof Y.Map)) return
      total++
      if (isFinal(String(result.get('status') ?? ''))) done++
    })
  }
  return { ...fields, id, revision: shortRevision(fields.stateVector), done, total }
}

/**
 * The result keys of a run in the grid's order: by the test case's place in the card, then by
 * repetition; results of test cases the card no longer has come last, by key.
 */
export function rowOrder(keys: Iterable<string>, tests: Map<string, TestCaseInfo>): string[] {
  const place = (key: string) => {
    const { testId, repeat } = resultKeyParts(key)
    return { position: tests.get(testId)?.position ?? Number.MAX_SAFE_INTEGER, testId, repeat: repeat ?? 0 }
  }
  return [...keys]
    .map((key) => ({ key, ...place(key) }))
    .sort((a, b) => a.position - b.position || (a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0) || a.repeat - b.repeat)
    .map(({ key }) => key)
}

/** One row: the result under `key` with its test case. */
export function gridRow(key: string, result: Y.Map<unknown>, tests: Map<string, TestCaseInfo>): GridRow {
  const { testId, repeat } = resultKeyParts(key)
  const test = tests.get(testId)
  return {
    ...resultFields(result),
    key,
    testId,
    repeat,
    name: test?.name ?? '',
    vars: test?.vars ?? [],
    known: test !== undefined,
  }
}

/** The result maps of a run by key. */
export function resultMaps(run: Y.Map<unknown>): Map<string, Y.Map<unknown>> {
  const maps = new Map<string, Y.Map<unknown>>()
  const results = run.get('results')
  if (results instanceof Y.Map) {
    results.forEach((result, key) => {
      if (result instanceof Y.Map) maps.set(key, result)
    })
  }
  return maps
}

/** Every row of a run, in the grid's order. */
export function gridRows(run: Y.Map<unknown>, tests: Map<string, TestCaseInfo>): GridRow[] {
  const maps = resultMaps(run)
  return rowOrder(maps.keys(), tests).map((key) => gridRow(key, maps.get(key)!, tests))
}
