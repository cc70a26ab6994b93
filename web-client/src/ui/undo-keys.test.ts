import { describe, expect, it } from 'vitest'
import { undoKeyOf } from './undo-keys'

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}, code = `Key${key.toUpperCase()}`) => ({
  key,
  code,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
})

describe('the undo keys', () => {
  it('are Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y off macOS', () => {
    expect(undoKeyOf(press('z', { ctrl: true }), false)).toBe('undo')
    expect(undoKeyOf(press('Z', { ctrl: true, shift: true }), false)).toBe('redo')
    expect(undoKeyOf(press('y', { ctrl: true }), false)).toBe('redo')
    expect(undoKeyOf(press('z', { meta: true }), false)).toBeUndefined()
    expect(undoKeyOf(press('z'), false)).toBeUndefined()
    expect(undoKeyOf(press('z', { ctrl: true, alt: true }), false)).toBeUndefined()
    expect(undoKeyOf(press('Y', { ctrl: true, shift: true }), false)).toBeUndefined()
  })

  it('are Cmd+Z, Cmd+Shift+Z and Cmd+Y on macOS', () => {
    expect(undoKeyOf(press('z', { meta: true }), true)).toBe('undo')
    expect(undoKeyOf(press('Z', { meta: true, shift: true }), true)).toBe('redo')
    expect(undoKeyOf(press('y', { meta: true }), true)).toBe('redo')
    expect(undoKeyOf(press('z', { ctrl: true }), true)).toBeUndefined()
  })

  it('are found by the key’s place on a layout without Latin letters, and by the letter where it moved', () => {
    expect(undoKeyOf(press('я', { ctrl: true }, 'KeyZ'), false)).toBe('undo')
    // German layout: the key marked Z sits where QWERTY has Y
    expect(undoKeyOf(press('z', { ctrl: true }, 'KeyY'), false)).toBe('undo')
  })
})
