/**
 * Other people's presence, made safe to render. Every awareness state comes from another client
 * unchecked: its `user.color` and `user.colorLight` end up in style attributes (the presence chips
 * here, and y-codemirror.next's remote carets and selections, which interpolate them into
 * `style="background-color: ..."`), its `user.name` in text. So the editor never reads the
 * awareness directly: it reads a `PresenceView`, whose states hold only colours of a strict syntax
 * (else a fallback) and names that are plain, short text.
 */
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'

/** What a person who sent no usable colour is drawn with. */
export const FALLBACK_COLOR = '#6b7280'
/** Their selection's background (the fallback colour at 20 %). */
export const FALLBACK_COLOR_LIGHT = '#6b728033'
/** The longest name shown, in code points (the name field takes as many). */
export const MAX_NAME_LENGTH = 40

/** Longer input is not a colour; checked before any pattern runs. */
const MAX_COLOR_LENGTH = 64
const HEX = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/
const NUMBER = String.raw`[+-]?(?:\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})`
const PART = String.raw`${NUMBER}%?`
const HUE = String.raw`${NUMBER}(?:deg|turn|rad|grad)?`
/** rgb()/rgba()/hsl()/hsla() of numbers only, comma- or space-separated (CSS Color 4). */
const FUNCTIONAL = new RegExp(
  String.raw`^(?:rgba?\(\s*${PART}\s*,\s*${PART}\s*,\s*${PART}\s*(?:,\s*${PART}\s*)?\)` +
    String.raw`|rgba?\(\s*${PART}\s+${PART}\s+${PART}\s*(?:\/\s*${PART}\s*)?\)` +
    String.raw`|hsla?\(\s*${HUE}\s*,\s*${PART}\s*,\s*${PART}\s*(?:,\s*${PART}\s*)?\)` +
    String.raw`|hsla?\(\s*${HUE}\s+${PART}\s+${PART}\s*(?:\/\s*${PART}\s*)?\))$`,
  'i',
)
/**
 * Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional controls
 * that would reorder the text around a name.
 */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

/**
 * A colour of a strict syntax: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, or `rgb()`/`hsl()` (and their
 * `a` forms) of plain numbers; anything else (names, `url(...)`, `;`, comments, `var()`) is `fallback`.
 */
export function safeColor(value: unknown, fallback = FALLBACK_COLOR): string {
  if (typeof value !== 'string' || value.length > MAX_COLOR_LENGTH) return fallback
  const color = value.trim()
  return HEX.test(color) || FUNCTIONAL.test(color) ? color : fallback
}

/**
 * A name as plain text: control and bidirectional characters removed, white space collapsed, at most
 * {@link MAX_NAME_LENGTH} code points; undefined when `value` is not a string. Render it as text
 * (a text node, `textContent`), never as HTML.
 */
export function safeName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  // a name may be megabytes long: cut before any pattern runs (4 covers the removed characters)
  const cleaned = value.slice(0, MAX_NAME_LENGTH * 4).replace(UNSHOWABLE, ' ').replace(/\s+/g, ' ').trim()
  return Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('').trim()
}

/** The `user` of an awareness state, as the editor and y-codemirror.next read it. */
export interface SafeUser {
  /** undefined when the state's user has no name string */
  name?: string
  color: string
  colorLight: string
}

/**
 * A state's `user`, safe to render: undefined unless it is an object. A `colorLight` that is not a
 * strict colour becomes `color` at 20 % (hex colours) or the fallback's.
 */
export function safeUser(user: unknown): SafeUser | undefined {
  if (typeof user !== 'object' || user === null) return undefined
  const { name, color, colorLight } = user as { name?: unknown; color?: unknown; colorLight?: unknown }
  const safe = safeColor(color)
  const light = safeColor(colorLight, '')
  const shown = safeName(name)
  return {
    name: shown === '' ? 'Anonymous' : shown,
    color: safe,
    colorLight: light !== '' ? light : lighter(safe),
  }
}

function lighter(color: string): string {
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return `${color}33`
  if (/^#[0-9a-fA-F]{3}$/.test(color)) return `${color}3`
  return FALLBACK_COLOR_LIGHT
}

/** y-codemirror.next's cursor: where another person's selection starts and ends. */
export interface SafeCursor {
  anchor: Y.RelativePosition
  head: Y.RelativePosition
}

/**
 * A state's `cursor` when both ends are relative positions of the JSON shape Yjs writes (ids of
 * integers, a string type name), else undefined: y-codemirror.next resolves them without a check.
 */
export function safeCursor(cursor: unknown): SafeCursor | undefined {
  if (typeof cursor !== 'object' || cursor === null) return undefined
  const { anchor, head } = cursor as { anchor?: unknown; head?: unknown }
  return isRelativePosition(anchor) && isRelativePosition(head)
    ? { anchor: Y.createRelativePositionFromJSON(anchor), head: Y.createRelativePositionFromJSON(head) }
    : undefined
}

function isRelativePosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { type, tname, item, assoc } = value as Record<string, unknown>
  return isIdOrAbsent(type) && isIdOrAbsent(item) && (tname == null || typeof tname === 'string') &&
    (assoc == null || Number.isSafeInteger(assoc))
}

function isIdOrAbsent(id: unknown): boolean {
  if (id == null) return true
  if (typeof id !== 'object') return false
  const { client, clock } = id as { client?: unknown; clock?: unknown }
  return Number.isSafeInteger(client) && Number.isSafeInteger(clock) && (client as number) >= 0 && (clock as number) >= 0
}

/** A state as the editor reads it: the safe user and cursor, nothing else. */
export interface SafeState {
  user?: SafeUser
  cursor?: SafeCursor
}

type ChangeListener = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void

/**
 * The awareness as the editor renders it, and what y-codemirror.next's `yCollab` is given in its
 * place: the same events, local state and document, but `getStates()` yields each client's state
 * through {@link safeUser} and {@link safeCursor}. y-protocols replaces a client's state object on every change, so each
 * is sanitised once (cached by identity). Our own state is published on the real awareness.
 */
export class PresenceView {
  private readonly cache = new WeakMap<object, SafeState>()

  constructor(private readonly awareness: Awareness) {}

  get doc(): Y.Doc {
    return this.awareness.doc
  }

  get clientID(): number {
    return this.awareness.clientID
  }

  /** Every client's state, sanitised; the same Map shape as `Awareness.getStates()`. */
  getStates(): Map<number, SafeState> {
    const states = new Map<number, SafeState>()
    this.awareness.getStates().forEach((state, clientId) => states.set(clientId, this.safe(state)))
    return states
  }

  getLocalState(): Record<string, unknown> | null {
    return this.awareness.getLocalState()
  }

  /** y-codemirror.next publishes our cursor through this. */
  setLocalStateField(field: string, value: unknown): void {
    this.awareness.setLocalStateField(field, value)
  }

  on(event: 'change', listener: ChangeListener): void {
    this.awareness.on(event, listener)
  }

  off(event: 'change', listener: ChangeListener): void {
    this.awareness.off(event, listener)
  }

  private safe(state: Record<string, unknown>): SafeState {
    let safe = this.cache.get(state)
    if (safe === undefined) {
      safe = { user: safeUser(state.user), cursor: safeCursor(state.cursor) }
      this.cache.set(state, safe)
    }
    return safe
  }
}
