import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { serverClockOf } from './saved-clock'

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
