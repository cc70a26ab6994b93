/**
 * What a closed connection means for the person editing, by close code (ARCHITECTURE.md "The protocol":
 * 4400–4499 permanent, 1011 internal error, 1013 try again later; y-websocket 3.1.0 stops
 * reconnecting on 4400–4499 by itself).
 */

export interface CloseExplanation {
  /** true when the client will not reconnect by itself */
  permanent: boolean
  /** one sentence for the banner */
  message: string
}

/** What the editor knows when a connection closes, for the advice on a refused token. */
export interface CloseContext {
  /** the token is the one a dev-mode server put into the page: reloading the page gets a fresh one */
  devToken?: boolean
  /** edits are kept in this browser (IndexedDB) and sync once a connection is accepted again */
  keptLocally?: boolean
}

export function explainClose(code: number, reason: string, context: CloseContext = {}): CloseExplanation {
  const said = reason.trim() === '' ? '' : ` (server: ${reason.trim()})`
  switch (code) {
    case 4401:
    case 4403:
      return { permanent: true, message: refusedToken(code, reason, said, context) }
    case 4404:
      return { permanent: true, message: `There is no such card, and a viewer cannot create it${said}.` }
    case 4413:
      return { permanent: true, message: tooBig(reason, said) }
    case 4400:
      return { permanent: true, message: `The server could not read a message from this editor${said}. Reload to continue.` }
    case 1011:
      return { permanent: false, message: `The server could not serve this card${said}. Retrying…` }
    case 1013:
      return { permanent: false, message: `The server asked this editor to come back later${said}. Retrying…` }
    case 1001:
      return { permanent: false, message: 'The server is restarting. Reconnecting…' }
    default:
      return code >= 4400 && code < 4500
        ? { permanent: true, message: `The server closed the connection for good (${code})${said}.` }
        : { permanent: false, message: '' }
  }
}

/**
 * A close for what the page sent, not for who sent it: a change too large for the server (4413, not the
 * awareness limit) or one it could not read (4400). The page's copy of the card in this browser holds
 * that change: kept, every reload would send it again and be closed again; so it is dropped, and a
 * reload continues with the stored card (as the message says).
 */
export function refusesTheChanges(code: number, reason: string): boolean {
  return code === 4400 || (code === 4413 && !/awareness/i.test(reason))
}

/**
 * A token refused (4401) or not for this card (4403): how to get the edits in. In dev mode the page's
 * token comes from the server, so a reload gets one it accepts (a dev server restarted on another data
 * directory has another secret); elsewhere the person needs a new token from whoever issues them.
 */
function refusedToken(code: number, reason: string, said: string, context: CloseContext): string {
  const problem =
    code === 4403
      ? `Your token does not give access to this card${said}.`
      : /expired/i.test(reason)
        ? 'Your session has expired.'
        : `The server did not accept your token${said}.`
  if (context.devToken) {
    return context.keptLocally
      ? `${problem} Your edits are kept on this device: reload the page to get a fresh token, and they sync.`
      : `${problem} Reload the page to get a fresh token (edits not saved yet are lost on reload: copy them first).`
  }
  const again =
    code === 4403 ? 'Open the card with a token that gives access to it' : 'Sign in again (open the card with a fresh token)'
  return context.keptLocally
    ? `${problem} ${again}: your edits are kept on this device and sync then.`
    : `${problem} ${again} to keep editing.`
}

/** The server's 4413 reasons (server Room): "card too big", "frame too big", "too many awareness clients". */
function tooBig(reason: string, said: string): string {
  if (/awareness/i.test(reason)) {
    return `Too many editors are on this card at once${said}. Try again later.`
  }
  const what = /card/i.test(reason) ? 'The card would become larger than this server allows' : 'That change is too large to send in one piece'
  return `${what}${said}. It was not saved; reload to continue with the stored card.`
}
