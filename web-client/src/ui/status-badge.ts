/**
 * The connection state, always visible: connecting, synced (saved, or saving while the server has not
 * confirmed this browser's latest changes), offline, closed; what is only on this device (kept in
 * IndexedDB) or only in this tab; read-only beside it.
 */
import type { CardConnection, ConnectionState } from '../session/connection'
import { h, setText } from './dom'

function label(state: ConnectionState): string {
  // Kept in IndexedDB, unsaved changes survive a reload or a closed tab; otherwise only this tab has them.
  const kept = state.localStore === 'on' || state.localStore === 'restoring'
  switch (state.phase) {
    case 'connecting':
      return state.unsaved ? `Connecting… · ${kept ? 'changes only on this device' : 'changes only in this tab'}` : 'Connecting…'
    case 'synced':
      if (!state.unsaved) return 'Saved'
      return state.storageDown
        ? 'Saving… the server cannot store right now (its database is away); your changes are kept and saved once it is back'
        : 'Saving…'
    case 'offline':
      if (!state.unsaved) return 'Offline: reconnecting…'
      return kept
        ? 'Offline: your changes are only on this device (kept; they sync on reconnect)'
        : 'Offline: your changes are only in this tab (they sync on reconnect; do not close it)'
    case 'closed':
      if (!state.unsaved) return 'Disconnected'
      return kept ? 'Disconnected: latest changes only on this device (kept)' : 'Disconnected: latest changes not saved'
  }
}

export function statusBadge(connection: CardConnection): { element: HTMLElement; destroy: () => void } {
  const element = h('span', { class: 'pc-status', 'data-testid': 'status', role: 'status', 'aria-live': 'polite' })
  const destroy = connection.subscribe((state) => {
    element.dataset.connection = state.phase
    element.dataset.unsaved = String(state.unsaved)
    element.dataset.storageDown = String(state.storageDown)
    element.dataset.localStore = state.localStore
    element.dataset.readonly = String(state.readOnly)
    // what went wrong, in a few words, beside the state; the banner under the header says it in full
    const problem = state.problem?.short && state.phase !== 'synced' ? ` · ${state.problem.short}` : ''
    element.dataset.problem = state.problem === undefined ? '' : String(state.problem.code)
    setText(element, `${label(state)}${problem}${state.readOnly ? ' · Read-only' : ''}`)
    element.title = state.readOnly ? state.readOnlyReason ?? 'read-only' : ''
  })
  return { element, destroy }
}

/**
 * The banner that says why the connection ended or is failing; hidden when all is well. A close for
 * good offers to reload (a fresh connection with the stored card).
 */
export function problemBanner(connection: CardConnection, reload: () => void): { element: HTMLElement; destroy: () => void } {
  // in the header, which stays at the top of the window while the card scrolls (styles.css .pc-header)
  const message = h('span', {})
  const reloadButton = h('button', { type: 'button', class: 'pc-small', 'data-action': 'reload', onclick: reload }, 'Reload')
  const element = h('div', { class: 'pc-problem', 'data-testid': 'error', role: 'alert', hidden: true }, message, reloadButton)
  const destroy = connection.subscribe((state) => {
    const problem = state.problem
    element.hidden = problem === undefined
    element.dataset.code = problem === undefined ? '' : String(problem.code)
    element.dataset.permanent = String(problem?.permanent ?? false)
    setText(message, problem?.message ?? '')
    reloadButton.hidden = problem?.permanent !== true
  })
  return { element, destroy }
}
