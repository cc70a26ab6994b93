import { describe, expect, it } from 'vitest'
import { missingNames, plainText, renderPreview } from './prompt-preview'

const values = (entries: Record<string, string>) => new Map(Object.entries(entries))

describe('renderPreview', () => {
  it('fills {{var}} and {{ var }} with the test case values', () => {
    expect(renderPreview('Say {{greeting}} to {{ name }}.', values({ greeting: 'hello', name: 'Ada' }))).toEqual([
      { kind: 'text', text: 'Say ' },
      { kind: 'value', name: 'greeting', text: 'hello' },
      { kind: 'text', text: ' to ' },
      { kind: 'value', name: 'name', text: 'Ada' },
      { kind: 'text', text: '.' },
    ])
  })

  it('marks a variable without a value as missing, and keeps an empty value as a value', () => {
    expect(renderPreview('{{a}}-{{b}}', values({ a: '' }))).toEqual([
      { kind: 'value', name: 'a', text: '' },
      { kind: 'text', text: '-' },
      { kind: 'missing', name: 'b' },
    ])
  })

  it('leaves what the runner does not render as literal text', () => {
    const text = '{{ user.email }} {{x | upper}} {{}} {{ 1x }} {{open {{{y}}}'
    expect(renderPreview(text, values({ y: 'Y' }))).toEqual([
      { kind: 'text', text: '{{ user.email }} {{x | upper}} {{}} {{ 1x }} {{open {' },
      { kind: 'value', name: 'y', text: 'Y' },
      { kind: 'text', text: '}' },
    ])
  })

  it('inserts values verbatim, never rendering them again', () => {
    expect(plainText(renderPreview('{{a}}', values({ a: '{{b}}' })))).toBe('{{b}}')
  })

  it('names the missing variables of both prompts once, sorted', () => {
    const system = renderPreview('You speak {{lang}}.', values({}))
    const user = renderPreview('{{text}} in {{lang}}', values({}))
    expect(missingNames(system, user)).toEqual(['lang', 'text'])
    expect(plainText(user)).toBe('{{text}} in {{lang}}')
  })
})
