/**
 * The model the card runs on: `model` Y.Map with plain values provider, model, temperature, maxTokens.
 * A field is written when it is valid and left (change event); another person's change shows at once
 * unless this person is typing in that very field.
 */
import type { EditorContext } from './context'
import { h, setInputValue } from './dom'

const PROVIDERS = ['openai', 'anthropic', 'ollama', 'azure', 'google', 'mistral']

interface NumberRule {
  min: number
  max: number
  integer: boolean
  message: string
}

const TEMPERATURE: NumberRule = { min: 0, max: 2, integer: false, message: 'a number from 0 to 2' }
const MAX_TOKENS: NumberRule = { min: 1, max: 1_000_000, integer: true, message: 'a whole number from 1 to 1000000' }

export function modelSettings(context: EditorContext): { element: HTMLElement; destroy: () => void } {
  const { model } = context.card
  const idPrefix = `pc-model-${Math.random().toString(36).slice(2, 8)}`
  const provider = h('input', { id: `${idPrefix}-provider`, 'data-field': 'model-provider', list: `${idPrefix}-providers`, spellcheck: 'false', placeholder: 'openai' })
  const name = h('input', { id: `${idPrefix}-model`, 'data-field': 'model-name', spellcheck: 'false', placeholder: 'gpt-4o-mini' })
  const temperature = h('input', { id: `${idPrefix}-temperature`, 'data-field': 'model-temperature', inputmode: 'decimal', placeholder: '0.7' })
  const maxTokens = h('input', { id: `${idPrefix}-max-tokens`, 'data-field': 'model-max-tokens', inputmode: 'numeric', placeholder: '1024' })
  const error = h('p', { class: 'pc-field-error', role: 'alert', hidden: true })

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
  }
  model.observe(show)
  show()
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
    h('datalist', { id: `${idPrefix}-providers` }, ...PROVIDERS.map((option) => h('option', { value: option }))),
    error,
  )
  return {
    element,
    destroy: () => {
      model.unobserve(show)
      stopReadOnly()
    },
  }
}
