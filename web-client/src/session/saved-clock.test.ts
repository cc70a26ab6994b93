import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { ConfirmedState, onlyLocal, serverClockOf, serverStateOf, stateVectorOf } from './saved-clock'

/** A decoder over a sync message as the server sends it, positioned after the outer type (0). */
const syncMessage = (write: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  write(encoder)
  const decoder = decoding.createDecoder(encoding.toUint8Array(encoder))
  decoding.readVarUint(decoder)
  return decoder
}

describe('serverClockOf', () => {
  const ours = new Y.Doc()
  ours.getText('template').insert(0, 'abc')
  const server = new Y.Doc()
  Y.applyUpdate(server, Y.encodeStateAsUpdate(ours))

  it("reads our clock from the server's state vector (SyncStep1), 0 when it has none of ours", () => {
    expect(serverClockOf(syncMessage((e) => syncProtocol.writeSyncStep1(e, server)), ours.clientID)).toBe(3)
    expect(serverClockOf(syncMessage((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())), ours.clientID)).toBe(0)
  })

  it('reads how far an echoed update reaches, and nothing from an update of others only', () => {
    const update = Y.encodeStateAsUpdate(ours)
    expect(serverClockOf(syncMessage((e) => syncProtocol.writeUpdate(e, update)), ours.clientID)).toBe(3)
    const other = new Y.Doc()
    other.getText('template').insert(0, 'x')
    expect(serverClockOf(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(other))), ours.clientID)).toBeUndefined()
  })

  it('leaves the decoder where it was for y-websocket', () => {
    const decoder = syncMessage((e) => syncProtocol.writeSyncStep1(e, server))
    const at = decoder.pos
    serverClockOf(decoder, ours.clientID)
    expect(decoder.pos).toBe(at)
  })

  it('tells nothing from a truncated message', () => {
    const decoder = decoding.createDecoder(new Uint8Array([0, 2, 200]))
    decoding.readVarUint(decoder)
    expect(serverClockOf(decoder, ours.clientID)).toBeUndefined()
  })
})

describe('what is only local', () => {
  /** A SyncStep1 or an update message of `server`, as a page reads it. */
  const stateOf = (server: Y.Doc) => serverStateOf(syncMessage((e) => syncProtocol.writeSyncStep1(e, server)))!
  const echoOf = (update: Uint8Array) => serverStateOf(syncMessage((e) => syncProtocol.writeUpdate(e, update)))!

  it('counts edits restored from an earlier page (another client id) until the server confirms them', () => {
    // an earlier page typed "ab", the server stored it, then "cd" while the server was down
    const earlier = new Y.Doc()
    const server = new Y.Doc()
    earlier.getText('template').insert(0, 'ab')
    Y.applyUpdate(server, Y.encodeStateAsUpdate(earlier))
    earlier.getText('template').insert(2, 'cd')
    // the reloaded page: a new client id, the earlier page's edits from IndexedDB
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(earlier))
    expect(reloaded.clientID).not.toBe(earlier.clientID)
    const confirmed = new ConfirmedState()

    expect(confirmed.learn(stateOf(server))).toBe(true)
    expect(onlyLocal(stateVectorOf(reloaded), confirmed.state)).toEqual([earlier.clientID])

    // the page sends what the server lacks; the server applies it and echoes it once stored
    const missing = Y.encodeStateAsUpdate(reloaded, Y.encodeStateVector(server))
    Y.applyUpdate(server, missing)
    expect(confirmed.learn(echoOf(missing))).toBe(true)
    expect(onlyLocal(stateVectorOf(reloaded), confirmed.state)).toEqual([])
  })

  it("counts the page's own new edits and others' edits only the page has", () => {
    const page = new Y.Doc()
    const server = new Y.Doc()
    const confirmed = new ConfirmedState()
    confirmed.learn(stateOf(server))
    page.getText('title').insert(0, 'x')
    const offline = new Y.Doc()
    offline.getText('system').insert(0, 'y')
    Y.applyUpdate(page, Y.encodeStateAsUpdate(offline))

    expect(onlyLocal(stateVectorOf(page), confirmed.state).sort()).toEqual([page.clientID, offline.clientID].sort())
  })

  it("takes the server's whole state on each connection, even when it has less than was confirmed", () => {
    const page = new Y.Doc()
    page.getText('template').insert(0, 'abc')
    const confirmed = new ConfirmedState()
    confirmed.learn(echoOf(Y.encodeStateAsUpdate(page)))
    expect(onlyLocal(stateVectorOf(page), confirmed.state)).toEqual([])

    // a server started on an empty database
    expect(confirmed.learn(stateOf(new Y.Doc()))).toBe(true)
    expect(onlyLocal(stateVectorOf(page), confirmed.state)).toEqual([page.clientID])
    expect(confirmed.learn(stateOf(new Y.Doc()))).toBe(false)
  })

  it('restores what an earlier page was told, until the server speaks', () => {
    const page = new Y.Doc()
    page.getText('template').insert(0, 'abc')
    const earlier = new ConfirmedState()
    earlier.learn(echoOf(Y.encodeStateAsUpdate(page)))
    const stored = ConfirmedState.decode(earlier.encode())!
    expect(stored).toEqual(new Map([[page.clientID, 3]]))

    const reloaded = new ConfirmedState()
    expect(reloaded.restore(stored)).toBe(true)
    expect(onlyLocal(stateVectorOf(page), reloaded.state)).toEqual([])

    const told = new ConfirmedState()
    told.learn(stateOf(new Y.Doc()))
    expect(told.restore(stored)).toBe(false)
    expect(told.state).toEqual(new Map())
  })

  it('reads nothing from a stored value of another format', () => {
    expect(ConfirmedState.decode(undefined)).toBeUndefined()
    expect(ConfirmedState.decode('abc')).toBeUndefined()
    expect(ConfirmedState.decode(new Uint8Array([1, 2]).buffer)).toBeUndefined()
  })
})
