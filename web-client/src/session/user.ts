/**
 * Who this editor is to the others: a display name and a colour, published in the awareness state
 * as `user: { name, color, colorLight }` (what y-codemirror.next draws remote cursors with).
 */
import type { Awareness } from 'y-protocols/awareness'
import { safeName } from './safe-presence'
import type { TokenClaims } from './token'

const NAME_KEY = 'promptcards.name'

// Distinct, readable on white and dark backgrounds; text on them is white.
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#c026d3', '#4d7c0f', '#b45309', '#be123c']

export interface User {
  name: string
  color: string
  colorLight: string
}

/** A stable colour for a client id. */
export function colorFor(clientId: number): string {
  return COLORS[Math.abs(clientId) % COLORS.length]
}

/**
 * The name this browser chose before, else the token's name, else its subject, else a guest name;
 * as others will show it (safeName: plain text, control characters removed, at most 40 characters).
 */
export function displayName(claims: TokenClaims | undefined, stored: string | null, clientId: number): string {
  const chosen = safeName(stored)
  if (chosen) return chosen
  const fromToken = safeName(claims?.name) || safeName(claims?.sub)
  if (fromToken && fromToken !== 'dev') return fromToken
  return `Guest ${String(clientId % 10000).padStart(4, '0')}`
}

/** Publishes this editor's user in the awareness state. */
export function publishUser(awareness: Awareness, name: string): User {
  const color = colorFor(awareness.clientID)
  const user = { name, color, colorLight: `${color}33` }
  awareness.setLocalStateField('user', user)
  return user
}

export function storedName(): string | null {
  try {
    return localStorage.getItem(NAME_KEY)
  } catch {
    return null // storage blocked (third-party iframe, privacy settings)
  }
}

export function storeName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name)
  } catch {
    // storage blocked: the name lasts as long as the page
  }
}
