import { describe, expect, it } from 'vitest'
import { providerNoteOf } from './model-settings'

describe('the note on the provider', () => {
  it('says an empty provider is not set, and what the server can call', () => {
    expect(providerNoteOf('', ['echo', 'ollama'])).toEqual({ kind: 'unset', text: 'No provider set: Run needs one. This server can call: echo, ollama.' })
    expect(providerNoteOf('', undefined)).toEqual({ kind: 'unset', text: 'No provider set: Run needs one.' })
  })

  it('confirms a configured provider', () => {
    expect(providerNoteOf('openai', ['echo', 'ollama', 'openai'])).toEqual({ kind: 'ok', text: 'openai is configured on this server.' })
  })

  it('warns of a known provider the server lacks, and of an unknown name', () => {
    expect(providerNoteOf('anthropic', ['echo', 'ollama'])).toEqual({
      kind: 'unconfigured',
      text: 'anthropic is not configured on this server (its API key or address is not set there): a run fails. This server can call: echo, ollama.',
    })
    expect(providerNoteOf('azure', ['echo'])).toEqual({
      kind: 'unconfigured',
      text: 'azure is not a provider this server knows: a run fails. This server can call: echo.',
    })
  })

  it('says nothing of a set provider when the server does not name its providers', () => {
    expect(providerNoteOf('openai', undefined)).toEqual({ kind: 'unknown', text: '' })
  })
})
