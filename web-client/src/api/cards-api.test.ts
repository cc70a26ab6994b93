import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error'
import { CardsApi } from './cards-api'

interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const CONFIG = { apiUrl: 'http://127.0.0.1:8081/api/v1' }
const CARDS_URL = 'http://127.0.0.1:8081/api/v1/workspaces/acme%20team/cards'

function recordingFetch(...answers: Response[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = []
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body as string | undefined })
    const answer = answers.shift()
    if (answer === undefined) throw new Error(`unexpected call ${String(input)}`)
    return answer
  }
  return { fetch: fetcher as typeof fetch, calls }
}

const api = (fetcher: typeof fetch) =>
  new CardsApi({ wsBase: 'ws://127.0.0.1:8080/ws', workspace: 'acme team', token: 'JWT', pageProtocol: 'http:', fetch: fetcher })

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the call to fail')
}

const CARD = { id: 'greeting', title: 'Greeting', createdBy: 'ada', createdAt: '2025-03-01T10:00:00Z', updatedAt: '2025-03-02T11:00:00Z' }

describe('listing cards', () => {
  it('gets the workspace cards with q, limit and offset and the bearer token', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(200, { cards: [CARD], offset: 50, limit: 50, more: true }))

    const page = await api(fetch).list({ q: ' Greet & co ', limit: 50, offset: 50 })

    expect(page).toEqual({ cards: [CARD], offset: 50, limit: 50, more: true })
    expect(calls[1]).toEqual({
      url: `${CARDS_URL}?q=Greet+%26+co&limit=50&offset=50`,
      method: 'GET',
      headers: { Accept: 'application/json', Authorization: 'Bearer JWT' },
      body: undefined,
    })
  })

  it('leaves out a blank search', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(200, { cards: [], offset: 0, limit: 50, more: false }))
    expect(await api(fetch).list({ q: '  ', limit: 50, offset: 0 })).toEqual({ cards: [], offset: 0, limit: 50, more: false })
    expect(calls[1].url).toBe(`${CARDS_URL}?limit=50&offset=0`)
  })

  it('reads a card without a title or times as an empty title and unknown times', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(200, { cards: [{ id: 'x', title: null }, { title: 'no id' }], offset: 0, limit: 50, more: false }))
    expect((await api(fetch).list()).cards).toEqual([{ id: 'x', title: '', createdBy: undefined, createdAt: undefined, updatedAt: undefined }])
  })

  it("shows the API's own error with its status", async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(403, { error: 'this token may open only the cards it names' }))
    const error = await failure(api(fetch).list())
    expect(error.status).toBe(403)
    expect(error.message).toBe('this token may open only the cards it names')
  })

  it('says when the answer holds no list', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(200, { items: [] }))
    expect((await failure(api(fetch).list())).message).toBe('the API answered 200 without a list of cards.')
  })
})

describe('creating a card', () => {
  it('posts the id and the title and answers the card', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(201, { ...CARD, workspace: 'acme team', system: '', tests: [] }))

    expect(await api(fetch).create({ id: ' greeting ', title: ' Greeting ' })).toEqual(CARD)

    expect(calls[1]).toEqual({
      url: CARDS_URL,
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer JWT' },
      body: '{"id":"greeting","title":"Greeting"}',
    })
  })

  it('leaves a blank id out, so the server picks one', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(201, { ...CARD, id: 'k3x9q2', title: 'Only a title' }))
    expect((await api(fetch).create({ id: '', title: 'Only a title' })).id).toBe('k3x9q2')
    expect(calls[1].body).toBe('{"title":"Only a title"}')
  })

  it('posts {} when given nothing', async () => {
    const { fetch, calls } = recordingFetch(json(200, CONFIG), json(201, { id: 'r4nd0m' }))
    await api(fetch).create({})
    expect(calls[1].body).toBe('{}')
  })

  it('says why a taken id is refused, in the API words', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(409, { error: 'card greeting exists (deleted): restore it with POST .../restore' }))
    const error = await failure(api(fetch).create({ id: 'greeting' }))
    expect(error.status).toBe(409)
    expect(error.message).toBe('card greeting exists (deleted): restore it with POST .../restore')
  })

  it('says when a 201 holds no id', async () => {
    const { fetch } = recordingFetch(json(200, CONFIG), json(201, {}))
    expect((await failure(api(fetch).create({ title: 't' }))).message).toBe("the API answered 201 without the new card's id; it may exist: search for it.")
  })
})
