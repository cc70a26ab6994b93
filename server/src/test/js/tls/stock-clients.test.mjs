// Stock clients over TLS: `serve --tls-cert --tls-key` with a self-signed certificate made for the
// test, trusted here through NODE_EXTRA_CA_CERTS (as an operator would trust a private CA), not by
// turning certificate checks off. Run by StockClientsOverTlsTest with SERVER_URL=https://...

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:tls'
import WebSocket from 'ws'
import { allSynced, connectClient, freshRoom, sameStateVectors, waitFor } from '../lib/clients.mjs'
import { serverUrl, wsBase } from '../lib/server.mjs'
import { editorToken } from '../lib/tokens.mjs'

test('the server is reached over https and wss only', () => {
  assert.match(serverUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.match(wsBase, /^wss:\/\/127\.0\.0\.1:\d+\/ws$/)
})

test('/healthz answers ok over https, with HSTS', async () => {
  const response = await fetch(serverUrl + '/healthz')
  assert.equal(response.status, 200)
  assert.equal(await response.text(), 'ok')
  assert.equal(response.headers.get('strict-transport-security'), 'max-age=86400')
})

test('two stock clients edit one card over wss and converge', async (t) => {
  const room = freshRoom('tls')
  const alice = connectClient(t, room)
  const bob = connectClient(t, room)
  await allSynced([alice, bob])

  alice.doc.getText('template').insert(0, 'Summarize {{text}}.')
  // the first edit a fresh server (C1 only, on a busy machine) applies and stores may take long
  await waitFor('bob to get alice\'s text', () => bob.doc.getText('template').toString() === 'Summarize {{text}}.',
    { timeout: 30000 })
  alice.doc.transact(() => alice.doc.getText('template').insert(0, 'A: '))
  bob.doc.transact(() => bob.doc.getText('template').insert(bob.doc.getText('template').length, ' B'))
  await sameStateVectors([alice.doc, bob.doc])

  const text = alice.doc.getText('template').toString()
  assert.equal(text, 'A: Summarize {{text}}. B')
  assert.equal(bob.doc.getText('template').toString(), text)
  assert.ok(alice.provider.ws.url.startsWith('wss://'), alice.provider.ws.url)
})

test('a client that does not trust the certificate is refused, and the others go on', async (t) => {
  const room = freshRoom('untrusted')
  const alice = connectClient(t, room)
  await allSynced([alice])

  // the same stock `ws` client, told to trust nothing but the system's CAs
  const untrusting = new WebSocket(`${wsBase}/${room.workspace}/${room.card}?token=${editorToken(room)}`, { ca: [] })
  const error = await new Promise((resolve) => untrusting.once('error', resolve))
  assert.match(error.code, /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/, String(error))

  alice.doc.getText('title').insert(0, 'still editing')
  const bob = connectClient(t, room)
  await allSynced([bob])
  await waitFor('bob to get alice\'s edit', () => bob.doc.getText('title').toString() === 'still editing')
})

test('the certificate the server presents is the one of --tls-cert', async () => {
  const { port } = new URL(serverUrl)
  const certificate = await new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate())
      socket.end()
    })
    socket.once('error', reject)
  })
  assert.equal(certificate.subject.CN, 'localhost')
  assert.match(certificate.subjectaltname, /IP Address:127\.0\.0\.1/)
})
