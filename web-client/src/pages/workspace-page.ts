/**
 * The workspace page `/w/{workspace}`: its cards (search, new card, open) for a token whose `cards`
 * claim is `*`; another token gets what it may open instead of an empty list.
 */
import { CardsApi } from '../api/cards-api'
import { h } from '../ui/dom'
import styles from '../ui/styles.css?inline'
import { WorkspaceView } from '../ui/workspace-view'
import { workspaceAccess } from '../workspace/access'
import { cardPageHref, pageToken, pageTokenIsDev, pageWsBase, workspaceFromPath, workspacePageHref } from './card-address'
import { askForToken, message } from './page-messages'

document.head.append(h('style', {}, styles))
const app = document.getElementById('app')!
const workspace = workspaceFromPath(location.pathname)
const token = pageToken()
if (workspace === undefined) {
  app.replaceChildren(message('No workspace here', 'Workspace pages live at /w/{workspace}.'))
} else if (token === undefined) {
  app.replaceChildren(askForToken('this workspace', 'Open workspace'))
} else {
  document.title = `${workspace} · promptcards`
  const tokenIsDev = pageTokenIsDev()
  const cardHref = (card: string) => cardPageHref(workspace, card, token, tokenIsDev)
  const access = workspaceAccess(token, workspace, Date.now())
  switch (access.kind) {
    case 'all-cards': {
      const api = new CardsApi({ wsBase: pageWsBase(), workspace, token, pageProtocol: location.protocol })
      const view = new WorkspaceView({ workspace, api, viewer: access.viewer, cardHref, navigate: (href) => location.assign(href) })
      app.replaceChildren(view.element)
      view.start()
      window.addEventListener('pagehide', () => view.destroy())
      break
    }
    case 'some-cards':
      app.replaceChildren(notice(
        'This token opens only some cards',
        `It names ${access.cards.length === 1 ? 'one card' : `${access.cards.length} cards`} of ${workspace}, so it cannot list the workspace (that needs a token for every card, "cards": "*").`,
        h('ul', { 'data-testid': 'token-cards' }, ...access.cards.map((card) => h('li', {}, h('a', { href: cardHref(card) }, card)))),
      ))
      break
    case 'other-workspace':
      app.replaceChildren(notice(
        `This token is for workspace ${access.workspace}`,
        `It cannot list the cards of ${workspace}.`,
        h('p', {}, h('a', { href: workspacePageHref(access.workspace, token, tokenIsDev) }, `Open ${access.workspace}`)),
      ))
      break
    case 'expired':
      app.replaceChildren(notice('This token has expired', `It expired at ${access.expiredAt.toLocaleString()}: ask for a new link.`))
      break
  }
}

function notice(title: string, text: string, ...more: HTMLElement[]): HTMLElement {
  const element = message(title, text)
  element.dataset.testid = 'workspace-notice'
  element.append(...more)
  return element
}
