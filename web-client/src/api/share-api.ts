/**
 * Share links of one card through the server's HTTP API (`POST .../cards/{card}/share`, README "Share
 * links"): a token minted for a viewer or an editor of this card alone, with the page's token as bearer.
 */
import { ApiClient, type ApiClientOptions, jsonObjectOf } from './api-client'
import { ApiError } from './api-error'

export interface ShareApiOptions extends ApiClientOptions {
  workspace: string
  card: string
}

/** A link the server made. */
export interface SharedLink {
  /** the editor page's path with the token in its fragment, relative to the server's pages */
  url: string
  expiresAt: Date
}

export class ShareApi {
  private readonly client: ApiClient
  private readonly path: string

  constructor(options: ShareApiOptions) {
    this.client = new ApiClient(options)
    this.path = `/workspaces/${encodeURIComponent(options.workspace)}/cards/${encodeURIComponent(options.card)}/share`
  }

  /**
   * @param role what the link lets its holder do
   * @param ttlSeconds how long it works (the server keeps it within the sharer's own token)
   * @throws ApiError saying why there is no link
   */
  async share(role: 'viewer' | 'editor', ttlSeconds: number): Promise<SharedLink> {
    const response = await this.client.call('POST', this.path, JSON.stringify({ role, ttlSeconds }))
    const { url, expiresAt } = await jsonObjectOf(response)
    if (typeof url !== 'string' || typeof expiresAt !== 'string') {
      throw new ApiError(`the API answered ${response.status} without a link`, response.status)
    }
    return { url, expiresAt: new Date(expiresAt) }
  }
}
