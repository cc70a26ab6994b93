import { describe, expect, it } from 'vitest'
import {
  ASSERTION_TYPES,
  changeType,
  composeType,
  describeType,
  newAssertion,
  parseNumberField,
  parseType,
  splitList,
  validateAssertion,
} from './assertions'

describe('assertion types', () => {
  it('are unique and never start with not-', () => {
    const names = ASSERTION_TYPES.map((type) => type.type)
    expect(new Set(names).size).toBe(names.length)
    expect(names.filter((name) => name.startsWith('not-'))).toEqual([])
  })

  it('split and compose promptfoo negation only for negatable types', () => {
    expect(parseType('not-contains')).toEqual({ base: 'contains', negated: true })
    expect(parseType('contains')).toEqual({ base: 'contains', negated: false })
    expect(parseType('not-latency')).toEqual({ base: 'not-latency', negated: false })
    expect(composeType('regex', true)).toBe('not-regex')
    expect(composeType('latency', true)).toBe('latency')
    expect(describeType('not-icontains')?.label).toBe('contains (any case)')
    expect(describeType('made-up')).toBeUndefined()
  })

  it('start a new assertion as contains with an empty value and weight 1', () => {
    expect(newAssertion()).toEqual({ type: 'contains', value: '', weight: 1 })
  })
})

describe('changeType', () => {
  it('keeps the value between types that take one, and adds no threshold', () => {
    expect(changeType({ type: 'contains', value: 'Paris' }, 'equals')).toStrictEqual({ type: 'equals' })
  })

  it('drops value and threshold for a type that takes neither', () => {
    expect(changeType({ type: 'similar', value: 'x', threshold: 0.8 }, 'is-sql')).toStrictEqual({
      type: 'is-sql',
      value: undefined,
      threshold: undefined,
    })
  })

  it('replaces a threshold that means something else by the new default', () => {
    expect(changeType({ type: 'similar', value: 'x', threshold: 0.9 }, 'levenshtein')).toStrictEqual({
      type: 'levenshtein',
      threshold: 5,
    })
    expect(changeType({ type: 'contains', value: '' }, 'latency')).toStrictEqual({
      type: 'latency',
      value: undefined,
      threshold: 5000,
    })
  })

  it('keeps a score threshold between score types', () => {
    expect(changeType({ type: 'similar', value: 'x', threshold: 0.9 }, 'rouge-n')).toStrictEqual({ type: 'rouge-n' })
  })

  it('gives an empty value to a type that takes one when there was none', () => {
    expect(changeType({ type: 'latency', threshold: 100 }, 'not-contains')).toStrictEqual({
      type: 'not-contains',
      value: '',
      threshold: undefined,
    })
  })
})

describe('validateAssertion', () => {
  it('accepts complete assertions', () => {
    expect(validateAssertion({ type: 'contains', value: 'Paris', weight: 1 })).toEqual([])
    expect(validateAssertion({ type: 'is-json' })).toEqual([])
    expect(validateAssertion({ type: 'latency', threshold: 1500 })).toEqual([])
    expect(validateAssertion({ type: 'not-regex', value: '^\\d+$' })).toEqual([])
  })

  it('asks for a value where one is needed', () => {
    expect(validateAssertion({ type: 'equals', value: '  ' })).toEqual([{ field: 'value', message: 'equals needs a value' }])
    expect(validateAssertion({ type: 'contains-any', value: ' , ,' })).toEqual([
      { field: 'value', message: 'contains any of needs at least one item' },
    ])
  })

  it('names the fault in a regex, a JSON schema and a webhook URL', () => {
    expect(validateAssertion({ type: 'regex', value: '(' })[0]?.message).toMatch(/^not a valid regular expression: /)
    expect(validateAssertion({ type: 'is-json', value: '{type:' })).toEqual([
      { field: 'value', message: 'the schema is not valid JSON' },
    ])
    expect(validateAssertion({ type: 'webhook', value: 'ftp://x' })).toEqual([
      { field: 'value', message: 'needs an http:// or https:// URL' },
    ])
  })

  it('checks the threshold by what it means for the type', () => {
    expect(validateAssertion({ type: 'similar', value: 'x', threshold: 1.5 })).toEqual([
      { field: 'threshold', message: 'the threshold is a score from 0 to 1' },
    ])
    expect(validateAssertion({ type: 'levenshtein', value: 'x', threshold: 2.5 })).toEqual([
      { field: 'threshold', message: 'the threshold is a whole number of edits' },
    ])
    expect(validateAssertion({ type: 'cost', threshold: 0 })).toEqual([
      { field: 'threshold', message: 'the threshold is an amount in USD above 0' },
    ])
    expect(validateAssertion({ type: 'equals', value: 'x', threshold: 1 })).toEqual([
      { field: 'threshold', message: 'this type takes no threshold' },
    ])
    expect(validateAssertion({ type: 'latency', threshold: Number.NaN })).toEqual([
      { field: 'threshold', message: 'the threshold must be a number' },
    ])
  })

  it('refuses a negative weight and an unknown type', () => {
    expect(validateAssertion({ type: 'contains', value: 'x', weight: -1 })).toEqual([
      { field: 'weight', message: 'the weight must be a number of at least 0' },
    ])
    expect(validateAssertion({ type: 'vibes' })).toEqual([{ field: 'type', message: 'unknown assertion type "vibes"' }])
  })
})

describe('field parsing', () => {
  it('reads numbers strictly: empty is none, junk is NaN', () => {
    expect(parseNumberField(' 0.75 ')).toBe(0.75)
    expect(parseNumberField('1e3')).toBe(1000)
    expect(parseNumberField('')).toBeUndefined()
    expect(parseNumberField('12abc')).toBeNaN()
  })

  it('splits list values on commas as promptfoo does', () => {
    expect(splitList(' Paris, Lyon ,, Nice ')).toEqual(['Paris', 'Lyon', 'Nice'])
  })
})
