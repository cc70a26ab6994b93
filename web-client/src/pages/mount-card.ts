/** Mounts the card editor of a page (`/w/{workspace}/c/{card}` or its iframe form) into `#app`. */
import { RunsApi } from '../api/runs-api'
import { CardConnection } from '../session/connection'
import { CardEditor } from '../ui/card-editor'
import { h } from '../ui/dom'
import styles from '../ui/styles.css?inline'
import { cardFromPath, pageToken, pageTokenIsDev, pageWsBase } from './card-address'

declare global {
  interface Window {
    /** the page's card, for the browser's console and for tests */
    promptcards?: { doc: CardConnection['doc']; provider: CardConnection['provider'] }
  }
}

export function mountCardPage(layout: 'page' | 'compact'): void {
  document.head.append(h('style', {}, styles))
  const app = document.getElementById('app')!
  const address = cardFromPath(location.pathname)
  if (address === undefined) {
    app.replaceChildren(message('No card here', 'Card pages live at /w/{workspace}/c/{card}.'))
    return
  }
  const token = pageToken()
  if (token === undefined) {
    app.replaceChildren(askForToken())
    return
  }
  document.title = `${address.card} · promptcards`
  const wsBase = pageWsBase()
  const connection = new CardConnection({
    wsBase,
    workspace: address.workspace,
    card: address.card,
    token,
    devToken: pageTokenIsDev(),
  })
  const runsApi = new RunsApi({ wsBase, ...address, token, pageProtocol: location.protocol })
  const editor = new CardEditor(connection, { root: document, layout, ...address, reload: () => location.reload(), runsApi })
  app.replaceChildren(editor.element)
  window.promptcards = { doc: connection.doc, provider: connection.provider }
  window.addEventListener('pagehide', () => {
    editor.destroy()
    connection.destroy()
  })
}

function message(title: string, text: string): HTMLElement {
  return h('div', { class: 'pc-root pc-message' }, h('h1', {}, title), h('p', {}, text))
}

/** A server with JWT settings and a page opened without a token: ask for one. */
function askForToken(): HTMLElement {
  const input = h('input', { id: 'pc-token', class: 'pc-token-input', spellcheck: 'false', autocomplete: 'off', required: true })
  const form = h(
    'form',
    { class: 'pc-root pc-message', 'data-testid': 'token-form' },
    h('h1', {}, 'Sign in to open this card'),
    h('p', {}, 'This server needs a token (a JWT from your workspace admin). Paste it here, or open the card at …#token=YOUR_JWT.'),
    h('label', { for: 'pc-token' }, 'Token'),
    input,
    h('button', { type: 'submit' }, 'Open card'),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    location.hash = `token=${encodeURIComponent(input.value.trim())}`
    location.reload()
  })
  return form
}
