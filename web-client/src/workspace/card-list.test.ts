import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/api-error'
import type { CardPage, CardSummary, ListQuery } from '../api/cards-api'
import { CardList, type CardListState } from './card-list'

const card = (id: string): CardSummary => ({ id, title: `Title ${id}`, createdBy: 'ada', createdAt: undefined, updatedAt: '2025-03-02T11:00:00Z' })
const page = (ids: string[], more = false): CardPage => ({ cards: ids.map(card), offset: 0, limit: 2, more })

/** An API whose answers the test gives one by one, in any order. */
function controlledApi() {
  const queries: ListQuery[] = []
  const pending: Array<{ resolve: (page: CardPage) => void; reject: (error: unknown) => void }> = []
  return {
    queries,
    api: {
      list: (query: ListQuery) => {
        queries.push(query)
        return new Promise<CardPage>((resolve, reject) => pending.push({ resolve, reject }))
      },
    },
    answer: async (index: number, answer: CardPage | Error) => {
      const call = pending[index]
      if (answer instanceof Error) call.reject(answer)
      else call.resolve(answer)
      await vi.advanceTimersByTimeAsync(0)
    },
  }
}

function listOf(api: ReturnType<typeof controlledApi>['api']) {
  const states: CardListState[] = []
  const list = new CardList({ api, onChange: (state) => states.push(state), pageSize: 2, searchDelayMs: 250 })
  return { list, states, ids: () => list.current.cards.map((c) => c.id) }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('the card list', () => {
  it('loads the first page of every card at the start', async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)

    void list.reload()
    expect(list.current.loading).toBe(true)
    await server.answer(0, page(['a', 'b'], true))

    expect(server.queries).toEqual([{ limit: 2, offset: 0 }])
    expect(ids()).toEqual(['a', 'b'])
    expect(list.current).toMatchObject({ query: '', more: true, loading: false, loaded: true, error: undefined })
  })

  it('searches once typing pauses, with the last text only', async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)
    void list.reload()
    await server.answer(0, page(['a', 'b']))

    list.type('g')
    await vi.advanceTimersByTimeAsync(100)
    list.type('gre')
    await vi.advanceTimersByTimeAsync(249)
    expect(server.queries).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(server.queries[1]).toEqual({ q: 'gre', limit: 2, offset: 0 })
    await server.answer(1, page(['greeting']))

    expect(ids()).toEqual(['greeting'])
    expect(list.current.query).toBe('gre')
  })

  it('asks nothing when the search comes back to what the list shows', async () => {
    const server = controlledApi()
    const { list } = listOf(server.api)
    void list.reload()
    await server.answer(0, page(['a']))

    list.type('x')
    list.type(' ')
    await vi.advanceTimersByTimeAsync(1000)

    expect(server.queries).toHaveLength(1)
  })

  it('drops the answer of an older search that arrives after a newer one', async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)
    void list.reload()
    await server.answer(0, page(['a']))
    list.type('old')
    await vi.advanceTimersByTimeAsync(250)
    list.type('new')
    await vi.advanceTimersByTimeAsync(250)

    await server.answer(2, page(['new-card']))
    await server.answer(1, page(['old-card']))

    expect(ids()).toEqual(['new-card'])
    expect(list.current.query).toBe('new')
  })

  it('appends the next page from the offset of the cards shown, each card once', async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)
    list.type('t')
    await vi.advanceTimersByTimeAsync(250)
    await server.answer(0, page(['a', 'b'], true))

    void list.loadMore()
    void list.loadMore()
    await server.answer(1, page(['b', 'c'], false))

    expect(server.queries).toEqual([{ q: 't', limit: 2, offset: 0 }, { q: 't', limit: 2, offset: 2 }])
    expect(ids()).toEqual(['a', 'b', 'c'])
    expect(list.current.more).toBe(false)
    await list.loadMore()
    expect(server.queries).toHaveLength(2)
  })

  it("keeps the API's error and its status, and loads again on reload", async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)
    void list.reload()
    await server.answer(0, new ApiError('too many requests: at most 10 a second per key', 429))

    expect(list.current).toMatchObject({ loading: false, loaded: false, error: { message: 'too many requests: at most 10 a second per key', status: 429 } })

    void list.reload()
    expect(list.current.error).toBeUndefined()
    await server.answer(1, page(['a']))
    expect(ids()).toEqual(['a'])
  })

  it('keeps the cards shown when the next page fails', async () => {
    const server = controlledApi()
    const { list, ids } = listOf(server.api)
    void list.reload()
    await server.answer(0, page(['a', 'b'], true))
    void list.loadMore()
    await server.answer(1, new ApiError('token expired', 401))

    expect(ids()).toEqual(['a', 'b'])
    expect(list.current).toMatchObject({ more: true, error: { message: 'token expired', status: 401 } })
  })

  it('sends no search after it is destroyed', async () => {
    const server = controlledApi()
    const { list } = listOf(server.api)
    list.type('x')
    list.destroy()
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.queries).toEqual([])
  })
})
