/** What a page shows instead of its content: a message, or a form asking for the token it lacks. */
import { h } from '../ui/dom'

export function message(title: string, text: string): HTMLElement {
  return h('div', { class: 'pc-root pc-message' }, h('h1', {}, title), h('p', {}, text))
}

/**
 * A server with JWT settings and a page opened without a token: ask for one (it goes into the
 * fragment, and the page starts again).
 *
 * @param what what the page opens, `this card` or `this workspace`
 */
export function askForToken(what: string, button: string): HTMLElement {
  const input = h('input', { id: 'pc-token', class: 'pc-token-input', spellcheck: 'false', autocomplete: 'off', required: true })
  const form = h(
    'form',
    { class: 'pc-root pc-message', 'data-testid': 'token-form' },
    h('h1', {}, `Sign in to open ${what}`),
    h('p', {}, `This server needs a token (a JWT from your workspace admin). Paste it here, or open the page at …#token=YOUR_JWT.`),
    h('label', { for: 'pc-token' }, 'Token'),
    input,
    h('button', { type: 'submit' }, button),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    location.hash = `token=${encodeURIComponent(input.value.trim())}`
    location.reload()
  })
  return form
}

/** A page opened with a token past its expiry (a share link too old): what happened and what to do. */
export function expiredLink(expiredAt: Date): HTMLElement {
  const element = message('This link has expired', `Its token expired on ${expiredAt.toLocaleString()}. Ask whoever shared it with you for a new link.`)
  element.dataset.testid = 'link-expired'
  return element
}
