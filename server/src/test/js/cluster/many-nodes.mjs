// Stock Yjs clients spread over several nodes that share one PostgreSQL and one Redis (issue 14). Run by
// ManyNodesTest, which owns the nodes, Redis and the faults; the protocol is persistence/lib/driver.mjs.
//
// Environment: SERVER_URLS (the nodes' http bases, comma-separated; SERVER_URL is the first, for the
// token helpers), JWT_SECRET, WORKSPACE, CARD, CLIENTS_PER_NODE (2), SEED.
//
// 1. CLIENTS_PER_NODE clients per node open the card, each with a presence state. "@synced".
// Then one command at a time:
//   "edit MS"     every live client makes random edits (each its own transaction) for MS ms. "@edited"
//   "converge"    every live client holds the same card, byte for byte, and every update any client ever
//                 had echoed (durable) is in it. "@converged"
//   "late N"      a new client on node N gets exactly the converged card. "@late"
//   "presence"    every live client shows every other live client's presence, wherever it is. "@presence"
//   "gone N"      node N was killed: its clients stop; every other client stops showing their presence
//                 (the nodes remove it once the dead node's heartbeat expired). "@gone {ms}"
//   "done"        exits 0.

import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import * as Y from 'yjs'
import { allSynced, waitFor } from '../lib/clients.mjs'
import { cardJson, prng, randomEdit } from '../lib/card-edits.mjs'
import { env, nextCommand, note, report, run } from '../persistence/lib/driver.mjs'
import { destroyClient, echoRecord, missingFrom, normalizedState, trackedClient } from '../persistence/lib/tracked.mjs'

const PER_NODE = Number(process.env.CLIENTS_PER_NODE ?? 2)

run(async () => {
  const urls = env('SERVER_URLS').split(',')
  const room = { workspace: env('WORKSPACE'), card: env('CARD') }
  const seed = Number(process.env.SEED ?? Date.now() % 100000)
  note(`seed ${seed} (replay with SEED=${seed}), ${PER_NODE} clients on each of ${urls.length} nodes`)

  const clients = urls.flatMap((url, node) => Array.from({ length: PER_NODE }, (_, i) => {
    const client = trackedClient(url, room)
    client.node = node
    client.provider.awareness.setLocalStateField('user', { name: `n${node}c${i}` })
    return client
  }))
  const randoms = clients.map((_, i) => prng(seed * 1000 + i))
  const live = () => clients.filter((c) => !c.destroyed)
  // what each client had echoed when its node died: it must survive the death
  const frozen = []
  await allSynced(clients, 30000)
  report('synced', { clients: clients.length })

  let converged = null
  let round = 0
  for (;;) {
    const command = await nextCommand()
    const [verb, arg] = command.split(' ')
    if (verb === 'edit') {
      const until = Date.now() + Number(arg)
      let edits = 0
      while (Date.now() < until) {
        for (const [i, client] of clients.entries()) {
          if (!client.destroyed && client.provider.wsconnected) {
            randomEdit(randoms[i], client.doc, `c${i}r${round}`)
            edits++
          }
        }
        round++
        await delay(5)
      }
      report('edited', { edits, rounds: round })
    } else if (verb === 'converge') {
      const everyone = live()
      await allSynced(everyone, 30000)
      await waitFor('every client on every node to hold the same card', () =>
        new Set(everyone.map((c) => normalizedState(c.doc))).size === 1, {
        timeout: 60000,
        explain: () => everyone.map((c) => `node ${c.node} client ${c.doc.clientID}: connected ${c.provider.wsconnected},` +
          ` ${JSON.stringify(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(c.doc))))}`).join('\n')
      })
      const state = Y.encodeStateAsUpdate(everyone[0].doc)
      for (const record of [...frozen, ...everyone.map(echoRecord)]) {
        assert.deepEqual(missingFrom(state, record.confirmed), [],
          `client ${record.clientID}: updates its node had echoed (stored) are missing from the converged card`)
      }
      const json = cardJson(everyone[0].doc)
      for (const c of everyone) assert.deepEqual(cardJson(c.doc), json, `client ${c.doc.clientID} holds other content`)
      converged = normalizedState(everyone[0].doc)
      report('converged', { clients: everyone.length, bytes: state.length, tests: json.tests.length })
    } else if (verb === 'late') {
      assert.ok(converged, '"late" needs a "converge" first')
      const late = trackedClient(urls[Number(arg)], room)
      await allSynced([late], 30000)
      assert.equal(normalizedState(late.doc), converged, `a late joiner on node ${arg} gets another card`)
      destroyClient(late)
      report('late', { node: Number(arg) })
    } else if (verb === 'presence') {
      const everyone = live()
      const started = Date.now()
      await waitFor('every client to show every other client\'s presence', () =>
        everyone.every((c) => everyone.every((other) => c.provider.awareness.getStates().has(other.doc.clientID))), {
        timeout: 20000,
        explain: () => everyone.map((c) => `client ${c.doc.clientID} on node ${c.node} sees ${[...c.provider.awareness.getStates().keys()]}`).join('\n')
      })
      report('presence', { ms: Date.now() - started, clients: everyone.length })
    } else if (verb === 'gone') {
      const node = Number(arg)
      const dead = clients.filter((c) => c.node === node && !c.destroyed)
      const ids = dead.map((c) => c.doc.clientID)
      for (const c of dead) {
        frozen.push(echoRecord(c))
        destroyClient(c)
      }
      const started = Date.now()
      await waitFor(`the presence of node ${node}'s clients to disappear on the other nodes`, () =>
        live().every((c) => ids.every((id) => !c.provider.awareness.getStates().has(id))), {
        timeout: 25000,
        explain: () => live().map((c) => `client ${c.doc.clientID} on node ${c.node} sees ${[...c.provider.awareness.getStates().keys()]}`).join('\n')
      })
      report('gone', { ms: Date.now() - started, clients: ids.length })
    } else if (verb === 'done') {
      live().forEach(destroyClient)
      return
    } else {
      throw new Error(`unknown command "${command}"`)
    }
  }
})
