/**
 * Calls to the server's HTTP API with the page's bearer token: where the API is (`ApiBase`, asked once),
 * the headers, the timeout, and an answer that is not 2xx turned into an `ApiError` with the API's own
 * `{"error"}`. The runs and the cards calls go through it.
 */
import { ApiBase, type ClientConfig, clientConfigUrlOf } from './api-base'
import { ApiError, describeFailure, errorOf } from './api-error'

/** How long a call may take before the page says the API does not answer. */
const TIMEOUT_MS = 15_000

export interface ApiClientOptions {
  /** the server's WebSocket base (`ws(s)://host:port/ws`): client-config.json is beside it */
  wsBase: string
  /** the JWT the page connects with; absent, calls go without one and the API says what it needs */
  token: string | undefined
  /** the page's protocol (`location.protocol`): an https page asks the API over https */
  pageProtocol: string
  /** tests give their own */
  fetch?: typeof fetch
}

export class ApiClient {
  private readonly base: ApiBase
  private readonly fetcher: typeof fetch

  constructor(private readonly options: ApiClientOptions) {
    // A bare `fetch` called as a method of this object would lose its `this` (window) in browsers.
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init))
    this.base = new ApiBase(clientConfigUrlOf(options.wsBase), this.fetcher, options.pageProtocol, TIMEOUT_MS)
  }

  /** What the server's client-config.json says (asked once, with the API's address). */
  serverConfig(): Promise<ClientConfig> {
    return this.base.config()
  }

  /**
   * One call; an answer that is not 2xx throws with the API's `{"error"}`.
   *
   * @param path under the API base, starting with `/`, its parts already encoded
   * @param body the JSON body, or undefined for none
   * @throws ApiError when the API cannot be found or reached, or answers other than 2xx
   */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body: string | undefined): Promise<Response> {
    const url = (await this.base.get()) + path
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

/** A JSON answer's body as an object, or an empty one when it is not a JSON object. */
export async function jsonObjectOf(response: Response): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
}
