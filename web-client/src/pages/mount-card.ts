/** Mounts the card editor of a page (`/w/{workspace}/c/{card}` or its iframe form) into `#app`. */
import { RunsApi } from '../api/runs-api'
import { CardConnection } from '../session/connection'
import { CardEditor } from '../ui/card-editor'
import { h } from '../ui/dom'
import styles from '../ui/styles.css?inline'
import { cardFromPath, pageToken, pageTokenIsDev, pageWsBase } from './card-address'
import { askForToken, message } from './page-messages'

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
    app.replaceChildren(askForToken('this card', 'Open card'))
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
