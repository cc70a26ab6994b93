/**
 * Test case assertions in promptfoo's vocabulary (https://www.promptfoo.dev/docs/configuration/expected-outputs/):
 * which types exist, what each takes, and how an edit of one assertion changes its plain fields
 * (`type`, `value`, `threshold`, `weight`, as stored in a test case's `assert` Y.Array of Y.Maps).
 */

/** What an assertion type does with `value`. */
export type ValueKind = 'none' | 'text' | 'list' | 'regex' | 'code' | 'json-schema' | 'rubric' | 'url' | 'count'

/** What `threshold` means for a type, if it has one. */
export type ThresholdKind = 'none' | 'score' | 'distance' | 'milliseconds' | 'usd'

export type AssertionGroup = 'deterministic' | 'model-graded' | 'performance'

export interface AssertionType {
  type: string
  label: string
  group: AssertionGroup
  value: ValueKind
  /** True when the assertion is meaningless without a value. */
  valueRequired: boolean
  threshold: ThresholdKind
  /** promptfoo's default threshold, where it has one. */
  defaultThreshold?: number
  /** Whether promptfoo accepts the `not-` prefix. */
  negatable: boolean
}

const t = (
  type: string,
  label: string,
  group: AssertionGroup,
  value: ValueKind,
  threshold: ThresholdKind = 'none',
  extra: Partial<AssertionType> = {},
): AssertionType => ({
  type,
  label,
  group,
  value,
  valueRequired: value !== 'none' && value !== 'json-schema',
  threshold,
  negatable: group === 'deterministic',
  ...extra,
})

/** The assertion types the editor offers, in the picker's order. */
export const ASSERTION_TYPES: readonly AssertionType[] = [
  t('equals', 'equals', 'deterministic', 'text'),
  t('contains', 'contains', 'deterministic', 'text'),
  t('icontains', 'contains (any case)', 'deterministic', 'text'),
  t('contains-any', 'contains any of', 'deterministic', 'list'),
  t('contains-all', 'contains all of', 'deterministic', 'list'),
  t('icontains-any', 'contains any of (any case)', 'deterministic', 'list'),
  t('icontains-all', 'contains all of (any case)', 'deterministic', 'list'),
  t('starts-with', 'starts with', 'deterministic', 'text'),
  t('regex', 'matches regex', 'deterministic', 'regex'),
  t('is-json', 'is JSON', 'deterministic', 'json-schema'),
  t('contains-json', 'contains JSON', 'deterministic', 'json-schema'),
  t('is-sql', 'is SQL', 'deterministic', 'none'),
  t('is-xml', 'is XML', 'deterministic', 'none'),
  t('javascript', 'JavaScript', 'deterministic', 'code', 'score'),
  t('python', 'Python', 'deterministic', 'code', 'score'),
  t('webhook', 'webhook', 'deterministic', 'url'),
  t('word-count', 'word count', 'deterministic', 'count'),
  t('levenshtein', 'Levenshtein distance', 'deterministic', 'text', 'distance', { defaultThreshold: 5 }),
  t('rouge-n', 'ROUGE-N', 'deterministic', 'text', 'score', { defaultThreshold: 0.75 }),
  t('bleu', 'BLEU', 'deterministic', 'text', 'score', { defaultThreshold: 0.5 }),
  t('similar', 'similar (embeddings)', 'model-graded', 'text', 'score', { defaultThreshold: 0.75 }),
  t('llm-rubric', 'LLM rubric', 'model-graded', 'rubric', 'score'),
  t('model-graded-closedqa', 'closed QA', 'model-graded', 'rubric'),
  t('factuality', 'factuality', 'model-graded', 'text'),
  t('answer-relevance', 'answer relevance', 'model-graded', 'none', 'score', { defaultThreshold: 0.7 }),
  t('is-refusal', 'is a refusal', 'deterministic', 'none', 'none', { negatable: true }),
  t('latency', 'latency', 'performance', 'none', 'milliseconds', { defaultThreshold: 5000 }),
  t('cost', 'cost', 'performance', 'none', 'usd', { defaultThreshold: 0.01 }),
]

const BY_TYPE = new Map(ASSERTION_TYPES.map((type) => [type.type, type]))

/** The type a new assertion gets. */
export const DEFAULT_ASSERTION_TYPE = 'contains'

/** An assertion's plain fields as stored in the document. */
export interface AssertionFields {
  type: string
  value?: string
  threshold?: number
  weight?: number
}

/** A stored type split into its base type and promptfoo's `not-` negation. */
export function parseType(stored: string): { base: string; negated: boolean } {
  if (stored.startsWith('not-') && BY_TYPE.get(stored.slice(4))?.negatable) {
    return { base: stored.slice(4), negated: true }
  }
  return { base: stored, negated: false }
}

/** The stored type of a base type, negated or not (types that cannot be negated stay as they are). */
export function composeType(base: string, negated: boolean): string {
  return negated && BY_TYPE.get(base)?.negatable ? `not-${base}` : base
}

/** The description of a stored type (negated or not), or undefined for a type the editor does not know. */
export function describeType(stored: string): AssertionType | undefined {
  return BY_TYPE.get(parseType(stored).base)
}

/** The fields of a new assertion. */
export function newAssertion(): AssertionFields {
  return { type: DEFAULT_ASSERTION_TYPE, value: '', weight: 1 }
}

/**
 * The field changes that turn an assertion into another type: the value is kept only when it is valid for
 * the new type ({@link valueFits}: "Paris" stays for a regex, a regex does not become a JSON Schema), else
 * emptied, and dropped (undefined) for a type that takes none; the threshold is kept when both types mean the
 * same by it and it is valid for the new one, else replaced by the new type's default (or dropped).
 *
 * @return the fields to write; a key present with an undefined value means "delete the key"
 */
export function changeType(current: AssertionFields, newType: string): Partial<Record<keyof AssertionFields, unknown>> {
  const from = describeType(current.type)
  const to = describeType(newType)
  const changes: Partial<Record<keyof AssertionFields, unknown>> = { type: newType }
  if (to === undefined) return changes
  if (to.value === 'none') {
    if (current.value !== undefined) changes.value = undefined
  } else if (current.value === undefined) {
    changes.value = ''
  } else if (current.value !== '' && !(carriesOver(from, to) && valueFits(current.value, to.value))) {
    changes.value = ''
  }
  if (to.threshold === 'none') {
    if (current.threshold !== undefined) changes.threshold = undefined
  } else if (from?.threshold !== to.threshold || current.threshold === undefined || thresholdProblem(to.threshold, current.threshold) !== undefined) {
    changes.threshold = to.defaultThreshold
  }
  return changes
}

/**
 * Text (a phrase, a list, a rubric, a regex) may become the value of another type, where it is valid; a
 * program, a schema, a URL or a count means nothing to another kind of value (a JavaScript check is not a
 * Python one), so it stays only within its own type.
 */
function carriesOver(from: AssertionType | undefined, to: AssertionType): boolean {
  if (from === undefined) return true
  const textual: ValueKind[] = ['text', 'list', 'rubric', 'regex']
  if (textual.includes(from.value)) return true
  return from.value === to.value && (from.value !== 'code' || from.type === to.type)
}

/**
 * Whether a value is valid for a kind of value, as the runner reads it (runner.assertion): any text for a
 * phrase or a rubric, at least one item for a list (promptfoo splits on commas), a JavaScript regular
 * expression (the runner's JsRegex), a JSON Schema (a JSON object or boolean; empty means "any JSON"), an
 * http(s) URL, a whole number of words (WordCountCheck reads a numeric string).
 */
export function valueFits(value: string, kind: ValueKind): boolean {
  switch (kind) {
    case 'none':
      return value === ''
    case 'text':
    case 'rubric':
    case 'code':
      return value.trim() !== ''
    case 'list':
      return splitList(value).length > 0
    case 'regex':
      return regexProblem(value) === undefined
    case 'json-schema':
      return schemaProblem(value) === undefined
    case 'url':
      return /^https?:\/\/\S+$/.test(value.trim())
    case 'count':
      return /^\d+$/.test(value.trim())
  }
}

function regexProblem(value: string): string | undefined {
  try {
    new RegExp(value)
    return undefined
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`
  }
}

/** A JSON Schema is a JSON object or a boolean (JSON Schema 2020-12, section 4.3.1); empty: any JSON. */
function schemaProblem(value: string): string | undefined {
  if (value.trim() === '') return undefined
  let schema: unknown
  try {
    schema = JSON.parse(value)
  } catch {
    return 'the schema is not valid JSON'
  }
  const isObject = typeof schema === 'object' && schema !== null && !Array.isArray(schema)
  return isObject || typeof schema === 'boolean' ? undefined : 'a JSON Schema is a JSON object, such as {"type": "object"}'
}

/** A problem with one field of an assertion, worded for the person editing it. */
export interface AssertionProblem {
  field: 'type' | 'value' | 'threshold' | 'weight'
  message: string
}

/** What is wrong with an assertion as it stands; empty when nothing is. */
export function validateAssertion(fields: AssertionFields): AssertionProblem[] {
  const problems: AssertionProblem[] = []
  const type = describeType(fields.type)
  if (type === undefined) {
    return [{ field: 'type', message: `unknown assertion type "${fields.type}"` }]
  }
  const value = fields.value ?? ''
  if (type.valueRequired && value.trim() === '') {
    problems.push({ field: 'value', message: `${type.label} needs a value` })
  } else if (type.value === 'regex' || type.value === 'json-schema') {
    const problem = type.value === 'regex' ? regexProblem(value) : schemaProblem(value)
    if (problem !== undefined) problems.push({ field: 'value', message: problem })
  } else if (type.value === 'url' && !valueFits(value, 'url')) {
    problems.push({ field: 'value', message: 'needs an http:// or https:// URL' })
  } else if (type.value === 'list' && !valueFits(value, 'list')) {
    problems.push({ field: 'value', message: `${type.label} needs at least one item` })
  } else if (type.value === 'count' && !valueFits(value, 'count')) {
    problems.push({ field: 'value', message: 'the value is a whole number of words' })
  }
  if (fields.threshold !== undefined) {
    const problem = thresholdProblem(type.threshold, fields.threshold)
    if (problem !== undefined) problems.push({ field: 'threshold', message: problem })
  }
  if (fields.weight !== undefined && !(Number.isFinite(fields.weight) && fields.weight >= 0)) {
    problems.push({ field: 'weight', message: 'the weight must be a number of at least 0' })
  }
  return problems
}

function thresholdProblem(kind: ThresholdKind, threshold: number): string | undefined {
  if (!Number.isFinite(threshold)) return 'the threshold must be a number'
  switch (kind) {
    case 'none':
      return 'this type takes no threshold'
    case 'score':
      return threshold >= 0 && threshold <= 1 ? undefined : 'the threshold is a score from 0 to 1'
    case 'distance':
      return Number.isInteger(threshold) && threshold >= 0 ? undefined : 'the threshold is a whole number of edits'
    case 'milliseconds':
      return Number.isInteger(threshold) && threshold > 0 ? undefined : 'the threshold is a whole number of milliseconds'
    case 'usd':
      return threshold > 0 ? undefined : 'the threshold is an amount in USD above 0'
  }
}

/**
 * Reads a number typed into a field: empty is "no number" (undefined), anything unreadable is NaN
 * (which {@link validateAssertion} reports).
 */
export function parseNumberField(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  return /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN
}

/** The items of a list value: promptfoo splits a string value on commas, trimming each item. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
}
