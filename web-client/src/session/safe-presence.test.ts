import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { FALLBACK_COLOR, FALLBACK_COLOR_LIGHT, PresenceView, safeColor, safeCursor, safeName, safeUser } from './safe-presence'
import { displayName } from './user'

describe('safeColor', () => {
  it('takes hex colours and rgb()/hsl() of numbers', () => {
    for (const color of ['#abc', '#ABCD', '#2563eb', '#2563eb33', 'rgb(1, 2, 3)', 'rgba(1,2,3,0.5)', 'rgb(10% 20% 30% / 50%)',
      'hsl(120, 50%, 40%)', 'hsla(120deg 50% 40% / .2)', 'HSL(0.5turn, 10%, 10%)']) {
      expect(safeColor(color)).toBe(color)
    }
    expect(safeColor('  #abc ')).toBe('#abc')
  })

  it('turns anything else into the fallback', () => {
    for (const color of ['red;background:url(http://127.0.0.1:9/x)', 'url(http://127.0.0.1:9/x)', 'red', '#abcde', '#ggg',
      '#abc;x:y', 'rgb(1,2,3);background:url(x)', 'rgb(var(--x), 2, 3)', 'rgb(1 2 3) url(x)', 'expression(alert(1))',
      'hsl(1, 2%, 3%) !important', '#abc/**/', '', '#' + 'a'.repeat(100), 'rgb(' + '1'.repeat(80) + ',1,1)']) {
      expect(safeColor(color)).toBe(FALLBACK_COLOR)
    }
    for (const value of [undefined, null, 42, {}, ['#abc']]) expect(safeColor(value)).toBe(FALLBACK_COLOR)
    expect(safeColor('url(x)', '')).toBe('')
  })
})

describe('safeName', () => {
  it('keeps a plain name, markup included, as text', () => {
    expect(safeName('Alice Ä 🙂')).toBe('Alice Ä 🙂')
    expect(safeName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>')
  })

  it('removes control and bidirectional characters and collapses white space', () => {
    expect(safeName('  Mal\u0000lo\u0007ry\n\u202eevil\u2066 \u0085x\t ')).toBe('Mal lo ry evil x')
  })

  it('cuts at 40 code points, without splitting a surrogate pair', () => {
    expect(safeName('x'.repeat(3_000_000))).toBe('x'.repeat(40))
    expect(safeName('🙂'.repeat(50))).toBe('🙂'.repeat(40))
  })

  it('is undefined for what is not a string', () => {
    for (const value of [undefined, null, 7, { toString: () => 'x' }]) expect(safeName(value)).toBeUndefined()
  })

  it('cleans this editor\'s own name the same way', () => {
    expect(displayName(undefined, ' Bob\u0000by\u202e ', 1)).toBe('Bob by')
    expect(displayName({ sub: 's', name: 'n'.repeat(60) }, null, 1)).toBe('n'.repeat(40))
    expect(displayName(undefined, '\u0000\u0001', 42)).toBe('Guest 0042')
  })
})

describe('safeUser', () => {
  it('keeps a well-formed user', () => {
    expect(safeUser({ name: 'Alice', color: '#2563eb', colorLight: '#2563eb33' })).toEqual({ name: 'Alice', color: '#2563eb', colorLight: '#2563eb33' })
  })

  it('replaces hostile colours and derives the light one', () => {
    expect(safeUser({ name: 'M', color: 'red;background:url(http://x/)', colorLight: 'url(http://x/)' }))
      .toEqual({ name: 'M', color: FALLBACK_COLOR, colorLight: `${FALLBACK_COLOR}33` })
    expect(safeUser({ name: 'M', color: '#abc' })).toEqual({ name: 'M', color: '#abc', colorLight: '#abc3' })
    expect(safeUser({ name: 'M', color: 'hsl(1, 2%, 3%)' })).toEqual({ name: 'M', color: 'hsl(1, 2%, 3%)', colorLight: FALLBACK_COLOR_LIGHT })
  })

  it('names an empty name Anonymous and leaves a missing one missing', () => {
    expect(safeUser({ name: '\u0000', color: '#abc' })?.name).toBe('Anonymous')
    expect(safeUser({ color: '#abc' })?.name).toBeUndefined()
    expect(safeUser('Alice')).toBeUndefined()
    expect(safeUser(null)).toBeUndefined()
  })
})

describe('safeCursor', () => {
  const doc = new Y.Doc()
  const text = doc.getText('template')
  text.insert(0, 'hello')
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2))

  it('keeps relative positions of the shape Yjs writes', () => {
    const cursor = safeCursor({ anchor: position, head: position })
    expect(Y.createAbsolutePositionFromRelativePosition(cursor!.head, doc)).toMatchObject({ type: text, index: 2 })
  })

  it('drops malformed ones', () => {
    for (const cursor of [null, 'x', { anchor: position }, { anchor: position, head: 5 },
      { anchor: position, head: { item: { client: 'a', clock: 1 } } }, { anchor: position, head: { item: { client: 1, clock: -1 } } },
      { anchor: position, head: { type: { client: 1.5, clock: 0 } } }, { anchor: position, head: { tname: {} } },
      { anchor: position, head: { assoc: 'x' } }]) {
      expect(safeCursor(cursor)).toBeUndefined()
    }
  })
})

describe('PresenceView', () => {
  /** A remote client's state arriving over the wire into `awareness`. */
  const receive = (awareness: Awareness, state: Record<string, unknown>) => {
    const remote = new Awareness(new Y.Doc())
    remote.setLocalState(state)
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(remote, [remote.clientID]), 'remote')
    return remote.clientID
  }

  it('yields sanitised states, each sanitised once, and passes events and our own state through', () => {
    const awareness = new Awareness(new Y.Doc())
    const view = new PresenceView(awareness)
    const changes: number[][] = []
    const listener = ({ added, updated }: { added: number[]; updated: number[] }) => changes.push([...added, ...updated])
    view.on('change', listener)

    const id = receive(awareness, { user: { name: '<img src=x onerror=alert(1)>\u0000', color: 'red;background:url(http://127.0.0.1:9/x)', colorLight: 'url(x)' }, cursor: 'bogus', extra: 'x' })
    expect(changes).toEqual([[id]])
    expect(view.getStates().get(id)).toEqual({ user: { name: '<img src=x onerror=alert(1)>', color: FALLBACK_COLOR, colorLight: `${FALLBACK_COLOR}33` }, cursor: undefined })
    expect(view.getStates().get(id)).toBe(view.getStates().get(id))

    view.setLocalStateField('user', { name: 'me', color: '#2563eb' })
    expect(awareness.getLocalState()).toEqual({ user: { name: 'me', color: '#2563eb' } })
    expect(view.getLocalState()).toBe(awareness.getLocalState())
    expect(view.clientID).toBe(awareness.clientID)
    expect(view.doc).toBe(awareness.doc)

    view.off('change', listener)
    receive(awareness, { user: { name: 'later' } })
    expect(changes).toHaveLength(2) // our own field, then nothing after off
    awareness.destroy()
  })
})
