/**
 * The `{{variables}}` of a prompt: where they are in a text, and how they compare with the values the
 * test cases give. Placeholders follow Nunjucks, as promptfoo renders prompts: `{{ name }}`,
 * `{{ user.name }}`, `{{ name | upper }}`; the variable is the identifier before any `.`, `[` or `|`.
 */

/** A placeholder found in a text; `from`/`to` are UTF-16 offsets of the whole `{{ ... }}`. */
export interface Placeholder {
  name: string
  from: number
  to: number
}

/** A `{{` that does not form a placeholder we understand (no name, a bad name, or not closed). */
export interface BadPlaceholder {
  text: string
  from: number
  to: number
}

export interface ScanResult {
  placeholders: Placeholder[]
  invalid: BadPlaceholder[]
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/
// What may follow the variable's name inside the braces: member access, an index, a filter.
const REST = /^(\s*(\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\]|\|[^{}]*))*\s*$/

/** Finds every `{{ ... }}` of a text, valid or not, in order. `{{{` is read as `{` plus `{{`. */
export function scanPlaceholders(text: string): ScanResult {
  const placeholders: Placeholder[] = []
  const invalid: BadPlaceholder[] = []
  let at = 0
  for (;;) {
    let open = text.indexOf('{{', at)
    if (open < 0) break
    while (text.startsWith('{{{', open)) open++
    const close = text.indexOf('}}', open + 2)
    const nextOpen = text.indexOf('{{', open + 2)
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      // Not closed before the next placeholder: flag the opening braces alone.
      const end = nextOpen >= 0 ? nextOpen : text.length
      invalid.push({ text: text.slice(open, Math.min(end, open + 40)), from: open, to: end })
      at = open + 2
      continue
    }
    const inner = text.slice(open + 2, close).trim()
    const name = IDENTIFIER.exec(inner)?.[0]
    if (name !== undefined && REST.test(inner.slice(name.length))) {
      placeholders.push({ name, from: open, to: close + 2 })
    } else {
      invalid.push({ text: text.slice(open, close + 2), from: open, to: close + 2 })
    }
    at = close + 2
  }
  return { placeholders, invalid }
}

/** The distinct variable names of some texts, in order of first appearance. */
export function variableNames(...texts: string[]): string[] {
  const names = new Set<string>()
  for (const text of texts) {
    for (const placeholder of scanPlaceholders(text).placeholders) names.add(placeholder.name)
  }
  return [...names]
}

/** How a variable stands: used and given by every test case, used but not given, or given but not used. */
export type VariableFlag = 'ok' | 'missing' | 'unused'

export interface VariableStatus {
  name: string
  flag: VariableFlag
  /** How many test cases give a non-empty value. */
  given: number
}

/**
 * Compares the variables the prompts use with the values of the test cases.
 *
 * @param used the variable names of the template and the system prompt, in order
 * @param testVars for each test case, its variable values
 * @return the used variables (flagged `missing` when some test case has no non-empty value for it),
 *     then the variables test cases give that no prompt uses (`unused`), in order of first appearance
 */
export function variableReport(used: string[], testVars: Array<Map<string, string>>): VariableStatus[] {
  const report: VariableStatus[] = used.map((name) => {
    const given = testVars.filter((vars) => (vars.get(name) ?? '').length > 0).length
    return { name, flag: given === testVars.length ? 'ok' : 'missing', given }
  })
  const usedNames = new Set(used)
  const extra = new Map<string, number>()
  for (const vars of testVars) {
    for (const [name, value] of vars) {
      if (usedNames.has(name)) continue
      extra.set(name, (extra.get(name) ?? 0) + (value.length > 0 ? 1 : 0))
    }
  }
  for (const [name, given] of extra) report.push({ name, flag: 'unused', given })
  return report
}
