// Read-only connections: a viewer reads the card live, its edits are applied nowhere, and it is told.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { allSynced, connectClient, freshRoom, sameStateVectors, waitFor } from './lib/clients.mjs'
import { viewerToken } from './lib/tokens.mjs'

test("a viewer's edits reach nobody, and the viewer is told", { timeout: 20000 }, async (t) => {
  const room = freshRoom('viewer')
  const editor = connectClient(t, room, { user: { name: 'editor' } })
  const otherEditor = connectClient(t, room)
  await allSynced([editor, otherEditor])
  editor.doc.getText('template').insert(0, 'Summarize {{text}}.')

  const viewer = connectClient(t, room, { token: viewerToken(room), user: { name: 'viewer' } })
  await allSynced([viewer])
  await waitFor('the viewer to read the card', () => viewer.doc.getText('template').toString() === 'Summarize {{text}}.')
  const deniedBefore = viewer.denials.length

  viewer.doc.getText('template').insert(0, 'VIEWER WAS HERE ')
  viewer.doc.getMap('model').set('provider', 'viewer')
  // Then a change of its awareness, which is relayed: the server handles one connection's frames in
  // order and each outbound queue is in order, so once an editor sees this state it would have seen
  // the viewer's updates first, had they been relayed.
  viewer.awareness.setLocalStateField('marker', 1)

  for (const client of [editor, otherEditor]) {
    await waitFor("the viewer's awareness marker to arrive", () => client.awareness.getStates().get(viewer.clientID)?.marker === 1)
    assert.equal(client.doc.getText('template').toString(), 'Summarize {{text}}.')
    assert.deepEqual(client.doc.getMap('model').toJSON(), {})
    assert.equal(Y.decodeStateVector(Y.encodeStateVector(client.doc)).has(viewer.clientID), false,
      'no struct of the viewer reached an editor')
  }
  await waitFor('the viewer to be told its edits were refused', () => viewer.denials.length > deniedBefore,
    { explain: () => `denials: ${JSON.stringify(viewer.denials)}` })
  for (const reason of viewer.denials) assert.equal(typeof reason, 'string')

  // Nor does the server keep them: a client joining now gets the card without them.
  const late = connectClient(t, room)
  await allSynced([late])
  assert.equal(late.doc.getText('template').toString(), 'Summarize {{text}}.')
  assert.equal(Y.decodeStateVector(Y.encodeStateVector(late.doc)).has(viewer.clientID), false)

  // The viewer still reads what editors write.
  otherEditor.doc.getText('title').insert(0, 'Short summary')
  await waitFor('the viewer to receive the new title', () => viewer.doc.getText('title').toString() === 'Short summary')
  await sameStateVectors([editor.doc, otherEditor.doc, late.doc])
})
