import { describe, expect, it } from 'vitest'
import { apiUrlOf, clientConfigUrlOf, providersOf } from './api-base'
import { ApiError } from './api-error'
import { RunsApi } from './runs-api'

interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  credentials: RequestCredentials | undefined
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const CONFIG = { apiUrl: 'http://127.0.0.1:8081/api/v1' }

/** A fetch that records the calls and answers from `answers` in order. */
function recordingFetch(...answers: Array<Response | Error>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = []
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: init?.body as string | undefined,
      credentials: init?.credentials,
    })
    const answer = answers.shift()
    if (answer === undefined) throw new Error(`unexpected call ${String(input)}`)
    if (answer instanceof Error) throw answer
    return answer
  }
  return { fetch: fetcher as typeof fetch, calls }
}

const api = (fetcher: typeof fetch, overrides: Partial<{ token: string | undefined; pageProtocol: string }> = {}) =>
  new RunsApi({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'acme team', card: 'welcome/email', token: 'JWT', pageProtocol: 'http:', fetch: fetcher, ...overrides })

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the call to fail')
}

describe('where the API is', () => {
  it('asks client-config.json beside the WebSocket base', () => {
    expect(clientConfigUrlOf('ws://127.0.0.1:8080/ws')).toBe('http://127.0.0.1:8080/client-config.json')
    expect(clientConfigUrlOf('wss://cards.example/promptcards/ws/')).toBe('https://cards.example/promptcards/client-config.json')
  })

  it('takes apiUrl without a trailing slash, over https from an https page', () => {
    expect(apiUrlOf({ apiUrl: 'http://h:8081/api/v1/' }, 'c', 'http:')).toBe('http://h:8081/api/v1')
    expect(apiUrlOf({ apiUrl: 'http://h:8081/api/v1' }, 'c', 'https:')).toBe('https://h:8081/api/v1')
  })

  it('refuses a config without a usable apiUrl, naming the file', () => {
    expect(() => apiUrlOf({}, 'http://h/client-config.json', 'http:')).toThrow(/http:\/\/h\/client-config.json does not name the server's API/)
    expect(() => apiUrlOf({ apiUrl: 'javascript:alert(1)' }, 'c', 'http:')).toThrow('c names an API that is not http(s): javascript:alert(1).')
  })
})

describe('the providers the server can call', () => {
  it('are read from client-config.json, once with the API address', async () => {
    const { fetch, calls } = recordingFetch(json(200, { ...CONFIG, providers: ['echo', 'openai'] }), json(202, { id: 'run-1' }))
    const runs = api(fetch)

    expect(await runs.providers()).toEqual(['echo', 'openai'])
    await runs.start()
    expect(calls.map((call) => call.url)).toEqual(['http://127.0.0.1:8080/client-config.json', 'http://127.0.0.1:8081/api/v1/workspaces/acme%20team/cards/welcome%2Femail/runs'])
  })

  it('are unknown when an older server does not name them, or it cannot be asked', async () => {
    expect(await api(recordingFetch(json(200, CONFIG)).fetch).providers()).toBeUndefined()
    expect(await api(recordingFetch(new TypeError('Failed to fetch')).fetch).providers()).toBeUndefined()
  })

  it('keep only names, never markup or other values', () => {
    expect(providersOf({ providers: ['echo', 42, '<b>x</b>', 'ollama'] })).toEqual(['echo', 'ollama'])
    expect(providersOf({ providers: 'echo' })).toBeUndefined()
  })
})

describe('starting a run', () => {
  it('posts {} with the bearer token to the card runs, and answers the queued run', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(202, { id: 'run-7', status: 'queued' }))

    expect(await api(fetch).start()).toEqual({ id: 'run-7', status: 'queued' })

    expect(calls).toEqual([
      { url: 'http://127.0.0.1:8080/client-config.json', method: 'GET', headers: {}, body: undefined, credentials: 'omit' },
      {
        url: 'http://127.0.0.1:8081/api/v1/workspaces/acme%20team/cards/welcome%2Femail/runs',
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer JWT' },
        body: '{}',
        credentials: 'omit',
      },
    ])
  })

  it('asks where the API is once per editor', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(202, { id: 'a', status: 'queued' }), json(202, { id: 'b', status: 'queued' }))
    const runs = api(fetch)
    await runs.start()
    await runs.start()
    expect(calls.map((call) => call.url.replace(/^.*\//, ''))).toEqual(['client-config.json', 'runs', 'runs'])
  })

  it('sends no Authorization header without a token', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(401, { error: 'no token: send Authorization: Bearer JWT' }))
    const error = await failure(api(fetch, { token: undefined }).start())
    expect(calls[1].headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' })
    expect(error.message).toBe('no token: send Authorization: Bearer JWT')
    expect(error.status).toBe(401)
  })

  it("shows the API's own error", async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(400, { error: 'provider openai needs an API key: set OPENAI_API_KEY in the server\'s environment' }))
    const error = await failure(api(fetch).start())
    expect(error.message).toBe("provider openai needs an API key: set OPENAI_API_KEY in the server's environment")
    expect(error.status).toBe(400)
  })

  it('says the status when the answer holds no error', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    expect((await failure(api(fetch).start())).message).toBe('the API answered 502 Bad Gateway without saying why.')
  })

  it('says which address could not be reached', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), new TypeError('Failed to fetch'))
    expect((await failure(api(fetch).start())).message).toBe(
      "Could not reach http://127.0.0.1:8081/api/v1/workspaces/acme%20team/cards/welcome%2Femail/runs (Failed to fetch). Check that the server's API port is reachable from this page.",
    )
  })

  it('says when a 202 holds no run id', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(202, {}))
    expect((await failure(api(fetch).start())).message).toMatch(/^the API answered 202 without the run's id/)
  })

  it('tries the lookup again after a server that did not say where its API is', async () => {
    const { fetch, calls } = recordingFetch(new Response('not found', { status: 404 }), json(200, CONFIG), json(202, { id: 'r', status: 'queued' }))
    const runs = api(fetch)
    expect((await failure(runs.start())).message).toBe(
      'http://127.0.0.1:8080/client-config.json answered 404: this server does not say where its API is (a server without the runs API?).',
    )
    expect(await runs.start()).toEqual({ id: 'r', status: 'queued' })
    expect(calls.map((call) => call.url.replace(/^.*\//, ''))).toEqual(['client-config.json', 'client-config.json', 'runs'])
  })

  it('says when the server itself cannot be reached', async () => {
    const { fetch } = recordingFetch(new TypeError('Failed to fetch'))
    expect((await failure(api(fetch).start())).message).toBe('Could not reach http://127.0.0.1:8080/client-config.json (Failed to fetch). Is the server up?')
  })
})

describe('cancelling a run', () => {
  it('deletes the run by its id, with the bearer token', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(200, { id: 'run/1', status: 'cancelled' }))
    await api(fetch).cancel('run/1')
    expect(calls[1]).toEqual({
      url: 'http://127.0.0.1:8081/api/v1/workspaces/acme%20team/cards/welcome%2Femail/runs/run%2F1',
      method: 'DELETE',
      headers: { Accept: 'application/json', Authorization: 'Bearer JWT' },
      body: undefined,
      credentials: 'omit',
    })
  })

  it('says why a finished run cannot be cancelled', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(409, { error: 'run r already finished (passed): nothing to cancel' }))
    const error = await failure(api(fetch).cancel('r'))
    expect(error.status).toBe(409)
    expect(error.message).toBe('run r already finished (passed): nothing to cancel')
  })
})
