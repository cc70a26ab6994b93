// HS256 JSON Web Tokens minted with node:crypto alone (RFC 7515 compact serialization), with the
// claims the server reads: sub, ws (workspace), cards (a list or "*"), role (editor | viewer), exp.

import { createHmac } from 'node:crypto'
import { jwtSecret } from './server.mjs'

const base64url = (text) => Buffer.from(text).toString('base64url')

/**
 * Signs `claims` with HS256. `header` and `secret` can be changed to build broken tokens.
 *
 * @param {object} claims
 * @param {{secret?: string, header?: object}} [options]
 */
export const signJwt = (claims, { secret = jwtSecret, header = { alg: 'HS256', typ: 'JWT' } } = {}) => {
  const signingInput = base64url(JSON.stringify(header)) + '.' + base64url(JSON.stringify(claims))
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url')
  return signingInput + '.' + signature
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * The claims of a token for `workspace`: all its cards, an editor, valid for ten minutes, unless
 * overridden.
 */
export const claims = ({ workspace, cards = '*', role = 'editor', sub = 'e2e-user', exp = nowSeconds() + 600 }) =>
  ({ sub, ws: workspace, cards, role, exp })

/** A valid token (see `claims`). */
export const token = (options) => signJwt(claims(options))

/** An editor's token for the workspace of `room`. */
export const editorToken = (room) => token({ workspace: room.workspace })

/** A viewer's token for the workspace of `room`. */
export const viewerToken = (room) => token({ workspace: room.workspace, role: 'viewer' })

/** A token that expired an hour ago (beyond any clock-skew leeway). */
export const expiredToken = (room) => token({ workspace: room.workspace, exp: nowSeconds() - 3600 })
