// A malformed frame closes only the connection that sent it, with 4400; the card and the other
// connections carry on.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { allSynced, cardUrl, closeOf, connectClient, freshRoom, rawSocket, sameStateVectors, waitFor } from './lib/clients.mjs'
import { editorToken } from './lib/tokens.mjs'

const GARBAGE = {
  'a truncated message (update length past the end)': new Uint8Array([0, 2, 5, 1, 2]),
  'an update that is not a Yjs update': new Uint8Array([0, 2, 4, 0xff, 0xff, 0xff, 0xff]),
  'an unknown message type': new Uint8Array([7, 1, 2, 3]),
  'an unknown sync message type': new Uint8Array([0, 9, 0]),
  'a valid update followed by garbage in the same frame': null, // built below, needs a doc
  'a text frame': 'hello'
}

for (const [what, frame] of Object.entries(GARBAGE)) {
  test(`${what} closes only its own connection with 4400`, { timeout: 20000 }, async (t) => {
    const room = freshRoom('garbage')
    const a = connectClient(t, room)
    const b = connectClient(t, room)
    await allSynced([a, b])
    a.doc.getText('template').insert(0, 'Summarize {{text}}.')
    await sameStateVectors([a.doc, b.doc])
    const before = Buffer.from(Y.encodeStateAsUpdate(a.doc)).toString('base64')

    const raw = rawSocket(t, cardUrl(room, editorToken(room)))
    await raw.opened
    let sent = frame
    if (sent === null) {
      const scratch = new Y.Doc()
      scratch.getText('template').insert(0, 'must not land ')
      const update = Y.encodeStateAsUpdate(scratch)
      scratch.destroy()
      // [0, 2, update] then a truncated message: the frame is decoded whole before anything is applied.
      sent = new Uint8Array([0, 2, update.length, ...update, 0, 2, 9])
      assert.ok(update.length < 128)
    }
    raw.socket.send(sent)
    const close = await closeOf(raw)
    assert.equal(close.code, 4400, `close code (reason "${close.reason}")`)
    assert.ok(close.reason.length > 0)

    // The card is untouched and the others keep syncing both ways.
    assert.deepEqual([a.closes, b.closes], [[], []], 'the other connections stay open')
    b.doc.getText('title').insert(0, 'still here')
    a.doc.getMap('model').set('provider', 'openai')
    await sameStateVectors([a.doc, b.doc])
    assert.equal(a.doc.getText('title').toString(), 'still here')
    assert.equal(b.doc.getMap('model').get('provider'), 'openai')
    const late = connectClient(t, room)
    await allSynced([late])
    await waitFor('the late joiner to hold the card', () => late.doc.getText('title').toString() === 'still here')
    assert.equal(late.doc.getText('template').toString(), 'Summarize {{text}}.')
    assert.notEqual(Buffer.from(Y.encodeStateAsUpdate(late.doc)).toString('base64'), before, 'the new edits are there')
    assert.deepEqual([a.closes, b.closes], [[], []], 'the other connections stay open')
  })
}
