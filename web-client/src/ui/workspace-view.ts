/**
 * The workspace page's DOM: "new card" (unless the token is a viewer's), the search, the list of cards
 * with links to their editor, "more", and what went wrong, each where it happened: a failed list
 * beside the list, a refused card beside its form. The state lives in `CardList`.
 */
import type { CardsApi, CardSummary } from '../api/cards-api'
import { ApiError } from '../api/api-error'
import { cardIdProblem } from '../workspace/access'
import { CardList, type CardListState } from '../workspace/card-list'
import { failureTitle, formatUpdated } from '../workspace/list-format'
import { h, setText } from './dom'

export interface WorkspaceViewOptions {
  workspace: string
  api: CardsApi
  /** viewers list and open, they do not create */
  viewer: boolean
  /** the editor page of a card, with the page's token */
  cardHref: (card: string) => string
  /** opens a page (the new card's editor) */
  navigate: (href: string) => void
}

export class WorkspaceView {
  readonly element: HTMLElement
  private readonly list: CardList
  private readonly items = h('ul', { class: 'pc-card-list', 'data-testid': 'card-list' })
  private readonly status = h('p', { class: 'pc-muted pc-card-list-status', 'data-testid': 'card-list-status', 'aria-live': 'polite' })
  private readonly listError = h('div', { class: 'pc-workspace-error', 'data-testid': 'card-list-error', role: 'alert', hidden: true })
  private readonly more = h('button', { type: 'button', 'data-testid': 'more-cards', hidden: true }, 'More')

  constructor(private readonly options: WorkspaceViewOptions) {
    this.list = new CardList({ api: options.api, onChange: (state) => this.render(state) })
    const search = h('input', {
      type: 'search',
      class: 'pc-card-search',
      'data-testid': 'card-search',
      placeholder: 'Search by title or id',
      'aria-label': 'Search cards by title or id',
      spellcheck: 'false',
      autocomplete: 'off',
    })
    search.addEventListener('input', () => this.list.type(search.value))
    this.more.addEventListener('click', () => void this.list.loadMore())
    this.element = h(
      'div',
      { class: 'pc-root pc-workspace', 'data-testid': 'workspace' },
      h('header', { class: 'pc-workspace-header' },
        h('h1', {}, 'Cards of ', h('code', {}, options.workspace)),
        h('a', { href: '/', class: 'pc-muted' }, 'promptcards')),
      options.viewer ? h('p', { class: 'pc-hint' }, 'You can open these cards to read them; your token does not create cards.') : this.newCardForm(),
      search,
      this.listError,
      this.status,
      this.items,
      this.more,
    )
  }

  /** Loads the first page. */
  start(): void {
    void this.list.reload()
  }

  destroy(): void {
    this.list.destroy()
  }

  private render(state: CardListState): void {
    this.items.replaceChildren(...state.cards.map((card) => this.item(card)))
    this.more.hidden = !state.more
    this.more.disabled = state.loading
    setText(this.more, state.loading && state.cards.length > 0 ? 'Loading…' : 'More')
    this.element.dataset.loading = String(state.loading)
    setText(this.status, statusText(state, this.options.viewer))
    if (state.error === undefined) {
      this.listError.hidden = true
      this.listError.replaceChildren()
    } else {
      const again = h('button', { type: 'button', class: 'pc-small', onclick: () => void this.list.reload() }, 'Try again')
      this.listError.replaceChildren(...failure(state.error.status, state.error.message, 'list'), again)
      this.listError.hidden = false
    }
  }

  private item(card: CardSummary): HTMLElement {
    const now = Date.now()
    const link = h('a', { href: this.options.cardHref(card.id), 'data-testid': 'card-link' }, card.title !== '' ? card.title : card.id)
    return h(
      'li',
      { class: 'pc-card-item', 'data-testid': 'card-item', 'data-card-id': card.id },
      h('div', { class: 'pc-card-name' }, link, card.title !== '' ? h('code', { class: 'pc-muted' }, card.id) : null),
      h('time', { class: 'pc-muted', datetime: card.updatedAt, title: card.updatedAt ? new Date(card.updatedAt).toLocaleString() : undefined },
        card.updatedAt ? `updated ${formatUpdated(card.updatedAt, now)}` : ''),
    )
  }

  private newCardForm(): HTMLElement {
    const title = h('input', { name: 'title', 'data-testid': 'new-card-title', placeholder: 'What the prompt does', autocomplete: 'off' })
    const id = h('input', { name: 'id', 'data-testid': 'new-card-id', placeholder: 'picked for you', spellcheck: 'false', autocomplete: 'off' })
    const idHint = h('p', { class: 'pc-field-error', 'data-testid': 'new-card-id-problem', 'aria-live': 'polite', hidden: true })
    const submit = h('button', { type: 'submit', class: 'pc-primary', 'data-testid': 'new-card' }, 'New card')
    const error = h('div', { class: 'pc-workspace-error', 'data-testid': 'new-card-error', role: 'alert', hidden: true })
    const checkId = () => {
      const problem = cardIdProblem(id.value)
      id.setAttribute('aria-invalid', String(problem !== undefined))
      idHint.hidden = problem === undefined
      setText(idHint, problem ?? '')
      return problem === undefined
    }
    id.addEventListener('input', checkId)
    const form = h(
      'form',
      { class: 'pc-new-card', 'data-testid': 'new-card-form' },
      h('label', {}, 'Title', title),
      h('label', {}, 'Id (optional)', id),
      submit,
      idHint,
      error,
    )
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (!checkId()) return
      submit.disabled = true
      error.hidden = true
      try {
        const card = await this.options.api.create({ id: id.value, title: title.value })
        this.options.navigate(this.options.cardHref(card.id))
      } catch (failed) {
        const status = failed instanceof ApiError ? failed.status : undefined
        error.replaceChildren(...failure(status, failed instanceof Error ? failed.message : String(failed), 'create'))
        error.hidden = false
      } finally {
        submit.disabled = false
      }
    })
    return form
  }
}

function failure(status: number | undefined, message: string, what: 'list' | 'create'): HTMLElement[] {
  return [h('strong', {}, failureTitle(status, what)), h('p', { 'data-testid': 'api-error' }, message)]
}

function statusText(state: CardListState, viewer: boolean): string {
  if (state.loading && state.cards.length === 0) return 'Loading…'
  if (!state.loaded) return ''
  const count = state.cards.length
  if (count === 0 && state.query !== '') return `No card matches “${state.query}”.`
  if (count === 0) return viewer ? 'No cards yet.' : 'No cards yet: create the first one above.'
  const shown = `${count}${state.more ? '+' : ''} card${count === 1 && !state.more ? '' : 's'}`
  return state.query === '' ? shown : `${shown} matching “${state.query}”`
}
