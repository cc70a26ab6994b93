/** Mounts the card editor of a page (`/w/{workspace}/c/{card}` or its iframe form) into `#app`. */
import { RunsApi } from '../api/runs-api'
import { ShareApi } from '../api/share-api'
import { CardConnection } from '../session/connection'
import { CardEditor } from '../ui/card-editor'
import { isShareLink, isViewer, readClaims } from '../session/token'
import { h } from '../ui/dom'
import styles from '../ui/styles.css?inline'
import { cardFromPath, pageToken, pageTokenIsDev, pageWsBase } from './card-address'
import { askForToken, expiredLink, message } from './page-messages'

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
  const claims = readClaims(token)
  const exp = claims?.exp
  if (isShareLink(claims) && typeof exp === 'number' && exp * 1000 <= Date.now()) {
    // A share link past its time: its holder cannot sign in again, only ask for a new link. (Someone's own
    // expired token still opens the editor, which keeps this browser's edits and says 4401: sign in again.)
    document.title = `Link expired · promptcards`
    app.replaceChildren(expiredLink(new Date(exp * 1000)))
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
  // Share on the page, not in the iframe form; a viewer may not share (the server refuses it too)
  const share = layout === 'page' && !isViewer(connection.claims)
    ? { api: new ShareApi({ wsBase, ...address, token, pageProtocol: location.protocol }), origin: location.origin }
    : undefined
  const editor = new CardEditor(connection, { root: document, layout, ...address, reload: () => location.reload(), runsApi, share })
  app.replaceChildren(editor.element)
  window.promptcards = { doc: connection.doc, provider: connection.provider }
  window.addEventListener('pagehide', () => {
    editor.destroy()
    connection.destroy()
  })
}
