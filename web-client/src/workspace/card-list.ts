/**
 * The workspace page's list of cards, without the DOM: the search (debounced, so typing asks the API once
 * it pauses), the pages loaded so far ("more" asks for the next), whether a call is on its way and what
 * went wrong. An answer to an older search is dropped, so a slow reply never replaces a newer one.
 */
import type { CardPage, CardSummary, ListQuery } from '../api/cards-api'
import { ApiError } from '../api/api-error'

/** Cards asked for at a time; the API's default (the contract: default 50, max 500). */
export const PAGE_SIZE = 50
/** The pause in typing after which the search is sent. */
export const SEARCH_DELAY_MS = 250

export interface CardListState {
  /** the search the list shows (trimmed) */
  query: string
  cards: CardSummary[]
  /** the API has more cards after these */
  more: boolean
  /** a page is on its way */
  loading: boolean
  /** true once the first page of this search arrived */
  loaded: boolean
  /** why the last call failed, with the API's own words */
  error: { message: string; status: number | undefined } | undefined
}

export interface CardListOptions {
  api: { list(query: ListQuery): Promise<CardPage> }
  onChange: (state: CardListState) => void
  pageSize?: number
  searchDelayMs?: number
}

export class CardList {
  private state: CardListState = { query: '', cards: [], more: false, loading: false, loaded: false, error: undefined }
  /** bumped by each new search: answers of older ones are dropped */
  private generation = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private pendingQuery: string | undefined
  private readonly pageSize: number
  private readonly searchDelayMs: number

  constructor(private readonly options: CardListOptions) {
    this.pageSize = options.pageSize ?? PAGE_SIZE
    this.searchDelayMs = options.searchDelayMs ?? SEARCH_DELAY_MS
  }

  get current(): CardListState {
    return this.state
  }

  /** Loads the first page of the current search (at the start, and to try again after an error). */
  reload(): Promise<void> {
    this.cancelTimer()
    return this.search(this.pendingQuery ?? this.state.query)
  }

  /** The person typed: the search goes once they pause; the same search again does nothing. */
  type(query: string): void {
    const trimmed = query.trim()
    this.cancelTimer()
    if (trimmed === this.state.query && (this.state.loaded || this.state.loading)) {
      this.pendingQuery = undefined
      return
    }
    this.pendingQuery = trimmed
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.search(trimmed)
    }, this.searchDelayMs)
  }

  /** The next page, appended; nothing while a call is on its way or when there is no more. */
  async loadMore(): Promise<void> {
    if (this.state.loading || !this.state.more) return
    const generation = this.generation
    this.update({ loading: true, error: undefined })
    try {
      const page = await this.options.api.list(this.queryOf(this.state.query, this.state.cards.length))
      if (generation !== this.generation) return
      const known = new Set(this.state.cards.map((card) => card.id))
      // a card updated meanwhile moves to the top and may come again further down: shown once
      const fresh = page.cards.filter((card) => !known.has(card.id))
      this.update({ cards: [...this.state.cards, ...fresh], more: page.more, loading: false })
    } catch (error) {
      if (generation === this.generation) this.update({ loading: false, error: errorOf(error) })
    }
  }

  /** Stops a search waiting for the pause (the page goes away). */
  destroy(): void {
    this.cancelTimer()
    this.generation++
  }

  private async search(query: string): Promise<void> {
    this.pendingQuery = undefined
    const generation = ++this.generation
    this.update({ query, loading: true, error: undefined })
    try {
      const page = await this.options.api.list(this.queryOf(query, 0))
      if (generation !== this.generation) return
      this.update({ cards: page.cards, more: page.more, loading: false, loaded: true })
    } catch (error) {
      if (generation === this.generation) this.update({ cards: [], more: false, loading: false, loaded: false, error: errorOf(error) })
    }
  }

  private queryOf(q: string, offset: number): ListQuery {
    return q === '' ? { limit: this.pageSize, offset } : { q, limit: this.pageSize, offset }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private update(change: Partial<CardListState>): void {
    this.state = { ...this.state, ...change }
    this.options.onChange(this.state)
  }
}

function errorOf(error: unknown): { message: string; status: number | undefined } {
  if (error instanceof ApiError) return { message: error.message, status: error.status }
  return { message: error instanceof Error ? error.message : String(error), status: undefined }
}
