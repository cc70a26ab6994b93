/**
 * Share in the editor page's header: a link to this card for a viewer or an editor, valid 1, 7 or 30 days,
 * minted by the server for that purpose, so that nobody passes on their own token by copying the address (which
 * no longer holds it: session/address-token.ts). Not for viewers (the server lets only editors share).
 */
import { ApiError } from '../api/api-error'
import type { ShareApi } from '../api/share-api'
import { h, setText } from './dom'

const DAY = 24 * 60 * 60

/** The lives a link may have; the server allows 1 s to 30 days. */
export const SHARE_LIVES: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '1 day', seconds: DAY },
  { label: '7 days', seconds: 7 * DAY },
  { label: '30 days', seconds: 30 * DAY },
]

export interface ShareControlsOptions {
  api: ShareApi
  /** the page's origin, which the server's relative url is resolved against */
  origin: string
}

export function shareControls(options: ShareControlsOptions): { element: HTMLElement; destroy: () => void } {
  const role = h('select', { 'data-testid': 'share-role', 'aria-label': 'The link lets its holder' },
    h('option', { value: 'viewer' }, 'view'), h('option', { value: 'editor' }, 'edit'))
  const life = h('select', { 'data-testid': 'share-life', 'aria-label': 'The link works for' },
    ...SHARE_LIVES.map(({ label, seconds }) => h('option', { value: String(seconds) }, label)))
  life.value = String(7 * DAY)
  const create = h('button', { type: 'button', class: 'pc-primary', 'data-testid': 'share-create' }, 'Create link')
  const link = h('input', { class: 'pc-share-link', readonly: true, 'data-testid': 'share-link', 'aria-label': 'Share link', hidden: true })
  const copy = h('button', { type: 'button', 'data-testid': 'share-copy', hidden: true }, 'Copy')
  const message = h('p', { class: 'pc-share-message', 'data-testid': 'share-message', role: 'status' })
  const panel = h(
    'div',
    { class: 'pc-share-panel', 'data-testid': 'share-panel', role: 'dialog', 'aria-label': 'Share this card', hidden: true },
    h('div', { class: 'pc-share-row' }, h('span', {}, 'Anyone with the link can'), role, h('span', {}, 'for'), life, create),
    h('div', { class: 'pc-share-row' }, link, copy),
    message,
  )
  const button = h('button', { type: 'button', 'data-testid': 'share-button', 'aria-expanded': 'false', title: 'A link to this card for someone else' }, 'Share')
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden
    button.setAttribute('aria-expanded', String(!panel.hidden))
  })
  let busy = false
  create.addEventListener('click', async () => {
    if (busy) return
    busy = true
    create.disabled = true
    message.removeAttribute('data-kind')
    setText(message, 'Creating the link…')
    try {
      const shared = await options.api.share(role.value === 'editor' ? 'editor' : 'viewer', Number(life.value))
      link.value = new URL(shared.url, options.origin).href
      link.hidden = false
      copy.hidden = false
      const what = role.value === 'editor' ? 'view and edit' : 'view'
      setText(message, `Anyone with this link can ${what} this card until ${shared.expiresAt.toLocaleString()}.`)
      link.select()
    } catch (error) {
      message.dataset.kind = 'error'
      setText(message, `No link: ${error instanceof ApiError ? error.message : String(error)}`)
    } finally {
      busy = false
      create.disabled = false
    }
  })
  copy.addEventListener('click', async () => {
    link.select()
    try {
      await navigator.clipboard.writeText(link.value)
      setText(copy, 'Copied')
    } catch {
      setText(copy, 'Press Ctrl+C')
    }
    setTimeout(() => setText(copy, 'Copy'), 2000)
  })
  const element = h('div', { class: 'pc-share' }, button, panel)
  return { element, destroy: () => element.remove() }
}
