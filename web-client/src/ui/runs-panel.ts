/**
 * The test runs of the card, rendered live from `runs` (written by the server's runner): newest
 * first, each with its status and summary; the results of a run, with their streaming output, when
 * it is opened (the newest is open).
 */
import * as Y from 'yjs'
import { runFields, runResults, sortedRuns, type ResultFields } from '../card/runs'
import { testFields } from '../card/schema'
import type { EditorContext } from './context'
import { h, setText } from './dom'

interface RunView {
  details: HTMLDetailsElement
  summary: HTMLElement
  body: HTMLElement
}

export class RunsPanel {
  readonly element: HTMLElement
  private readonly list: HTMLElement
  private readonly empty: HTMLElement
  private readonly views = new Map<string, RunView>()
  private frame = 0
  /** the runs to draw again at the next frame; all of them when `allDirty` */
  private readonly dirty = new Set<string>()
  private allDirty = true
  private readonly onRunsChange = (events: Array<Y.YEvent<any>>) => {
    for (const event of events) {
      const runId = event.path[0]
      if (typeof runId === 'string') this.dirty.add(runId)
      else if (event.target === this.context.card.runs) (event as Y.YMapEvent<unknown>).keysChanged.forEach((key) => this.dirty.add(key))
    }
    this.schedule()
  }
  /** Result rows show test names: a name changed, or a test case came or went. */
  private readonly onTestsChange = (events: Array<Y.YEvent<any>>) => {
    if (events.some((event) => event.path.length === 0 || event.path[event.path.length - 1] === 'name')) {
      this.allDirty = true
      this.schedule()
    }
  }

  constructor(private readonly context: EditorContext) {
    this.list = h('div', { class: 'pc-runs-list' })
    this.empty = h('p', { class: 'pc-hint' }, 'No runs yet. Results of test runs appear here live, for everyone on the card.')
    this.element = h(
      'section',
      { class: 'pc-runs', 'data-testid': 'runs', 'aria-labelledby': 'pc-runs-heading' },
      h('h2', { id: 'pc-runs-heading' }, 'Runs'),
      this.empty,
      this.list,
    )
    context.card.runs.observeDeep(this.onRunsChange)
    context.card.tests.observeDeep(this.onTestsChange)
    this.render()
  }

  destroy(): void {
    cancelAnimationFrame(this.frame)
    this.context.card.runs.unobserveDeep(this.onRunsChange)
    this.context.card.tests.unobserveDeep(this.onTestsChange)
  }

  /** Streaming output changes many times a second: render at most once a frame. */
  private schedule(): void {
    if (this.frame !== 0) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.render()
    })
  }

  private render(): void {
    const runs = sortedRuns(this.context.card.runs)
    this.empty.hidden = runs.length > 0
    const seen = new Set<string>()
    runs.forEach(([runId, run], index) => {
      seen.add(runId)
      let view = this.views.get(runId)
      if (view === undefined) {
        const summary = h('summary')
        const body = h('div', { class: 'pc-run-body' })
        const details = h('details', { class: 'pc-run', 'data-run-id': runId }, summary, body)
        details.open = index === 0
        details.addEventListener('toggle', () => this.renderRun(view!, run))
        view = { details, summary, body }
        this.views.set(runId, view)
      }
      if (this.list.children[index] !== view.details) this.list.insertBefore(view.details, this.list.children[index] ?? null)
      // Streaming output changes one run many times a second: only the runs that changed are drawn again.
      if (this.allDirty || this.dirty.has(runId) || view.summary.childElementCount === 0) this.renderRun(view, run)
    })
    this.dirty.clear()
    this.allDirty = false
    for (const [runId, view] of this.views) {
      if (!seen.has(runId)) {
        view.details.remove()
        this.views.delete(runId)
      }
    }
  }

  private renderRun(view: RunView, run: Y.Map<unknown>): void {
    const fields = runFields(run)
    const status = fields.status
    view.details.dataset.status = status
    const summary = fields.summary
    const figures = summary
      ? [
          `${summary.passed} passed`,
          `${summary.failed} failed`,
          summary.errors > 0 ? `${summary.errors} errors` : '',
          summary.costUsd !== undefined ? `$${summary.costUsd.toFixed(4)}` : '',
          summary.latencyMsP50 !== undefined ? `p50 ${summary.latencyMsP50} ms` : '',
        ].filter(Boolean)
      : []
    view.summary.replaceChildren(
      h('span', { class: 'pc-run-status', 'data-status': status }, status || 'unknown'),
      h('span', {}, [fields.provider, fields.model].filter(Boolean).join(' / ')),
      h('span', { class: 'pc-muted' }, [fields.by, time(fields.startedAt)].filter(Boolean).join(' · ')),
      h('span', { class: 'pc-muted' }, figures.join(' · ')),
    )
    if (!view.details.open) {
      view.body.replaceChildren()
      return
    }
    const results = runResults(run)
    const names = results.length === 0 ? new Map<string, string>() : testNames(this.context.card.tests)
    const rows = results.map(([testId, result]) => resultRow(names.get(testId) ?? testId, result))
    view.body.replaceChildren(
      rows.length === 0
        ? h('p', { class: 'pc-hint' }, 'No results yet.')
        : h(
            'table',
            { class: 'pc-table pc-results' },
            h('thead', {}, h('tr', {}, ...['Test', 'Status', 'Score', 'Output', 'Latency', 'Tokens', 'Cost'].map((label) => h('th', { scope: 'col' }, label)))),
            h('tbody', {}, ...rows),
          ),
    )
  }
}

function resultRow(name: string, result: ResultFields): HTMLElement {
  const { status, error, assertions } = result
  const outputCell = h('td', { class: 'pc-output' })
  const pre = h('pre', {})
  setText(pre, result.output)
  outputCell.append(pre)
  if (error) outputCell.append(h('p', { class: 'pc-field-error' }, error))
  if (assertions.length > 0) {
    outputCell.append(
      h(
        'ul',
        { class: 'pc-assert-results' },
        ...assertions.map((assertion) =>
          h('li', { 'data-pass': String(assertion.pass) }, `${assertion.pass ? '✓' : '✗'} ${assertion.type}${assertion.reason ? `: ${assertion.reason}` : ''}`),
        ),
      ),
    )
  }
  return h(
    'tr',
    { 'data-status': status, 'data-pass': result.pass === undefined ? '' : String(result.pass) },
    h('td', {}, name),
    h('td', {}, h('span', { class: 'pc-run-status', 'data-status': status }, status)),
    h('td', {}, result.score === undefined ? '' : result.score.toFixed(2)),
    outputCell,
    h('td', {}, result.latencyMs === undefined ? '' : `${result.latencyMs} ms`),
    h('td', {}, result.tokensIn === undefined ? '' : `${result.tokensIn} / ${result.tokensOut ?? 0}`),
    h('td', {}, result.costUsd === undefined ? '' : `$${result.costUsd.toFixed(4)}`),
  )
}

function testNames(tests: Y.Array<Y.Map<unknown>>): Map<string, string> {
  const names = new Map<string, string>()
  tests.forEach((test) => {
    if (!(test instanceof Y.Map)) return
    const { id, name } = testFields(test)
    names.set(id, name?.toString() || 'Untitled test')
  })
  return names
}

function time(value: unknown): string {
  if (typeof value !== 'string') return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString()
}
