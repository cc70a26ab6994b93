/**
 * The landing page: open a card by name, a name that breaks the rule explained as it is typed; the token of
 * the address (`#token=`) carried to the card page (and out of the address bar); the examples' `THIS_SERVER`
 * and WebSocket address filled with this server's, and in dev mode their `JWT` with the dev token and a link
 * to the dev workspace's cards.
 */
import { pageAddressToken } from '../session/address-token'
import { injectedValue } from '../session/token'
import { cardIdProblem } from '../workspace/access'
import { pageWsBase } from './card-address'
import { fillExample } from './landing-examples'

const devToken = injectedValue(document.querySelector<HTMLMetaElement>('meta[name="promptcards-dev-token"]')?.content)
const addressToken = pageAddressToken()
document.getElementById('dev-workspace')!.hidden = devToken === undefined

const values = { origin: location.origin, wsBase: pageWsBase(), token: devToken }
for (const example of document.querySelectorAll<HTMLElement>('code[data-example]')) {
  example.textContent = fillExample(example.textContent ?? '', values)
}

const form = document.getElementById('open-card') as HTMLFormElement
const problemLine = document.getElementById('name-problem')!
const inputs = {
  workspace: form.elements.namedItem('workspace') as HTMLInputElement,
  card: form.elements.namedItem('card') as HTMLInputElement,
}

/** The first name that breaks the rule, explained; the field says so too (aria-invalid). */
function check(): string | undefined {
  let first: string | undefined
  for (const [field, noun] of [['workspace', 'A workspace name'], ['card', 'A card name']] as const) {
    const problem = cardIdProblem(inputs[field].value, noun)
    inputs[field].setAttribute('aria-invalid', String(problem !== undefined))
    inputs[field].setCustomValidity(problem ?? '')
    first ??= problem
  }
  problemLine.textContent = first ?? ''
  problemLine.hidden = first === undefined
  return first
}

form.addEventListener('input', () => check())
form.addEventListener('submit', (event) => {
  event.preventDefault()
  if (check() !== undefined) return
  const data = new FormData(form)
  const workspace = String(data.get('workspace') ?? '').trim() || 'dev'
  const card = String(data.get('card') ?? '').trim() || 'welcome'
  const fragment = addressToken === undefined ? '' : `#token=${encodeURIComponent(addressToken)}`
  location.href = `/w/${encodeURIComponent(workspace)}/c/${encodeURIComponent(card)}${fragment}`
})
