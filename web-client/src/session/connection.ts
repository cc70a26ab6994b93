/**
 * One card's live connection: the Y.Doc, the y-websocket provider, the copy of the card in this
 * browser (IndexedDB) and what the person editing should know about it (connecting, synced, offline,
 * closed for good; read-only; what is only on this device), as one observable state.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { type CloseExplanation, explainClose, refusesTheChanges } from './close-reasons'
import { StorageWatch, readinessUrlOf } from './storage-watch'
import { ConfirmedState, onlyLocal, serverStateOf, stateVectorOf } from './saved-clock'
import { isViewer, readClaims, type TokenClaims } from './token'

/** Where the card is; the WebSocket URL is `{wsBase}/{workspace}/{card}?token=...`. */
export interface CardAddress {
  /** `ws://HOST:PORT/ws` (or wss://) */
  wsBase: string
  workspace: string
  card: string
  token: string | undefined
  /** the token is the one a dev-mode server put into the page (a reload gets a fresh one) */
  devToken?: boolean
}

/**
 * The IndexedDB database of a card: one per server, workspace and card (a widget runs in its host
 * page's origin and may talk to several servers, each with its own workspaces).
 */
export function localStoreName(address: Pick<CardAddress, 'wsBase' | 'workspace' | 'card'>): string {
  return `promptcards ${address.wsBase} ${encodeURIComponent(address.workspace)}/${encodeURIComponent(address.card)}`
}

/**
 * The copy of the card in this browser: off for a viewer (nothing of theirs to keep) or where
 * IndexedDB is missing; restoring while it is read; on; failed (IndexedDB refused: edits live only in
 * this tab).
 */
export type LocalStore = 'off' | 'restoring' | 'on' | 'failed'

export type ConnectionPhase = 'connecting' | 'synced' | 'offline' | 'closed'

export interface ConnectionState {
  phase: ConnectionPhase
  /** this browser has changes the server has not confirmed as stored yet (this page's or restored ones) */
  unsaved: boolean
  /** whether unsaved changes are kept in this browser (they survive a reload, a closed tab) */
  localStore: LocalStore
  readOnly: boolean
  /** why the editor is read-only, when it is */
  readOnlyReason?: string
  /** the server says its database is not storing right now: changes wait in its memory (and here) */
  storageDown: boolean
  /** a close that ends the session (phase closed), or a transient one worth showing */
  problem?: { code: number } & CloseExplanation
  /** the server's copy of the card reached this page at least once (it showed the card as stored) */
  everSynced: boolean
}

// y-protocols message types: sync (sync.js), auth ([2, 0, reason] is "permission denied", auth.js).
const MESSAGE_SYNC = 0
const MESSAGE_AUTH = 2
const PERMISSION_DENIED = 0
/** the key, in y-indexeddb's custom store, of what the server had confirmed (saved-clock.ts) */
const CONFIRMED_KEY = 'promptcards-confirmed-state-vector'
/** how long a change of the confirmed state waits to be written (a burst of echoes makes one write) */
const CONFIRMED_WRITE_DELAY_MS = 200

export class CardConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly claims: TokenClaims | undefined
  private current: ConnectionState
  private everSynced = false
  /** what the server holds of the card, as far as we know */
  private readonly confirmed = new ConfirmedState()
  private local: IndexeddbPersistence | undefined
  private confirmedWrite: ReturnType<typeof setTimeout> | undefined
  private readonly devToken: boolean
  private readonly listeners = new Set<(state: ConnectionState) => void>()
  private readonly onBrowserOnline = () => this.update()
  private readonly storageWatch: StorageWatch

  constructor(address: CardAddress) {
    this.claims = address.token === undefined ? undefined : readClaims(address.token)
    const viewer = isViewer(this.claims)
    this.devToken = address.devToken === true
    // A viewer has no edits to keep, and a store shared with an editor's earlier visit could hold
    // edits the server never got: the viewer would be shown them as the card. So viewers keep none.
    this.local = viewer || typeof indexedDB === 'undefined' ? undefined : new IndexeddbPersistence(localStoreName(address), this.doc)
    this.current = {
      phase: 'connecting',
      everSynced: false,
      unsaved: false,
      storageDown: false,
      localStore: this.local === undefined ? 'off' : 'restoring',
      readOnly: viewer,
      readOnlyReason: viewer ? 'Your token lets you read this card, not change it.' : undefined,
    }
    this.storageWatch = new StorageWatch(readinessUrlOf(address.wsBase), (storageDown) => this.set({ storageDown }))
    this.provider = new WebsocketProvider(`${address.wsBase}/${address.workspace}`, address.card, this.doc, {
      params: address.token === undefined ? {} : { token: address.token },
      // Tabs of one browser sync through the server like everyone else: what one tab shows as
      // saved is what the server has.
      disableBc: true,
    })
    this.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => this.readAuth(decoder)
    const readSync = this.provider.messageHandlers[MESSAGE_SYNC]
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const told = serverStateOf(decoder)
      readSync(encoder, decoder, provider, emitSynced, messageType)
      if (told !== undefined && this.confirmed.learn(told)) {
        this.writeConfirmedSoon()
        this.updateUnsaved()
      }
    }
    if (this.local !== undefined) this.restoreLocal(this.local)
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) this.updateUnsaved()
    })
    this.provider.on('status', () => this.update())
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.everSynced = true
        if (!this.current.everSynced) this.set({ everSynced: true })
        // A transient problem (1011, 1013) is over once synced again.
        if (this.current.problem?.permanent === false) this.set({ problem: undefined })
      }
      this.update()
    })
    // Emitted while the provider still looks connected; the status and closed events that follow
    // update the phase.
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event === null) return
      if (refusesTheChanges(event.code, event.reason)) this.discardLocal()
      const keptLocally = this.current.localStore === 'on' || this.current.localStore === 'restoring'
      const explanation = explainClose(event.code, event.reason, { devToken: this.devToken, keptLocally })
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
    this.storageWatch.destroy()
    if (this.confirmedWrite !== undefined) {
      clearTimeout(this.confirmedWrite)
      this.writeConfirmed() // issued before the database closes (y-indexeddb closes it on the doc's destroy)
    }
    this.provider.destroy()
    this.doc.destroy()
  }

  /** Once the card's copy in this browser is read: what an earlier page knew the server had. */
  private restoreLocal(local: IndexeddbPersistence): void {
    // whenSynced never settles when IndexedDB cannot be opened; get() fails then.
    Promise.all([local.get(CONFIRMED_KEY), local.whenSynced]).then(
      ([stored]) => {
        if (this.local !== local) return // discarded meanwhile
        const earlier = ConfirmedState.decode(stored)
        if (earlier !== undefined) this.confirmed.restore(earlier)
        this.set({ localStore: 'on' })
        this.updateUnsaved()
      },
      (error: unknown) => {
        if (this.local !== local) return
        console.warn('promptcards: this browser cannot keep the card (IndexedDB):', error)
        this.set({ localStore: 'failed' })
        this.updateUnsaved()
      },
    )
  }

  /**
   * Drops the card's copy in this browser: it holds a change the server refused for what it is, which a
   * reload would restore and send again, to be refused again.
   */
  private discardLocal(): void {
    const local = this.local
    if (local === undefined) return
    this.local = undefined
    if (this.confirmedWrite !== undefined) clearTimeout(this.confirmedWrite)
    this.confirmedWrite = undefined
    local.clearData().catch(() => {
      // the database stays; nothing else to do from here
    })
    this.set({ localStore: 'off' })
  }

  private readAuth(decoder: decoding.Decoder): void {
    if (decoding.readVarUint(decoder) === PERMISSION_DENIED) {
      const reason = decoding.readVarString(decoder)
      this.set({ readOnly: true, readOnlyReason: `The server refused your changes: ${reason}` })
    }
  }

  /**
   * Unsaved: the document holds something of some client (ours, or an earlier page's restored from
   * IndexedDB) that the server has not confirmed. While the store is still being read, what an earlier
   * page knew is not loaded yet: only this page's own edits count, so restored ones do not flash as unsaved.
   */
  private updateUnsaved(): void {
    const confirmed = this.confirmed.state
    const unsaved =
      this.current.localStore === 'restoring'
        ? Y.getState(this.doc.store, this.doc.clientID) > (confirmed.get(this.doc.clientID) ?? 0)
        : onlyLocal(stateVectorOf(this.doc), confirmed).length > 0
    if (unsaved !== this.current.unsaved) this.set({ unsaved })
  }

  private writeConfirmedSoon(): void {
    if (this.local === undefined || this.confirmedWrite !== undefined) return
    this.confirmedWrite = setTimeout(() => this.writeConfirmed(), CONFIRMED_WRITE_DELAY_MS)
  }

  private writeConfirmed(): void {
    this.confirmedWrite = undefined
    this.local?.set(CONFIRMED_KEY, this.confirmed.encode()).catch(() => {
      // an older confirmed state only makes a later page say "unsaved" a little longer
    })
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
      next.storageDown === this.current.storageDown &&
      next.localStore === this.current.localStore &&
      next.readOnly === this.current.readOnly &&
      next.readOnlyReason === this.current.readOnlyReason &&
      next.everSynced === this.current.everSynced &&
      next.problem === this.current.problem
    ) {
      return
    }
    this.current = next
    this.storageWatch.waiting(next.phase === 'synced' && next.unsaved)
    for (const listener of this.listeners) listener(next)
  }
}
