/**
 * What a closed connection means for the person editing, by close code (ARCHITECTURE.md "The protocol":
 * 4400–4499 permanent, 1011 internal error, 1013 try again later; y-websocket 3.1.0 stops
 * reconnecting on 4400–4499 by itself).
 */

export interface CloseExplanation {
  /** true when the client will not reconnect by itself */
  permanent: boolean
  /** what happened, what limit (and its value) it met, and what to do: for the banner */
  message: string
  /** a few words for beside the status ("card over 32 MiB"), when there is something to say */
  short?: string
  /**
   * the card cannot be shown or edited with this token at all (no token accepted, no access, no such
   * card): a page that never showed the card says so instead of drawing an empty editor
   */
  fatal?: boolean
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
    case 4403: {
      const quota = CARD_QUOTA.exec(reason)
      if (code === 4403 && quota !== null) {
        return {
          permanent: true,
          fatal: true,
          short: `workspace quota of ${quota[1]} cards reached`,
          message:
            `This workspace has reached its quota of ${quota[1]} cards, so this card was not created. ` +
            'Delete a card the workspace no longer needs, or ask its admin to raise the quota (maxCards).',
        }
      }
      return { permanent: true, fatal: true, short: code === 4403 ? 'no access' : /expired/i.test(reason) ? 'token expired' : 'token refused', message: refusedToken(code, reason, said, context) }
    }
    case 4404:
      return /deleted/i.test(reason)
        ? { permanent: true, fatal: true, short: 'card deleted', message: `This card was deleted${said}. An admin of the workspace can restore it; until then nothing can be saved to it.` }
        : { permanent: true, fatal: true, short: 'no such card', message: `There is no such card, and a viewer cannot create it${said}. Check the card's name in the address, or ask an editor to create it.` }
    case 4413:
      return { permanent: true, ...tooBig(reason, said) }
    case 4400:
      return { permanent: true, short: 'message refused', message: `The server could not read a message from this editor${said}. Reload to continue.` }
    case 1011:
      return { permanent: false, short: 'server error, retrying', message: `The server could not serve this card${said}. Retrying…` }
    case 1013:
      return { permanent: false, short: 'server busy, retrying', message: `The server asked this editor to come back later${said}. Retrying…` }
    case 1001:
      return { permanent: false, short: 'server restarting', message: 'The server is restarting. Reconnecting…' }
    default:
      return code >= 4400 && code < 4500
        ? { permanent: true, short: `closed (${code})`, message: `The server closed the connection for good (${code})${said}.` }
        : { permanent: false, message: '' }
  }
}

/** The server's 4403 for a card past its workspace's quota (server Room.quotaReason). */
const CARD_QUOTA = /quota of (\d+) cards/i
/**
 * The limit a 4413 reason names (server Room: "card too big (max 33554432 bytes)", "frame too big (max N
 * bytes)"; server FrameErrorHandler: "frame too large (max N bytes)").
 */
const MAX_BYTES = /max (\d+) bytes/i

/** A size as people read it: 4 MiB, 512 KiB, 900 bytes. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ]
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`
    }
  }
  return `${bytes} bytes`
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

/**
 * The server's 4413 reasons (server Room, FrameErrorHandler): "card too big (max N bytes)", "frame too big
 * (max N bytes)" or "frame too large (max N bytes)", the
 * awareness limits ("too many awareness clients", ...), the update bounds ("too many structs in one update").
 */
function tooBig(reason: string, said: string): { message: string; short: string } {
  if (/awareness/i.test(reason)) {
    return { short: 'too many editors', message: `Too many editors are on this card at once${said}. Try again later.` }
  }
  const max = MAX_BYTES.exec(reason)
  const limit = max === null ? undefined : formatBytes(Number(max[1]))
  const notSaved = 'It was not saved; reload to continue with the stored card'
  if (/card/i.test(reason) && /big|large/i.test(reason)) {
    return limit === undefined
      ? { short: 'card too large', message: `The card would become larger than this server allows${said}. ${notSaved}.` }
      : {
          short: `card over the ${limit} limit`,
          message:
            `The card would become larger than this server's limit of ${limit} for one card (--max-card-bytes). ` +
            `${notSaved}, then make room: remove test cases or long values, or split the card in two.`,
        }
  }
  if (/frame/i.test(reason)) {
    return limit === undefined
      ? { short: 'change too large', message: `That change is too large to send in one piece${said}. ${notSaved}.` }
      : {
          short: `change over the ${limit} limit`,
          message:
            `That change is larger than this server's limit of ${limit} for one change (--max-frame-bytes). ` +
            `${notSaved}, then paste in smaller pieces.`,
        }
  }
  return { short: 'change too large', message: `That change is larger than this server allows${said}. ${notSaved}, then make it in smaller steps.` }
}
