/**
 * The cards of one workspace through the server's HTTP API (the cards contract of issue 15): list them
 * (`GET /workspaces/{ws}/cards?q=&limit=&offset=`, newest updated first, `q` matching title or id) and
 * create one (`POST /workspaces/{ws}/cards`, 201 with the card), with a token whose `cards` claim is `*`
 * or a workspace API key.
 */
import { ApiClient, type ApiClientOptions, jsonObjectOf } from './api-client'
import { ApiError } from './api-error'

export interface CardsApiOptions extends ApiClientOptions {
  workspace: string
}

/** A card as the list shows it. */
export interface CardSummary {
  id: string
  /** '' when the card has none */
  title: string
  createdBy: string | undefined
  /** ISO-8601 instants, undefined when the API gave none */
  createdAt: string | undefined
  updatedAt: string | undefined
}

/** One page of the list. */
export interface CardPage {
  cards: CardSummary[]
  offset: number
  limit: number
  /** true when there are cards after this page */
  more: boolean
}

export interface ListQuery {
  /** matched against title and id, case-insensitive; blank lists every card */
  q?: string
  limit?: number
  offset?: number
}

/** What a new card may be given; the server picks a valid random id when there is none. */
export interface NewCard {
  id?: string
  title?: string
}

export class CardsApi {
  private readonly client: ApiClient
  private readonly cardsPath: string

  constructor(options: CardsApiOptions) {
    this.client = new ApiClient(options)
    this.cardsPath = `/workspaces/${encodeURIComponent(options.workspace)}/cards`
  }

  /**
   * One page of the workspace's cards.
   *
   * @throws ApiError saying why not (401 bad token, 403 not allowed, 404 no such workspace, 429 too many calls)
   */
  async list(query: ListQuery = {}): Promise<CardPage> {
    const params = new URLSearchParams()
    const q = query.q?.trim() ?? ''
    if (q !== '') params.set('q', q)
    if (query.limit !== undefined) params.set('limit', String(query.limit))
    if (query.offset !== undefined) params.set('offset', String(query.offset))
    const search = params.toString() === '' ? '' : `?${params}`
    const response = await this.client.call('GET', this.cardsPath + search, undefined)
    const body = await jsonObjectOf(response)
    if (!Array.isArray(body.cards)) {
      throw new ApiError(`the API answered ${response.status} without a list of cards.`, response.status)
    }
    const cards = body.cards.map(summaryOf).filter((card): card is CardSummary => card !== undefined)
    return {
      cards,
      offset: typeof body.offset === 'number' ? body.offset : (query.offset ?? 0),
      limit: typeof body.limit === 'number' ? body.limit : cards.length,
      more: body.more === true,
    }
  }

  /**
   * Creates a card; blank fields are left out (no id: the server picks one).
   *
   * @return the new card
   * @throws ApiError saying why not (409 the id is taken, 400 an invalid id, 403 a viewer or the quota)
   */
  async create(card: NewCard): Promise<CardSummary> {
    const body: NewCard = {}
    const id = card.id?.trim() ?? ''
    const title = card.title?.trim() ?? ''
    if (id !== '') body.id = id
    if (title !== '') body.title = title
    const response = await this.client.call('POST', this.cardsPath, JSON.stringify(body))
    const created = summaryOf(await jsonObjectOf(response))
    if (created === undefined) {
      throw new ApiError(`the API answered ${response.status} without the new card's id; it may exist: search for it.`, response.status)
    }
    return created
  }
}

function summaryOf(value: unknown): CardSummary | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { id, title, createdBy, createdAt, updatedAt } = value as Record<string, unknown>
  if (typeof id !== 'string' || id === '') return undefined
  const text = (field: unknown) => (typeof field === 'string' ? field : undefined)
  return { id, title: text(title) ?? '', createdBy: text(createdBy), createdAt: text(createdAt), updatedAt: text(updatedAt) }
}
