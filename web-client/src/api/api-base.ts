/**
 * Where the server's HTTP API is: the server's WebSocket listener answers `GET /client-config.json`
 * with `{"apiUrl": "http(s)://host:apiPort/api/v1", "providers": ["echo", "ollama", ...]}` (the API has its
 * own port; the providers are those its runner can call), so the page and the widget only need the server
 * they already connect to.
 */
import { ApiError, describeFailure } from './api-error'

/** `http(s)://host:port/client-config.json` of the server whose WebSocket base is `ws(s)://host:port/ws`. */
export function clientConfigUrlOf(wsBase: string): string {
  return wsBase.replace(/^ws/, 'http').replace(/\/ws\/*$/, '') + '/client-config.json'
}

/**
 * The API base URL from a client-config.json body, without a trailing slash; on an `https:` page an
 * `http:` API is asked over `https:` (a proxy terminating TLS in front of the server: the browser would
 * block plain HTTP from the page as mixed content).
 *
 * @throws ApiError when the body has no usable `apiUrl`
 */
export function apiUrlOf(body: unknown, configUrl: string, pageProtocol: string): string {
  const apiUrl = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).apiUrl : undefined
  let url: URL
  try {
    if (typeof apiUrl !== 'string') throw new TypeError('no apiUrl')
    url = new URL(apiUrl)
  } catch {
    throw new ApiError(`${configUrl} does not name the server's API (it should answer {"apiUrl": "http://host:port/api/v1"}): is this a promptcards server with the runs API?`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(`${configUrl} names an API that is not http(s): ${apiUrl}.`)
  }
  if (pageProtocol === 'https:') url.protocol = 'https:'
  return url.href.replace(/\/+$/, '')
}

/**
 * The model providers a client-config.json body says the server's runner can call, or undefined when it
 * does not say (an older server).
 */
export function providersOf(body: unknown): string[] | undefined {
  const providers = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).providers : undefined
  if (!Array.isArray(providers)) return undefined
  return providers.filter((name): name is string => typeof name === 'string' && /^[a-z0-9_-]{1,40}$/i.test(name))
}

/** What client-config.json says, read. */
export interface ClientConfig {
  apiUrl: string
  providers: string[] | undefined
}

/**
 * Asks the server once where its API is and remembers the answer; a failed lookup is tried again on the
 * next call (the server may have been restarting).
 */
export class ApiBase {
  private pending: Promise<ClientConfig> | undefined

  constructor(
    private readonly configUrl: string,
    private readonly fetcher: typeof fetch,
    private readonly pageProtocol: string,
    private readonly timeoutMs: number,
  ) {}

  /** The API's base URL. */
  async get(): Promise<string> {
    return (await this.config()).apiUrl
  }

  /** Everything client-config.json says. */
  config(): Promise<ClientConfig> {
    if (this.pending === undefined) {
      const lookup = this.lookUp()
      this.pending = lookup
      lookup.catch(() => {
        if (this.pending === lookup) this.pending = undefined
      })
    }
    return this.pending
  }

  private async lookUp(): Promise<ClientConfig> {
    let response: Response
    try {
      response = await this.fetcher(this.configUrl, { cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (error) {
      throw new ApiError(`${describeFailure(error, this.configUrl, this.timeoutMs)} Is the server up?`)
    }
    if (!response.ok) {
      throw new ApiError(`${this.configUrl} answered ${response.status}: this server does not say where its API is (a server without the runs API?).`, response.status)
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new ApiError(`${this.configUrl} did not answer JSON: this server does not say where its API is.`)
    }
    return { apiUrl: apiUrlOf(body, this.configUrl, this.pageProtocol), providers: providersOf(body) }
  }
}
