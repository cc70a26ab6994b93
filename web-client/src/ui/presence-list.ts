/** Who is on the card now: one chip per connected editor, in their cursor colour; this editor first. */
import type { Awareness } from 'y-protocols/awareness'
import { h } from './dom'

interface PresentUser {
  clientId: number
  name: string
  color: string
}

export function presenceList(awareness: Awareness): { element: HTMLElement; destroy: () => void } {
  const element = h('ul', { class: 'pc-presence', 'data-testid': 'presence', 'aria-label': 'People on this card' })
  let shown = ''
  const render = () => {
    const users: PresentUser[] = []
    awareness.getStates().forEach((state, clientId) => {
      const user = state.user as { name?: unknown; color?: unknown } | undefined
      if (typeof user?.name !== 'string') return
      users.push({ clientId, name: user.name, color: typeof user.color === 'string' ? user.color : '#6b7280' })
    })
    users.sort((a, b) => (a.clientId === awareness.clientID ? -1 : b.clientId === awareness.clientID ? 1 : a.name.localeCompare(b.name)))
    const key = JSON.stringify(users)
    if (key === shown) return // awareness also changes with every cursor move
    shown = key
    element.replaceChildren(
      ...users.map((user) =>
        // Initials and "(you)" come from CSS, so that the item's text is the name alone.
        h(
          'li',
          {
            'data-user': user.name,
            'data-client': user.clientId,
            'data-initials': initials(user.name),
            'data-self': user.clientId === awareness.clientID,
            style: `--user-color: ${safeColor(user.color)}`,
          },
          user.name,
        ),
      ),
    )
  }
  awareness.on('change', render)
  render()
  return { element, destroy: () => awareness.off('change', render) }
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]?.toUpperCase() ?? '')
    .join('')
}

/** Another client's colour goes into a style attribute: only plain colour syntax is taken. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$|^[a-z]+$/.test(color) ? color : '#6b7280'
}
