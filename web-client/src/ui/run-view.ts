/**
 * One run in the runs panel: its line (status, provider and model, progress, summary, who, when, how
 * long, the revision it ran on, why it ended when it says so) and, while open, its results grid.
 */
import type * as Y from 'yjs'
import { isActive } from '../card/runs'
import { gridRow, resultMaps, rowOrder, runHeader, type TestCaseInfo } from '../card/run-grid'
import { h, setText } from './dom'
import { RESULT_COLUMNS, ResultRow } from './result-row'
import { formatDuration, formatSummary, formatTime } from './run-format'

export class RunView {
  readonly element: HTMLDetailsElement
  /** the run's line (the details' summary) */
  readonly header: HTMLElement
  /** opened by the panel, not by the person reading (the panel closes it again when a newer run comes) */
  private byPanel = false
  /** open or closed as the panel last set it; a toggle to the other state is the reader's */
  private expectedOpen = false
  private readonly status: HTMLElement
  private readonly model: HTMLElement
  private readonly progress: HTMLElement
  private readonly summary: HTMLElement
  private readonly by: HTMLElement
  private readonly started: HTMLTimeElement
  private readonly duration: HTMLElement
  private readonly revision: HTMLElement
  private readonly error: HTMLElement
  private readonly body: HTMLElement
  private readonly grid: HTMLElement
  private readonly rowGroup: HTMLElement
  private readonly empty: HTMLElement
  private readonly rows = new Map<string, ResultRow>()

  /**
   * @param onToggle called when the run was opened or closed (by the reader or the panel)
   */
  constructor(
    readonly runId: string,
    onToggle: () => void,
  ) {
    this.status = h('span', { class: 'pc-run-status', 'data-testid': 'run-status' })
    this.model = h('span', { class: 'pc-run-model', 'data-testid': 'run-model' })
    this.progress = h('span', { class: 'pc-muted', 'data-testid': 'run-progress' })
    this.summary = h('span', { class: 'pc-run-figures', 'data-testid': 'run-summary' })
    this.by = h('span', { class: 'pc-muted', 'data-testid': 'run-by' })
    this.started = h('time', { class: 'pc-muted', 'data-testid': 'run-started' })
    this.duration = h('span', { class: 'pc-muted', 'data-testid': 'run-duration' })
    this.revision = h('code', { class: 'pc-run-revision', 'data-testid': 'run-revision' })
    this.error = h('span', { class: 'pc-run-error', 'data-testid': 'run-error', hidden: true })
    this.empty = h('p', { class: 'pc-hint' }, 'No results yet.')
    this.rowGroup = h('div', { role: 'rowgroup' })
    this.grid = h(
      'div',
      { role: 'table', class: 'pc-results-grid', 'data-testid': 'results', 'aria-label': 'Results' },
      h('div', { role: 'rowgroup' }, h('div', { role: 'row', class: 'pc-row pc-head-row' }, ...RESULT_COLUMNS.map(({ label, title }) => h('div', { role: 'columnheader', title }, label)))),
      this.rowGroup,
    )
    this.body = h('div', { class: 'pc-run-body' }, this.empty, h('div', { class: 'pc-table-scroll' }, this.grid))
    this.header = h(
      'summary',
      { 'data-testid': 'run-header' },
      this.status,
      this.model,
      this.progress,
      this.summary,
      h('span', { class: 'pc-run-meta' }, this.by, this.started, this.duration, this.revision),
      this.error,
    )
    this.element = h('details', { class: 'pc-run', 'data-testid': 'run', 'data-run-id': runId }, this.header, this.body)
    this.element.addEventListener('toggle', () => {
      if (this.element.open !== this.expectedOpen) {
        this.expectedOpen = this.element.open
        this.byPanel = false
      }
      onToggle()
    })
  }

  get open(): boolean {
    return this.element.open
  }

  /** Whether the panel opened it and the reader has not touched it since. */
  get openedByPanel(): boolean {
    return this.byPanel && this.element.open
  }

  /** Opens or closes it; `byPanel` when it is the panel's choice, not the reader's. */
  setOpen(open: boolean, byPanel: boolean): void {
    this.expectedOpen = open
    this.byPanel = open && byPanel
    this.element.open = open
  }

  /**
   * Draws the run again: its line always; while open, the rows of `keys` (all of them for 'all'), and the
   * order of the rows when results came or went.
   */
  update(run: Y.Map<unknown>, tests: Map<string, TestCaseInfo>, keys: ReadonlySet<string> | 'all'): void {
    this.updateLine(run)
    if (!this.open) {
      this.clearRows()
      return
    }
    const maps = resultMaps(run)
    const sameRows = maps.size === this.rows.size && [...maps.keys()].every((key) => this.rows.has(key))
    if (keys === 'all' || !sameRows) {
      const order = rowOrder(maps.keys(), tests)
      for (const [key, row] of this.rows) {
        if (!maps.has(key)) {
          row.element.remove()
          this.rows.delete(key)
        }
      }
      order.forEach((key, index) => {
        let row = this.rows.get(key)
        const isNew = row === undefined
        if (row === undefined) {
          row = new ResultRow(key)
          this.rows.set(key, row)
        }
        if (this.rowGroup.children[index] !== row.element) this.rowGroup.insertBefore(row.element, this.rowGroup.children[index] ?? null)
        if (keys === 'all' || isNew || keys.has(key)) row.update(gridRow(key, maps.get(key)!, tests))
      })
    } else {
      for (const key of keys) {
        const result = maps.get(key)
        if (result !== undefined) this.rows.get(key)?.update(gridRow(key, result, tests))
      }
    }
    this.empty.hidden = this.rows.size > 0
    this.grid.hidden = this.rows.size === 0
  }

  private updateLine(run: Y.Map<unknown>): void {
    const line = runHeader(this.runId, run)
    this.element.dataset.status = line.status
    this.status.dataset.status = line.status
    setText(this.status, line.status || 'unknown')
    setText(this.model, [line.provider, line.model].filter(Boolean).join(' / '))
    this.progress.hidden = !isActive(line.status)
    setText(this.progress, line.total > 0 ? `${line.done} / ${line.total} done` : '')
    this.summary.hidden = line.summary === undefined
    setText(this.summary, line.summary === undefined ? '' : formatSummary(line.summary))
    setText(this.by, line.by)
    this.by.title = line.by ? 'started by' : ''
    setText(this.started, formatTime(line.startedAt))
    this.started.dateTime = line.startedAt ?? ''
    this.started.title = line.startedAt ? `started ${line.startedAt}` : ''
    const took = formatDuration(line.startedAt, line.finishedAt)
    setText(this.duration, took === '' ? '' : `took ${took}`)
    this.duration.title = line.finishedAt ? `finished ${line.finishedAt}` : ''
    setText(this.revision, line.revision === '' ? '' : `rev ${line.revision}`)
    this.revision.hidden = line.revision === ''
    this.revision.title = line.stateVector ? `The card revision this run ran on (state vector ${line.stateVector})` : ''
    this.error.hidden = line.error === ''
    setText(this.error, line.error)
  }

  private clearRows(): void {
    if (this.rows.size === 0) return
    this.rows.clear()
    this.rowGroup.replaceChildren()
  }
}
