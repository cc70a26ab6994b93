/**
 * A card's prompt as one test case sends it, for the preview beside the template: the text with each
 * `{{name}}` (or `{{ name }}`) replaced by the test case's value, and the references the test case has no
 * value for marked as missing. Parsed as the runner renders prompts (runner.prompt.PromptTemplate): a
 * reference is a Nunjucks identifier with any whitespace inside the braces; `{{{x}}}` is a brace before
 * `{{x}}`; a `{{` not closed before the next `{{`, an empty `{{}}`, and expressions beyond a plain name
 * (`{{ user.email }}`, `{{ x | upper }}`) stay literal text; values are inserted verbatim.
 */

/** A piece of the rendered prompt. */
export type PreviewPart =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string; text: string }
  | { kind: 'missing'; name: string }

/** PromptTemplate's NAME: the whole inside of the braces. */
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/

/**
 * Renders a prompt text with a test case's values.
 *
 * @param values each variable's value; an absent one is missing (an empty value is a value)
 */
export function renderPreview(text: string, values: ReadonlyMap<string, string>): PreviewPart[] {
  const parts: PreviewPart[] = []
  const literal = (to: number) => {
    if (to > literalFrom) parts.push({ kind: 'text', text: text.slice(literalFrom, to) })
  }
  let literalFrom = 0
  let at = 0
  for (;;) {
    let open = text.indexOf('{{', at)
    if (open < 0) break
    while (text.startsWith('{{{', open)) open++
    const close = text.indexOf('}}', open + 2)
    const nextOpen = text.indexOf('{{', open + 2)
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      at = open + 2
      continue
    }
    const name = NAME.exec(text.slice(open + 2, close))?.[1]
    if (name !== undefined) {
      literal(open)
      const value = values.get(name)
      parts.push(value === undefined ? { kind: 'missing', name } : { kind: 'value', name, text: value })
      literalFrom = close + 2
    }
    at = close + 2
  }
  literal(text.length)
  return merged(parts)
}

/** The names marked missing, each once, sorted (as the runner's MissingVariableException names them). */
export function missingNames(...rendered: PreviewPart[][]): string[] {
  const names = new Set<string>()
  for (const parts of rendered) for (const part of parts) if (part.kind === 'missing') names.add(part.name)
  return [...names].sort()
}

/** The rendered text with missing variables left as they were written, for copying. */
export function plainText(parts: PreviewPart[]): string {
  return parts.map((part) => (part.kind === 'missing' ? `{{${part.name}}}` : part.text)).join('')
}

function merged(parts: PreviewPart[]): PreviewPart[] {
  const out: PreviewPart[] = []
  for (const part of parts) {
    const last = out[out.length - 1]
    if (part.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + part.text }
    else out.push(part)
  }
  return out
}
