/**
 * The test runs of the card, rendered live from `runs` (written by the server's runner): newest
 * first, each a line with its status and figures, the open ones with their results grid (run-view.ts,
 * result-row.ts). The newest run is open; when a newer one comes, a run the panel opened closes again,
 * one the reader opened stays open. Streaming output changes a run many times a second: the panel
 * draws at most once a frame, and only the rows whose results changed.
 */
import * as Y from 'yjs'
import { sortedRuns } from '../card/runs'
import { testCaseIndex, type TestCaseInfo } from '../card/run-grid'
import type { EditorContext } from './context'
import { h, setText } from './dom'
import { RunView } from './run-view'

export class RunsPanel {
  readonly element: HTMLElement
  private readonly list: HTMLElement
  private readonly empty: HTMLElement
  private readonly count: HTMLElement
  private readonly views = new Map<string, RunView>()
  private frame = 0
  /** what to draw again at the next frame, per run: its line and the rows of these result keys, or all */
  private readonly dirty = new Map<string, Set<string> | 'all'>()
  private allDirty = true
  /** the card's test cases by id, as the rows name them; recomputed after the tests change */
  private tests: Map<string, TestCaseInfo> | undefined
  private newest: string | undefined
  /** a run this editor started, to open and scroll to once it is in the card */
  private pendingReveal: string | undefined
  private readonly onRunsChange = (events: Array<Y.YEvent<any>>) => {
    for (const event of events) {
      const [runId, field, key] = event.path
      if (event.target === this.context.card.runs) {
        ;(event as Y.YMapEvent<unknown>).keysChanged.forEach((changed) => this.markDirty(changed, 'all'))
      } else if (typeof runId !== 'string') {
        continue
      } else if (field === 'results' && typeof key === 'string') {
        this.markDirty(runId, key) // a result's field, or its output streaming
      } else if (field === 'results') {
        ;(event as Y.YMapEvent<unknown>).keysChanged.forEach((changed) => this.markDirty(runId, changed)) // results came
      } else if (field === undefined && (event as Y.YMapEvent<unknown>).keysChanged.has('results')) {
        this.markDirty(runId, 'all') // the results map itself replaced
      } else {
        this.markDirty(runId, undefined) // the run's own fields: its line
      }
    }
    this.schedule()
  }
  /** Rows show the test cases' names and values, in the card's order: tests came, went or moved, or a name or value changed. */
  private readonly onTestsChange = (events: Array<Y.YEvent<any>>) => {
    if (events.some((event) => event.path.length <= 1 || event.path[1] === 'name' || event.path[1] === 'vars')) {
      this.tests = undefined
      this.allDirty = true
      this.schedule()
    }
  }

  constructor(private readonly context: EditorContext) {
    this.list = h('div', { class: 'pc-runs-list' })
    this.count = h('span', { class: 'pc-count' })
    this.empty = h('p', { class: 'pc-hint' }, 'No runs yet. Press Run to run the test cases: the results appear here live, for everyone on the card.')
    this.element = h(
      'section',
      { class: 'pc-runs', 'data-testid': 'runs', 'aria-labelledby': 'pc-runs-heading' },
      h('div', { class: 'pc-section-head' }, h('h2', { id: 'pc-runs-heading' }, 'Runs ', this.count)),
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

  /** Opens a run and scrolls to it; a run not in the card yet (just started) is revealed when it comes. */
  reveal(runId: string): void {
    this.render()
    this.openAndScroll(runId)
  }

  private openAndScroll(runId: string): void {
    const view = this.views.get(runId)
    this.pendingReveal = view === undefined ? runId : undefined
    if (view === undefined) return
    if (!view.open) view.setOpen(true, false)
    // its line, not the whole run: the person who pressed Run may be typing further up
    view.header.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }

  private markDirty(runId: string, key: string | 'all' | undefined): void {
    const current = this.dirty.get(runId)
    if (current === 'all') return
    if (key === 'all') this.dirty.set(runId, 'all')
    else if (current === undefined) this.dirty.set(runId, new Set(key === undefined ? [] : [key]))
    else if (key !== undefined) current.add(key)
  }

  private schedule(): void {
    if (this.frame !== 0) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.render()
    })
  }

  private render(): void {
    cancelAnimationFrame(this.frame)
    this.frame = 0
    const runs = sortedRuns(this.context.card.runs)
    this.empty.hidden = runs.length > 0
    setText(this.count, runs.length > 0 ? `(${runs.length})` : '')
    const newest = runs[0]?.[0]
    const newcomer = newest !== undefined && newest !== this.newest && !this.views.has(newest)
    const seen = new Set<string>()
    runs.forEach(([runId, run], index) => {
      seen.add(runId)
      let view = this.views.get(runId)
      if (view === undefined) {
        view = this.createView(runId, index === 0)
        this.dirty.set(runId, 'all')
      }
      if (this.list.children[index] !== view.element) this.list.insertBefore(view.element, this.list.children[index] ?? null)
      const keys = this.allDirty ? 'all' : this.dirty.get(runId)
      if (keys !== undefined) view.update(run, this.testCases(), keys)
    })
    // A newer run came: the runs the panel opened close (the reader's stay as they are).
    if (newcomer) {
      for (const [runId, view] of this.views) {
        if (runId !== newest && view.openedByPanel) view.setOpen(false, true)
      }
    }
    this.newest = newest
    this.dirty.clear()
    this.allDirty = false
    for (const [runId, view] of this.views) {
      if (!seen.has(runId)) {
        view.element.remove()
        this.views.delete(runId)
      }
    }
    if (this.pendingReveal !== undefined && this.views.has(this.pendingReveal)) this.openAndScroll(this.pendingReveal)
  }

  private createView(runId: string, newest: boolean): RunView {
    // Opened: all its rows are drawn; closed: they are dropped (RunView.update).
    const view = new RunView(runId, () => {
      const run = this.context.card.runs.get(runId)
      if (run instanceof Y.Map) view.update(run, this.testCases(), 'all')
    })
    this.views.set(runId, view)
    if (newest) view.setOpen(true, true)
    return view
  }

  private testCases(): Map<string, TestCaseInfo> {
    this.tests ??= testCaseIndex(this.context.card.tests)
    return this.tests
  }
}
