import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenSaved } from './when-saved'

/** A connection state that tells its subscribers, as CardConnection.subscribe does (at once, then on change). */
function source(unsaved: boolean) {
  const listeners = new Set<(state: { unsaved: boolean }) => void>()
  return {
    subscribe: (listener: (state: { unsaved: boolean }) => void) => {
      listeners.add(listener)
      listener({ unsaved })
      return () => listeners.delete(listener)
    },
    set(next: boolean) {
      unsaved = next
      listeners.forEach((listener) => listener({ unsaved }))
    },
    listeners,
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('waiting for the edits to be saved', () => {
  it('is over at once when nothing is unsaved, and leaves no listener', async () => {
    const state = source(false)
    expect(await whenSaved(state.subscribe, 5000)).toBe(true)
    expect(state.listeners.size).toBe(0)
  })

  it('ends when the server confirms the edits', async () => {
    vi.useFakeTimers()
    const state = source(true)
    const saved = whenSaved(state.subscribe, 5000)
    vi.advanceTimersByTime(4000)
    state.set(false)
    expect(await saved).toBe(true)
    expect(state.listeners.size).toBe(0)
  })

  it('gives up after the timeout while edits stay unconfirmed', async () => {
    vi.useFakeTimers()
    const state = source(true)
    const saved = whenSaved(state.subscribe, 5000)
    vi.advanceTimersByTime(5000)
    expect(await saved).toBe(false)
    expect(state.listeners.size).toBe(0)
  })
})
