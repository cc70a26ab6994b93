// Tokens: every refusal closes the WebSocket with its exact close code (after the upgrade, where
// stock clients can see it), and a stock client stops reconnecting on it.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cardUrl, closeOf, connectClient, freshRoom, rawSocket, waitFor } from './lib/clients.mjs'
import { claims, editorToken, expiredToken, signJwt, token } from './lib/tokens.mjs'

/** Opens a raw socket and returns how the server closed it. */
const closeFor = async (t, url) => {
  const raw = rawSocket(t, url)
  await raw.opened
  return closeOf(raw)
}

const assertClosed = (close, code) => {
  assert.equal(close.code, code, `close code (reason "${close.reason}")`)
  assert.ok(close.reason.length > 0, 'a close reason is given')
  assert.ok(Buffer.byteLength(close.reason) <= 123, 'the reason fits in a close frame')
}

test('a missing token closes with 4401 "missing token"', async (t) => {
  const close = await closeFor(t, cardUrl(freshRoom()))
  assertClosed(close, 4401)
  assert.equal(close.reason, 'missing token')
})

test('an empty token closes with 4401', async (t) => {
  assertClosed(await closeFor(t, cardUrl(freshRoom(), '')), 4401)
})

test('an expired token closes with 4401', async (t) => {
  const room = freshRoom()
  assertClosed(await closeFor(t, cardUrl(room, expiredToken(room))), 4401)
})

test('a token signed with another secret closes with 4401', async (t) => {
  const room = freshRoom()
  const forged = signJwt(claims({ workspace: room.workspace }), { secret: 'not-the-server-secret-0123456789abcdef' })
  assertClosed(await closeFor(t, cardUrl(room, forged)), 4401)
})

test('a token with a tampered payload closes with 4401', async (t) => {
  const room = freshRoom()
  const [header, , signature] = editorToken(room).split('.')
  const payload = Buffer.from(JSON.stringify(claims({ workspace: room.workspace, sub: 'mallory' }))).toString('base64url')
  assertClosed(await closeFor(t, cardUrl(room, [header, payload, signature].join('.'))), 4401)
})

test('an unsigned token (alg none) closes with 4401', async (t) => {
  const room = freshRoom()
  const unsigned = signJwt(claims({ workspace: room.workspace }), { header: { alg: 'none', typ: 'JWT' } }).split('.')
  assertClosed(await closeFor(t, cardUrl(room, `${unsigned[0]}.${unsigned[1]}.`)), 4401)
})

test('a malformed token closes with 4401', async (t) => {
  assertClosed(await closeFor(t, cardUrl(freshRoom(), 'not-a-jwt')), 4401)
})

test('a token without a role closes with 4401', async (t) => {
  const room = freshRoom()
  const { role, ...noRole } = claims({ workspace: room.workspace })
  assertClosed(await closeFor(t, cardUrl(room, signJwt(noRole))), 4401)
})

test('a token for another workspace closes with 4403', async (t) => {
  const room = freshRoom()
  assertClosed(await closeFor(t, cardUrl(room, token({ workspace: 'someone-else' }))), 4403)
})

test('a token for other cards of the workspace closes with 4403', async (t) => {
  const room = freshRoom()
  const otherCards = token({ workspace: room.workspace, cards: ['another-card', 'yet-another'] })
  assertClosed(await closeFor(t, cardUrl(room, otherCards)), 4403)
})

test('a token listing the card opens it', async (t) => {
  const room = freshRoom()
  const listed = token({ workspace: room.workspace, cards: ['another-card', room.card] })
  const client = connectClient(t, room, { token: listed })
  await waitFor('the client to sync', () => client.provider.synced)
})

test('a stock client told 4401 stops reconnecting and reports the close', { timeout: 20000 }, async (t) => {
  const room = freshRoom()
  const client = connectClient(t, room, { token: expiredToken(room), connect: false })
  const closes = []
  client.provider.on('connection-close', (event) => closes.push(event?.code))
  const closed = new Promise((resolve) => client.provider.once('closed', resolve))
  client.provider.connect()

  const { code, reason } = await closed
  assert.equal(code, 4401)
  assert.ok(reason.length > 0)
  assert.equal(client.provider.shouldConnect, false)
  assert.deepEqual(closes, [4401])
  assert.equal(client.provider.synced, false)
})
