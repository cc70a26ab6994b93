/**
 * Who is on the card now: one chip per connected editor, in their cursor colour; this editor first.
 * Reads the sanitised presence (safe-presence.ts): a name is only ever text.
 */
import type { PresenceView } from '../session/safe-presence'
import { h } from './dom'

interface PresentUser {
  clientId: number
  name: string
  color: string
}

export function presenceList(awareness: PresenceView): { element: HTMLElement; destroy: () => void } {
  const element = h('ul', { class: 'pc-presence', 'data-testid': 'presence', 'aria-label': 'People on this card' })
  let shown = ''
  const render = () => {
    const users: PresentUser[] = []
    awareness.getStates().forEach((state, clientId) => {
      // names and colours are sanitised by the view: the name goes in as text, the colour into a style
      const user = state.user
      if (user?.name === undefined) return
      users.push({ clientId, name: user.name, color: user.color })
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
            style: `--user-color: ${user.color}`,
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
