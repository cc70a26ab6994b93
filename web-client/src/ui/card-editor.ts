/**
 * The whole card editor, built into a container of a page or of the widget's shadow root: title,
 * connection state and who is here, Run and Cancel; description, model, system prompt and template
 * with their variables; the test cases; the runs.
 */
import * as Y from 'yjs'
import type { RunsApi } from '../api/runs-api'
import { cardOf, testFields } from '../card/schema'
import { CardUndo } from '../card/undo'
import { type VariableStatus, variableNames, variableReport } from '../card/variables'
import type { CardConnection } from '../session/connection'
import { PresenceView, safeName } from '../session/safe-presence'
import { displayName, publishUser, storeName, storedName } from '../session/user'
import type { EditorContext } from './context'
import { h } from './dom'
import { modelSettings } from './model-settings'
import { presenceList } from './presence-list'
import { promptPreview } from './prompt-preview'
import { RemoteCursors } from './remote-cursors'
import { RunControls } from './run-controls'
import { RunsPanel } from './runs-panel'
import { problemBanner, statusBadge } from './status-badge'
import { TestsTable } from './tests-table'
import { TextField, type TextFieldOptions } from './text-field'
import { Toasts } from './toast'
import { shareControls, type ShareControlsOptions } from './share-controls'
import { bindUndoKeys } from './undo-keys'
import { Value, sameList } from './value'
import { variablesPanel } from './variables-panel'

export interface CardEditorOptions {
  /** where the editor lives (the widget passes its shadow root) */
  root: Document | ShadowRoot
  /** `compact` leaves out the workspace/card line (widget and iframe) */
  layout: 'page' | 'compact'
  workspace: string
  card: string
  /** starts over with a fresh connection (the page reloads; the widget mounts itself again) */
  reload: () => void
  /** the card's runs through the server's HTTP API (Run and Cancel) */
  runsApi: RunsApi
  /** share links (the page, for a token that may share); absent: no Share button */
  share?: ShareControlsOptions
}

export class CardEditor {
  readonly element: HTMLElement
  private readonly cleanups: Array<() => void> = []

  constructor(connection: CardConnection, options: CardEditorOptions) {
    const card = cardOf(connection.doc)
    const readOnly = new Value(connection.state.readOnly)
    const variables = new Value<string[]>([], sameList)
    const report = new Value<VariableStatus[]>([], (a, b) => JSON.stringify(a) === JSON.stringify(b))
    // Focusable (not in the tab order), so that a click on an empty part of the card keeps keys in it (Ctrl/Cmd+Enter).
    this.element = h('div', { class: `pc-root pc-${options.layout}`, tabindex: -1 })
    // everything that renders others' presence (cursors, carets, chips) reads it sanitised
    const presenceView = new PresenceView(connection.awareness)
    const cursors = new RemoteCursors(presenceView, connection.doc)
    const undo = new CardUndo(card)
    const toasts = new Toasts()
    const context: EditorContext = { card, awareness: presenceView, root: options.root, readOnly, variables, report, cursors, undo, toasts }
    this.cleanups.push(() => cursors.destroy(), bindUndoKeys(this.element, undo, readOnly, options.root instanceof Document ? options.root : undefined), () => toasts.destroy())

    this.trackVariables(context)

    const name = displayName(connection.claims, storedName(), connection.awareness.clientID)
    publishUser(connection.awareness, name)
    const nameInput = h('input', { class: 'pc-name-input', 'data-testid': 'user-name', value: name, 'aria-label': 'Your name', maxlength: 40, spellcheck: 'false', 'data-native-undo': true })
    nameInput.addEventListener('change', () => {
      const chosen = safeName(nameInput.value) ?? ''
      if (chosen === '') {
        nameInput.value = name
        return
      }
      storeName(chosen)
      publishUser(connection.awareness, chosen)
    })

    const field = (ytext: Y.Text, fieldName: string, fieldOptions: TextFieldOptions) => {
      const textField = new TextField(context, ytext, fieldOptions)
      textField.element.dataset.field = fieldName
      this.cleanups.push(() => textField.destroy())
      return textField.element
    }
    const labelled = (label: string, hint: string, element: HTMLElement) =>
      h('div', { class: 'pc-labelled' }, h('div', { class: 'pc-label' }, h('span', {}, label), hint ? h('span', { class: 'pc-muted' }, hint) : null), element)

    const status = statusBadge(connection)
    const problem = problemBanner(connection, options.reload)
    const presence = presenceList(presenceView)
    const model = modelSettings(context, options.runsApi.providers())
    const variablesView = variablesPanel(context)
    const preview = promptPreview(context)
    const tests = new TestsTable(context)
    const runs = new RunsPanel(context)
    const runControls = new RunControls({ api: options.runsApi, card, connection, reveal: (runId) => runs.reveal(runId) })
    const share = options.share === undefined ? undefined : shareControls(options.share)
    if (share !== undefined) this.cleanups.push(share.destroy)
    // Ctrl/Cmd+Enter anywhere in the card, before the text fields see it
    this.element.addEventListener('keydown', runControls.onKeydown, true)
    this.cleanups.push(status.destroy, problem.destroy, presence.destroy, model.destroy, variablesView.destroy, preview.destroy, () => tests.destroy(), () => runs.destroy(), () => runControls.destroy())

    const body = h(
      'div',
      { class: 'pc-body' },
      h(
        'div',
        { class: 'pc-prompt' },
        labelled('Description', '', field(card.description, 'description', { label: 'Description', placeholder: 'What this prompt is for' })),
        model.element,
        labelled('System prompt', 'optional', field(card.system, 'system', { label: 'System prompt', variables: true, placeholder: 'You are…' })),
        labelled('Template', 'write {{variables}} for the values of each test case', field(card.template, 'template', { label: 'Template', variables: true, placeholder: 'Summarize {{text}} in one sentence.' })),
        variablesView.element,
        preview.element,
      ),
      tests.element,
      runs.element,
    )
    const fatal = fatalMessage(options.reload)
    const header = h(
        'header',
        { class: 'pc-header' },
        h(
          'div',
          { class: 'pc-title-line' },
          options.layout === 'page' ? h('span', { class: 'pc-crumb' }, `${options.workspace} / ${options.card}`) : null,
          field(card.title, 'title', { label: 'Title', singleLine: true, placeholder: 'Untitled prompt' }),
        ),
        h('div', { class: 'pc-header-side' }, status.element, presence.element, nameInput, share?.element ?? null, runControls.element),
        runControls.message,
        problem.element,
      )
    this.element.append(fatal.element, header, body, toasts.element)
    this.cleanups.push(
      connection.subscribe((state) => {
        // Closed for good, nothing typed would ever reach the card: stop taking edits.
        const locked = state.readOnly || state.phase === 'closed'
        readOnly.set(locked)
        this.element.classList.toggle('pc-readonly', locked)
        const problem = state.phase === 'closed' && state.problem?.fatal ? state.problem : undefined
        // A card never shown (no access, no such card): a message instead of an empty editor that looks
        // editable. A card shown before (a token expired, the card deleted meanwhile) stays readable, inert,
        // for copying what was not saved; the banner in the header says why.
        const replaced = problem !== undefined && !state.everSynced
        fatal.show(replaced ? problem : undefined)
        this.element.classList.toggle('pc-fatal', replaced)
        this.element.classList.toggle('pc-closed', state.phase === 'closed' && !replaced)
        header.hidden = replaced
        body.hidden = replaced
      }),
    )
    // after the fields, whose CodeMirror plugins let go of it when they are destroyed
    this.cleanups.push(() => undo.destroy())
  }

  destroy(): void {
    this.cleanups.forEach((cleanup) => cleanup())
    this.cleanups.length = 0
  }

  /** Recomputes the variables and their flags after changes, at most once a frame. */
  private trackVariables(context: EditorContext): void {
    const { card } = context
    let frame = 0
    const compute = () => {
      frame = 0
      const used = variableNames(card.system.toString(), card.template.toString())
      const testVars = card.tests.toArray().map((test) => {
        const values = new Map<string, string>()
        const vars = test instanceof Y.Map ? testFields(test).vars : undefined
        vars?.forEach((value, key) => values.set(key, value instanceof Y.Text ? value.toString() : ''))
        return values
      })
      context.variables.set(used)
      context.report.set(variableReport(used, testVars))
    }
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(compute)
    }
    card.template.observe(schedule)
    card.system.observe(schedule)
    card.tests.observeDeep(schedule)
    compute()
    this.cleanups.push(() => {
      cancelAnimationFrame(frame)
      card.template.unobserve(schedule)
      card.system.unobserve(schedule)
      card.tests.unobserveDeep(schedule)
    })
  }
}

/** The full message a card that cannot be opened shows instead of the editor (the page and the widget). */
function fatalMessage(reload: () => void): { element: HTMLElement; show: (problem: { code: number; message: string; short?: string } | undefined) => void } {
  const element = h('div', { class: 'pc-fatal-message', 'data-testid': 'fatal', role: 'alert', hidden: true })
  return {
    element,
    // built only when shown: a hidden heading inside the widget would still be found in the host page's DOM
    show: (problem) => {
      element.hidden = problem === undefined
      element.dataset.code = problem === undefined ? '' : String(problem.code)
      if (problem === undefined) {
        element.replaceChildren()
        return
      }
      element.replaceChildren(
        h('h1', {}, FATAL_TITLES[problem.code] ?? 'This card cannot be opened'),
        h('p', {}, problem.message),
        h('button', { type: 'button', 'data-action': 'reload', onclick: reload }, 'Try again'),
      )
    },
  }
}

const FATAL_TITLES: Record<number, string> = {
  4401: 'Sign in to open this card',
  4403: 'You cannot open this card',
  4404: 'This card cannot be opened',
}
