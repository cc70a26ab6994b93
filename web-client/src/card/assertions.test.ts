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
  valueFits,
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

describe('a value across a type change', () => {
  it('keeps a phrase that is a valid regex, and empties one that is not', () => {
    expect(changeType({ type: 'contains', value: 'Paris' }, 'regex')).toStrictEqual({ type: 'regex' })
    expect(changeType({ type: 'contains', value: 'f(x' }, 'regex')).toStrictEqual({ type: 'regex', value: '' })
  })

  it('does not turn a regex or a phrase into a JSON Schema', () => {
    expect(changeType({ type: 'regex', value: '^\\d+$' }, 'is-json')).toStrictEqual({ type: 'is-json', value: '' })
    expect(changeType({ type: 'contains', value: '42' }, 'contains-json')).toStrictEqual({ type: 'contains-json', value: '' })
  })

  it('keeps a schema between the JSON types, and a list between the list types', () => {
    expect(changeType({ type: 'is-json', value: '{"type":"object"}' }, 'contains-json')).toStrictEqual({ type: 'contains-json' })
    expect(changeType({ type: 'contains-any', value: 'a, b' }, 'icontains-all')).toStrictEqual({ type: 'icontains-all' })
  })

  it('keeps a number of words only as a number', () => {
    expect(changeType({ type: 'contains', value: 'twelve' }, 'word-count')).toStrictEqual({ type: 'word-count', value: '' })
    expect(changeType({ type: 'equals', value: '12' }, 'word-count')).toStrictEqual({ type: 'word-count' })
    expect(changeType({ type: 'word-count', value: '12' }, 'contains')).toStrictEqual({ type: 'contains', value: '' })
  })

  it('does not carry a program, a URL or a schema into a phrase', () => {
    expect(changeType({ type: 'javascript', value: 'output.length > 3' }, 'contains')).toStrictEqual({ type: 'contains', value: '' })
    expect(changeType({ type: 'javascript', value: 'output.length > 3', threshold: 0.5 }, 'python')).toStrictEqual({ type: 'python', value: '' })
    expect(changeType({ type: 'webhook', value: 'https://x.test' }, 'equals')).toStrictEqual({ type: 'equals', value: '' })
  })

  it('replaces a threshold the new type cannot take by its default', () => {
    expect(changeType({ type: 'latency', threshold: 1500 }, 'cost')).toStrictEqual({ type: 'cost', threshold: 0.01 })
    expect(changeType({ type: 'similar', value: 'x', threshold: 0.8 }, 'levenshtein')).toStrictEqual({ type: 'levenshtein', threshold: 5 })
    expect(changeType({ type: 'bleu', value: 'x', threshold: 7 }, 'rouge-n')).toStrictEqual({ type: 'rouge-n', threshold: 0.75 })
  })

  it('judges values by kind as the runner reads them', () => {
    expect(valueFits('{"type": "string"}', 'json-schema')).toBe(true)
    expect(valueFits('true', 'json-schema')).toBe(true)
    expect(valueFits('[1]', 'json-schema')).toBe(false)
    expect(valueFits('"a"', 'json-schema')).toBe(false)
    expect(valueFits('', 'json-schema')).toBe(true)
    expect(valueFits('a(b', 'regex')).toBe(false)
    expect(valueFits(' 7 ', 'count')).toBe(true)
    expect(valueFits('7.5', 'count')).toBe(false)
    expect(valueFits(' , ', 'list')).toBe(false)
    expect(valueFits('http://x', 'url')).toBe(true)
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
    expect(validateAssertion({ type: 'is-json', value: '[]' })).toEqual([
      { field: 'value', message: 'a JSON Schema is a JSON object, such as {"type": "object"}' },
    ])
    expect(validateAssertion({ type: 'word-count', value: 'ten' })).toEqual([
      { field: 'value', message: 'the value is a whole number of words' },
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
