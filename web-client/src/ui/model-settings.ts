/**
 * The model the card runs on: `model` Y.Map with plain values provider, model, temperature, maxTokens.
 * A field is written when it is valid and left (change event); another person's change shows at once
 * unless this person is typing in that very field. An empty field says what happens without it ("not set",
 * "default: …", in italics), never an example that reads like a value; the provider field lists the
 * providers and says which ones this server can call (its client-config.json).
 */
import type { EditorContext } from './context'
import { h, setInputValue, setText } from './dom'

/** Every provider the runner knows (runner Providers.NAMES). */
export const KNOWN_PROVIDERS = ['openai', 'anthropic', 'ollama', 'echo']
/** The model the echo provider answers as when the card names none (runner RunPlanner.ECHO_MODEL). */
const ECHO_MODEL = 'echo'

interface NumberRule {
  min: number
  max: number
  integer: boolean
  message: string
}

const TEMPERATURE: NumberRule = { min: 0, max: 2, integer: false, message: 'a number from 0 to 2' }
const MAX_TOKENS: NumberRule = { min: 1, max: 1_000_000, integer: true, message: 'a whole number from 1 to 1000000' }

/**
 * @param configured the providers this server's runner can call, once known (undefined: the server does not say)
 */
export function modelSettings(context: EditorContext, configured: Promise<string[] | undefined>): { element: HTMLElement; destroy: () => void } {
  const { model } = context.card
  const idPrefix = `pc-model-${Math.random().toString(36).slice(2, 8)}`
  const provider = h('input', { id: `${idPrefix}-provider`, 'data-field': 'model-provider', list: `${idPrefix}-providers`, spellcheck: 'false', placeholder: 'not set: Run needs one' })
  const name = h('input', { id: `${idPrefix}-model`, 'data-field': 'model-name', spellcheck: 'false', placeholder: 'not set' })
  const temperature = h('input', { id: `${idPrefix}-temperature`, 'data-field': 'model-temperature', inputmode: 'decimal', placeholder: "default: the provider's" })
  const maxTokens = h('input', { id: `${idPrefix}-max-tokens`, 'data-field': 'model-max-tokens', inputmode: 'numeric', placeholder: "default: the provider's" })
  const error = h('p', { class: 'pc-field-error', role: 'alert', hidden: true })
  const providerNote = h('p', { class: 'pc-provider-note', 'data-testid': 'provider-note', 'aria-live': 'polite' })
  const datalist = h('datalist', { id: `${idPrefix}-providers` }, ...KNOWN_PROVIDERS.map((option) => h('option', { value: option })))
  let providers: string[] | undefined

  const writeText = (key: string, input: HTMLInputElement) => () => {
    const value = input.value.trim()
    if (value === '') model.delete(key)
    else if (model.get(key) !== value) model.set(key, value)
  }
  const writeNumber = (key: string, input: HTMLInputElement, rule: NumberRule, label: string) => () => {
    const text = input.value.trim()
    if (text === '') {
      model.delete(key)
      showError(input, undefined)
      return
    }
    const value = Number(text)
    if (!/^-?\d*\.?\d+$/.test(text) || value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
      showError(input, `${label} must be ${rule.message}.`)
      return
    }
    showError(input, undefined)
    if (model.get(key) !== value) model.set(key, value)
  }
  const showError = (input: HTMLInputElement, message: string | undefined) => {
    input.setAttribute('aria-invalid', String(message !== undefined))
    error.hidden = message === undefined
    error.textContent = message ?? ''
  }
  provider.addEventListener('change', writeText('provider', provider))
  name.addEventListener('change', writeText('model', name))
  temperature.addEventListener('change', writeNumber('temperature', temperature, TEMPERATURE, 'Temperature'))
  maxTokens.addEventListener('change', writeNumber('maxTokens', maxTokens, MAX_TOKENS, 'Max tokens'))

  const show = () => {
    const text = (key: string) => {
      const value = model.get(key)
      return value === undefined || value === null ? '' : String(value)
    }
    setInputValue(provider, text('provider'), context.root)
    setInputValue(name, text('model'), context.root)
    setInputValue(temperature, text('temperature'), context.root)
    setInputValue(maxTokens, text('maxTokens'), context.root)
    const chosen = text('provider').trim().toLowerCase()
    name.placeholder = chosen === 'echo' ? `default: ${ECHO_MODEL}` : chosen === '' ? 'not set' : `not set: Run needs one for ${chosen}`
    for (const [input, key] of [[provider, 'provider'], [name, 'model'], [temperature, 'temperature'], [maxTokens, 'maxTokens']] as const) {
      input.dataset.set = String(text(key) !== '')
    }
    const note = providerNoteOf(chosen, providers)
    providerNote.dataset.kind = note.kind
    setText(providerNote, note.text)
  }
  model.observe(show)
  show()
  let destroyed = false
  void configured.then((names) => {
    if (destroyed || names === undefined) return
    providers = names
    datalist.replaceChildren(
      ...[...names, ...KNOWN_PROVIDERS.filter((known) => !names.includes(known))].map((option) =>
        h('option', { value: option, label: names.includes(option) ? 'configured on this server' : 'not configured on this server' }),
      ),
    )
    show()
  })
  const inputs = [provider, name, temperature, maxTokens]
  const stopReadOnly = context.readOnly.subscribe((readOnly) => inputs.forEach((input) => (input.disabled = readOnly)))

  const field = (label: string, input: HTMLInputElement) => h('label', { class: 'pc-model-field', for: input.id }, h('span', {}, label), input)
  const element = h(
    'section',
    { class: 'pc-model', 'aria-label': 'Model' },
    field('Provider', provider),
    field('Model', name),
    field('Temperature', temperature),
    field('Max tokens', maxTokens),
    datalist,
    providerNote,
    error,
  )
  return {
    element,
    destroy: () => {
      destroyed = true
      model.unobserve(show)
      stopReadOnly()
    },
  }
}

/** What the note under the model fields says about the provider: unset, configured here, or not. */
export function providerNoteOf(chosen: string, configured: string[] | undefined): { kind: 'unset' | 'ok' | 'unconfigured' | 'unknown'; text: string } {
  const list = configured === undefined ? undefined : configured.length === 0 ? 'none' : configured.join(', ')
  if (chosen === '') {
    return { kind: 'unset', text: list === undefined ? 'No provider set: Run needs one.' : `No provider set: Run needs one. This server can call: ${list}.` }
  }
  if (configured === undefined) return { kind: 'unknown', text: '' }
  if (configured.includes(chosen)) return { kind: 'ok', text: `${chosen} is configured on this server.` }
  const why = KNOWN_PROVIDERS.includes(chosen) ? 'not configured on this server (its API key or address is not set there)' : 'not a provider this server knows'
  return { kind: 'unconfigured', text: `${chosen} is ${why}: a run fails. This server can call: ${list}.` }
}
