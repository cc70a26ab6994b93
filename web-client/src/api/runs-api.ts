/**
 * The runs of one card through the server's HTTP API (ARCHITECTURE.md "The HTTP API"): start a run
 * (`POST .../runs`, answered 202 at once; the run then appears in the card's `runs` and streams in)
 * and cancel one (`DELETE .../runs/{id}`), with the bearer token the editor connects with.
 */
import { ApiBase, clientConfigUrlOf } from './api-base'
import { ApiError, describeFailure, errorOf } from './api-error'

/** How long a call may take before the editor says the API does not answer. */
const TIMEOUT_MS = 15_000

export interface RunsApiOptions {
  /** the server's WebSocket base (`ws(s)://host:port/ws`): client-config.json is beside it */
  wsBase: string
  workspace: string
  card: string
  /** the JWT the editor connects with; absent, calls go without one and the API says what it needs */
  token: string | undefined
  /** the page's protocol (`location.protocol`): an https page asks the API over https */
  pageProtocol: string
  /** tests give their own */
  fetch?: typeof fetch
}

/** The API's answer to a started run. */
export interface QueuedRun {
  id: string
  status: string
}

/** What a run request may set; every field optional, the server takes the rest from the card. */
export interface RunRequestBody {
  provider?: string
  model?: string
  tests?: string[]
  repeat?: number
}

export class RunsApi {
  private readonly base: ApiBase
  private readonly fetcher: typeof fetch

  constructor(private readonly options: RunsApiOptions) {
    // A bare `fetch` called as a method of this object would lose its `this` (window) in browsers.
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init))
    this.base = new ApiBase(clientConfigUrlOf(options.wsBase), this.fetcher, options.pageProtocol, TIMEOUT_MS)
  }

  /**
   * Starts a run of the card's tests.
   *
   * @throws ApiError saying why it did not start
   */
  async start(body: RunRequestBody = {}): Promise<QueuedRun> {
    const response = await this.call('POST', await this.runsUrl(), JSON.stringify(body))
    let answer: unknown
    try {
      answer = await response.json()
    } catch {
      answer = undefined
    }
    const { id, status } = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>
    if (typeof id !== 'string' || id === '') {
      throw new ApiError(`the API answered ${response.status} without the run's id; the run may have started: look at the runs below.`, response.status)
    }
    return { id, status: typeof status === 'string' ? status : 'queued' }
  }

  /**
   * Cancels a run: a queued one ends at once, a running one shortly after.
   *
   * @throws ApiError saying why not (it had already finished: 409; no such run: 404)
   */
  async cancel(runId: string): Promise<void> {
    await this.call('DELETE', `${await this.runsUrl()}/${encodeURIComponent(runId)}`, undefined)
  }

  private async runsUrl(): Promise<string> {
    const api = await this.base.get()
    return `${api}/workspaces/${encodeURIComponent(this.options.workspace)}/cards/${encodeURIComponent(this.options.card)}/runs`
  }

  /** One call; an answer that is not 2xx throws with the API's `{"error"}`. */
  private async call(method: 'POST' | 'DELETE', url: string, body: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (this.options.token !== undefined) headers.Authorization = `Bearer ${this.options.token}`
    let response: Response
    try {
      // No cookies: the token is the only credential (the API's CORS allows no credentials).
      response = await this.fetcher(url, { method, headers, body, cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(TIMEOUT_MS) })
    } catch (error) {
      throw new ApiError(`${describeFailure(error, url, TIMEOUT_MS)} Check that the server's API port is reachable from this page.`)
    }
    if (!response.ok) throw new ApiError(await errorOf(response), response.status)
    return response
  }
}
