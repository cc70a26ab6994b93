/** How the workspace page words its list: when a card changed, and what a failed call means. */

/** `just now`, `5 min ago`, `3 h ago`, else the local date `2025-01-31`; '' when unknown or unreadable. */
export function formatUpdated(iso: string | undefined, nowMs: number): string {
  if (iso === undefined) return ''
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return ''
  const seconds = Math.max(0, Math.floor((nowMs - at) / 1000))
  if (seconds < 60) return 'just now'
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  const date = new Date(at)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`
}

/**
 * What a refused or failed call means to the person at the page, by its status; the API's own words
 * (`{"error"}`) are shown beneath it.
 */
export function failureTitle(status: number | undefined, what: 'list' | 'create'): string {
  switch (status) {
    case 401:
      return 'The server did not accept this token (expired, revoked or signed with another key): ask for a new link.'
    case 403:
      return what === 'list' ? "This token may not list this workspace's cards." : 'This token may not create cards here.'
    case 404:
      return 'Not found: no such workspace here, or a server without the cards API.'
    case 409:
      return 'A card with this id exists already.'
    case 429:
      return 'Too many requests: wait a moment, then try again.'
    case undefined:
      return what === 'list' ? 'Could not load the cards.' : 'Could not create the card.'
    default:
      return what === 'list' ? `Could not load the cards (HTTP ${status}).` : `Could not create the card (HTTP ${status}).`
  }
}
