import { describe, expect, it } from 'vitest'
import { scanPlaceholders, variableNames, variableReport } from './variables'

describe('scanPlaceholders', () => {
  it('finds plain, spaced, dotted, indexed and filtered placeholders with their offsets', () => {
    const text = 'Hi {{name}}, {{ user.email }} {{items[0]}} {{ text | upper }}'
    expect(scanPlaceholders(text)).toEqual({
      placeholders: [
        { name: 'name', from: 3, to: 11 },
        { name: 'user', from: 13, to: 29 },
        { name: 'items', from: 30, to: 42 },
        { name: 'text', from: 43, to: 61 },
      ],
      invalid: [],
    })
  })

  it('flags empty, badly named and unclosed placeholders', () => {
    const text = 'a {{}} b {{ 9lives }} c {{two words}} d {{open e {{ok}}'
    const result = scanPlaceholders(text)
    expect(result.placeholders).toEqual([{ name: 'ok', from: 49, to: 55 }])
    expect(result.invalid.map((bad) => bad.text)).toEqual(['{{}}', '{{ 9lives }}', '{{two words}}', '{{open e '])
  })

  it('reads triple braces as a literal brace before a placeholder', () => {
    expect(scanPlaceholders('{{{raw}}}').placeholders).toEqual([{ name: 'raw', from: 1, to: 8 }])
  })

  it('counts offsets in UTF-16 code units, as CodeMirror and Y.Text do', () => {
    expect(scanPlaceholders('😀 {{x}}').placeholders).toEqual([{ name: 'x', from: 3, to: 8 }])
  })

  it('finds nothing in text without braces', () => {
    expect(scanPlaceholders('plain { text } }}')).toEqual({ placeholders: [], invalid: [] })
  })
})

describe('variableNames', () => {
  it('lists each name once, in order of first appearance across texts', () => {
    expect(variableNames('{{b}} {{a}} {{b}}', 'system {{c}} {{a}}')).toEqual(['b', 'a', 'c'])
  })
})

describe('variableReport', () => {
  it('marks used variables missing when a test case has no value or an empty one', () => {
    const tests = [new Map([['text', 'x'], ['lang', 'fr']]), new Map([['text', '']])]
    expect(variableReport(['text', 'lang'], tests)).toEqual([
      { name: 'text', flag: 'missing', given: 1 },
      { name: 'lang', flag: 'missing', given: 1 },
    ])
  })

  it('marks used variables ok when every test case gives a value, and ok with no test cases', () => {
    expect(variableReport(['text'], [new Map([['text', 'x']])])).toEqual([{ name: 'text', flag: 'ok', given: 1 }])
    expect(variableReport(['text'], [])).toEqual([{ name: 'text', flag: 'ok', given: 0 }])
  })

  it('lists values that no prompt uses as unused, once each', () => {
    const tests = [new Map([['old', 'x'], ['text', 'y']]), new Map([['old', ''], ['other', 'z']])]
    expect(variableReport(['text'], tests)).toEqual([
      { name: 'text', flag: 'missing', given: 1 },
      { name: 'old', flag: 'unused', given: 1 },
      { name: 'other', flag: 'unused', given: 1 },
    ])
  })
})
