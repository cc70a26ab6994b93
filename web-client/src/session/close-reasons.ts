/**
 * What a closed connection means for the person editing, by close code (DESIGN.md "The protocol":
 * 4400–4499 permanent, 1011 internal error, 1013 try again later; y-websocket 3.1.0 stops
 * reconnecting on 4400–4499 by itself).
 */

export interface CloseExplanation {
  /** true when the client will not reconnect by itself */
  permanent: boolean
  /** one sentence for the banner */
  message: string
}

export function explainClose(code: number, reason: string): CloseExplanation {
  const said = reason.trim() === '' ? '' : ` (server: ${reason.trim()})`
  switch (code) {
    case 4401:
      return {
        permanent: true,
        message: /expired/i.test(reason)
          ? 'Your session has expired. Sign in again (open the card with a fresh token) to keep editing.'
          : `The server did not accept your token${said}. Sign in again with a valid token.`,
      }
    case 4403:
      return { permanent: true, message: `Your token does not give access to this card${said}.` }
    case 4404:
      return { permanent: true, message: `There is no such card, and a viewer cannot create it${said}.` }
    case 4413:
      return { permanent: true, message: tooBig(reason, said) }
    case 4429:
      return { permanent: true, message: `Too many changes too fast: the server disconnected this editor${said}. Reload to continue.` }
    case 4400:
      return { permanent: true, message: `The server could not read a message from this editor${said}. Reload to continue.` }
    case 1011:
      return { permanent: false, message: `The server could not serve this card${said}. Retrying…` }
    case 1013:
      return { permanent: false, message: `The server is busy${said}. Retrying…` }
    case 1001:
      return { permanent: false, message: 'The server is restarting. Reconnecting…' }
    default:
      return code >= 4400 && code < 4500
        ? { permanent: true, message: `The server closed the connection for good (${code})${said}.` }
        : { permanent: false, message: '' }
  }
}

/** The server's 4413 reasons (server Room): "card too big", "frame too big", "too many awareness clients". */
function tooBig(reason: string, said: string): string {
  if (/awareness/i.test(reason)) {
    return `Too many editors are on this card at once${said}. Try again later.`
  }
  const what = /card/i.test(reason) ? 'The card would become larger than this server allows' : 'That change is too large to send in one piece'
  return `${what}${said}. It was not saved; reload to continue with the stored card.`
}
