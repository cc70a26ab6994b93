/**
 * One card's live connection: the Y.Doc, the y-websocket provider and what the person editing should
 * know about it (connecting, synced, offline, closed for good; read-only), as one observable state.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { explainClose } from './close-reasons'
import { serverClockOf } from './saved-clock'
import { isViewer, readClaims, type TokenClaims } from './token'

/** Where the card is; the WebSocket URL is `{wsBase}/{workspace}/{card}?token=...`. */
export interface CardAddress {
  /** `ws://HOST:PORT/ws` (or wss://) */
  wsBase: string
  workspace: string
  card: string
  token: string | undefined
}

export type ConnectionPhase = 'connecting' | 'synced' | 'offline' | 'closed'

export interface ConnectionState {
  phase: ConnectionPhase
  /** this editor has changes the server has not confirmed as stored yet */
  unsaved: boolean
  readOnly: boolean
  /** why the editor is read-only, when it is */
  readOnlyReason?: string
  /** a close that ends the session (phase closed), or a transient one worth showing */
  problem?: { code: number; message: string; permanent: boolean }
}

// y-protocols message types: sync (sync.js), auth ([2, 0, reason] is "permission denied", auth.js).
const MESSAGE_SYNC = 0
const MESSAGE_AUTH = 2
const PERMISSION_DENIED = 0

export class CardConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly claims: TokenClaims | undefined
  private current: ConnectionState
  private everSynced = false
  /** our client's clock as the server has confirmed it (stored) */
  private savedClock = 0
  private readonly listeners = new Set<(state: ConnectionState) => void>()
  private readonly onBrowserOnline = () => this.update()

  constructor(address: CardAddress) {
    this.claims = address.token === undefined ? undefined : readClaims(address.token)
    const viewer = isViewer(this.claims)
    this.current = {
      phase: 'connecting',
      unsaved: false,
      readOnly: viewer,
      readOnlyReason: viewer ? 'Your token lets you read this card, not change it.' : undefined,
    }
    this.provider = new WebsocketProvider(`${address.wsBase}/${address.workspace}`, address.card, this.doc, {
      params: address.token === undefined ? {} : { token: address.token },
      // Tabs of one browser sync through the server like everyone else: what one tab shows as
      // saved is what the server has.
      disableBc: true,
    })
    this.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => this.readAuth(decoder)
    const readSync = this.provider.messageHandlers[MESSAGE_SYNC]
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      // Only unsaved changes make the server's clock worth reading (it decodes the whole update).
      const clock = this.current.unsaved ? serverClockOf(decoder, this.doc.clientID) : undefined
      readSync(encoder, decoder, provider, emitSynced, messageType)
      if (clock !== undefined && clock > this.savedClock) {
        this.savedClock = clock
        this.updateUnsaved()
      }
    }
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) this.updateUnsaved()
    })
    this.provider.on('status', () => this.update())
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.everSynced = true
        // A transient problem (1011, 1013) is over once synced again.
        if (this.current.problem?.permanent === false) this.set({ problem: undefined })
      }
      this.update()
    })
    // Emitted while the provider still looks connected; the status and closed events that follow
    // update the phase.
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event === null) return
      const explanation = explainClose(event.code, event.reason)
      if (explanation.message !== '') this.set({ problem: { code: event.code, ...explanation } })
    })
    this.provider.on('closed', () => this.update())
    window.addEventListener('online', this.onBrowserOnline)
    window.addEventListener('offline', this.onBrowserOnline)
  }

  get awareness(): Awareness {
    return this.provider.awareness
  }

  get state(): ConnectionState {
    return this.current
  }

  /** Calls `listener` now and on every change, until the returned function is called. */
  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener)
    listener(this.current)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    window.removeEventListener('online', this.onBrowserOnline)
    window.removeEventListener('offline', this.onBrowserOnline)
    this.listeners.clear()
    this.provider.destroy()
    this.doc.destroy()
  }

  private readAuth(decoder: decoding.Decoder): void {
    if (decoding.readVarUint(decoder) === PERMISSION_DENIED) {
      const reason = decoding.readVarString(decoder)
      this.set({ readOnly: true, readOnlyReason: `The server refused your changes: ${reason}` })
    }
  }

  private updateUnsaved(): void {
    const unsaved = Y.getState(this.doc.store, this.doc.clientID) > this.savedClock
    if (unsaved !== this.current.unsaved) this.set({ unsaved })
  }

  private update(): void {
    const provider = this.provider
    let phase: ConnectionPhase
    if (!provider.shouldConnect && this.current.problem?.permanent) phase = 'closed'
    else if (provider.wsconnected && provider.synced) phase = 'synced'
    else if (this.everSynced || !navigator.onLine) phase = 'offline'
    else phase = 'connecting'
    this.set({ phase })
  }

  private set(changes: Partial<ConnectionState>): void {
    const next = { ...this.current, ...changes }
    if (
      next.phase === this.current.phase &&
      next.unsaved === this.current.unsaved &&
      next.readOnly === this.current.readOnly &&
      next.readOnlyReason === this.current.readOnlyReason &&
      next.problem === this.current.problem
    ) {
      return
    }
    this.current = next
    for (const listener of this.listeners) listener(next)
  }
}
