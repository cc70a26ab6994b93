/**
 * Run and Cancel in the editor's header: Run (or Ctrl/Cmd+Enter anywhere in the card) asks the
 * server's API to run the card's tests on the card as the server has it, once this browser's edits
 * are saved; Cancel stops the newest queued or running run. Whoever started a run, everyone on the
 * card sees it going here and its results stream into the runs panel. Viewers get neither button.
 * What the API refuses is said beside the buttons, in its own words.
 */
import { ApiError } from '../api/api-error'
import type { RunsApi } from '../api/runs-api'
import { newestActiveRun, runFields } from '../card/runs'
import type { Card } from '../card/schema'
import { runHeader } from '../card/run-grid'
import type { ConnectionState } from '../session/connection'
import { whenSaved } from '../session/when-saved'
import { h, setText } from './dom'

/** How long Run waits for this browser's last edits to reach the server before it says so. */
const SAVE_WAIT_MS = 5000

export interface RunControlsOptions {
  api: RunsApi
  card: Card
  connection: { readonly state: ConnectionState; subscribe(listener: (state: ConnectionState) => void): () => void }
  /** opens a run in the runs panel and scrolls to it */
  reveal: (runId: string) => void
}

export class RunControls {
  /** the buttons and the active run, for the header */
  readonly element: HTMLElement
  /** what went wrong (or what Run is waiting for), beside the buttons */
  readonly message: HTMLElement
  private readonly runButton: HTMLButtonElement
  private readonly cancelButton: HTMLButtonElement
  private readonly active: HTMLButtonElement
  private readonly messageText: HTMLElement
  private readonly cleanups: Array<() => void> = []
  private starting = false
  private cancelling = false
  private canRun = false
  private activeRun: string | undefined
  /** the run whose line the active-run button shows is redrawn at most once a frame */
  private frame = 0

  constructor(private readonly options: RunControlsOptions) {
    const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
    const shortcut = mac ? '⌘+Enter' : 'Ctrl+Enter'
    this.runButton = h(
      'button',
      {
        type: 'button',
        class: 'pc-primary',
        'data-testid': 'run-button',
        'data-action': 'run',
        'aria-keyshortcuts': 'Control+Enter Meta+Enter',
        title: `Run the card's tests on the card as saved (${shortcut})`,
      },
      '▶ Run',
    )
    this.cancelButton = h('button', { type: 'button', 'data-testid': 'cancel-run-button', 'data-action': 'cancel-run', hidden: true }, 'Cancel')
    this.active = h('button', { type: 'button', class: 'pc-run-active pc-small', 'data-testid': 'run-active', 'data-action': 'show-run', hidden: true })
    this.runButton.addEventListener('click', () => void this.run())
    this.cancelButton.addEventListener('click', () => void this.cancel())
    this.active.addEventListener('click', () => {
      if (this.activeRun !== undefined) options.reveal(this.activeRun)
    })
    this.element = h('div', { class: 'pc-run-controls', role: 'group', 'aria-label': 'Test runs' }, this.active, this.runButton, this.cancelButton)

    this.messageText = h('span', {})
    const dismiss = h('button', { type: 'button', class: 'pc-icon', 'data-action': 'dismiss-run-message', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×')
    dismiss.addEventListener('click', () => this.say(undefined))
    this.message = h('div', { class: 'pc-run-message', 'data-testid': 'run-message', 'aria-live': 'polite', hidden: true }, this.messageText, dismiss)

    this.cleanups.push(
      options.connection.subscribe((state) => {
        this.canRun = !state.readOnly
        this.updateButtons()
      }),
    )
    const onRunsChange = (events: Array<{ path: Array<string | number> }>) => {
      // a run came, went or changed status, or a result did (not: output streaming in, path [run, results, key, output])
      if (this.frame === 0 && events.some((event) => event.path.length <= 3)) this.frame = requestAnimationFrame(() => this.showActive())
    }
    options.card.runs.observeDeep(onRunsChange)
    this.cleanups.push(() => {
      options.card.runs.unobserveDeep(onRunsChange)
      cancelAnimationFrame(this.frame)
    })
    this.showActive()
  }

  /** Ctrl/Cmd+Enter anywhere in the card runs it; listen in the capture phase, before the text fields' own keys. */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.isComposing) return
    if (!this.canRun) return
    // The text fields would insert a blank line for Mod-Enter (CodeMirror's default keymap).
    event.preventDefault()
    event.stopPropagation()
    if (!event.repeat) void this.run()
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
    this.cleanups.length = 0
  }

  /** Starts a run, once this browser's edits are saved (the run renders the card as the server has it). */
  async run(): Promise<void> {
    if (this.starting || !this.canRun) return
    this.starting = true
    this.updateButtons()
    try {
      const { connection } = this.options
      if (connection.state.unsaved) {
        this.say('info', 'Saving your latest edits before the run…')
        if (!(await whenSaved((listener) => connection.subscribe(listener), SAVE_WAIT_MS))) {
          const why = connection.state.phase === 'synced' ? 'the server has not confirmed them yet' : 'you are not connected to the server'
          this.say('error', `Run not started: your latest edits have not reached the server (${why}), and a run now would not include them. Run again once the status says Saved.`)
          return
        }
      }
      const queued = await this.options.api.start({})
      this.say(undefined)
      this.options.reveal(queued.id)
    } catch (error) {
      this.say('error', `Run not started: ${messageOf(error)}`)
    } finally {
      this.starting = false
      this.updateButtons()
    }
  }

  /** Cancels the newest queued or running run. */
  async cancel(): Promise<void> {
    const runId = this.activeRun
    if (runId === undefined || this.cancelling || !this.canRun) return
    this.cancelling = true
    this.updateButtons()
    try {
      await this.options.api.cancel(runId)
      this.say(undefined)
    } catch (error) {
      this.say('error', `Run not cancelled: ${messageOf(error)}`)
    } finally {
      this.cancelling = false
      this.updateButtons()
    }
  }

  /** The newest queued or running run: its progress, and Cancel for it. */
  private showActive(): void {
    this.frame = 0
    const runs = this.options.card.runs
    this.activeRun = newestActiveRun(runs)
    const run = this.activeRun === undefined ? undefined : runs.get(this.activeRun)
    if (run === undefined) {
      this.active.hidden = true
    } else {
      const { status, done, total } = runHeader(this.activeRun!, run)
      const by = runFields(run).by
      this.active.hidden = false
      this.active.dataset.runId = this.activeRun
      this.active.dataset.status = status
      setText(this.active, status === 'running' ? `Running · ${done} / ${total}` : 'Queued')
      this.active.title = `Show this run${by ? ` (started by ${by})` : ''}`
    }
    this.updateButtons()
  }

  private updateButtons(): void {
    this.element.hidden = !this.canRun && this.active.hidden
    this.runButton.hidden = !this.canRun
    this.runButton.disabled = this.starting
    this.runButton.setAttribute('aria-busy', String(this.starting))
    setText(this.runButton, this.starting ? 'Starting…' : '▶ Run')
    this.cancelButton.hidden = !this.canRun || this.activeRun === undefined
    this.cancelButton.disabled = this.cancelling
    if (this.activeRun === undefined) delete this.cancelButton.dataset.runId
    else this.cancelButton.dataset.runId = this.activeRun
  }

  /** Shows a message beside the buttons (an error stays until dismissed or the next press), or hides it. */
  private say(kind: 'error' | 'info' | undefined, text = ''): void {
    this.message.hidden = kind === undefined
    this.message.dataset.kind = kind ?? ''
    // An error interrupts (role alert); progress is only announced politely.
    if (kind === 'error') this.message.setAttribute('role', 'alert')
    else this.message.removeAttribute('role')
    setText(this.messageText, text)
  }
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return error instanceof Error ? error.message : String(error)
}
