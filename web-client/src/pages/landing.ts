/**
 * The landing page: open a card by name (the page keeps a #token= fragment for the card page); in dev
 * mode, a link to the dev workspace's cards.
 */
import { injectedValue } from '../session/token'

const devToken = injectedValue(document.querySelector<HTMLMetaElement>('meta[name="promptcards-dev-token"]')?.content)
document.getElementById('dev-workspace')!.hidden = devToken === undefined
const form = document.getElementById('open-card') as HTMLFormElement
form.addEventListener('submit', (event) => {
  event.preventDefault()
  const data = new FormData(form)
  const workspace = String(data.get('workspace') ?? '').trim() || 'dev'
  const card = String(data.get('card') ?? '').trim() || 'welcome'
  location.href = `/w/${encodeURIComponent(workspace)}/c/${encodeURIComponent(card)}${location.hash}`
})
