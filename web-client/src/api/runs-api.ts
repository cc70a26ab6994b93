/**
 * The runs of one card through the server's HTTP API (ARCHITECTURE.md "The HTTP API"): start a run
 * (`POST .../runs`, answered 202 at once; the run then appears in the card's `runs` and streams in)
 * and cancel one (`DELETE .../runs/{id}`), with the bearer token the editor connects with.
 */
import { ApiClient, type ApiClientOptions, jsonObjectOf } from './api-client'
import { ApiError } from './api-error'

export interface RunsApiOptions extends ApiClientOptions {
  workspace: string
  card: string
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
  private readonly client: ApiClient
  private readonly runsPath: string

  constructor(options: RunsApiOptions) {
    this.client = new ApiClient(options)
    this.runsPath = `/workspaces/${encodeURIComponent(options.workspace)}/cards/${encodeURIComponent(options.card)}/runs`
  }

  /** The model providers the server's runner can call, or undefined when the server does not say or cannot be asked. */
  async providers(): Promise<string[] | undefined> {
    try {
      return (await this.client.serverConfig()).providers
    } catch {
      return undefined
    }
  }

  /**
   * Starts a run of the card's tests.
   *
   * @throws ApiError saying why it did not start
   */
  async start(body: RunRequestBody = {}): Promise<QueuedRun> {
    const response = await this.client.call('POST', this.runsPath, JSON.stringify(body))
    const { id, status } = await jsonObjectOf(response)
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
    await this.client.call('DELETE', `${this.runsPath}/${encodeURIComponent(runId)}`, undefined)
  }
}
