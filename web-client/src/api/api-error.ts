/** What went wrong talking to the server's HTTP API, in words the person at the editor can act on. */
export class ApiError extends Error {
  /**
   * @param message what went wrong and what to do (the API's own `{"error"}` when it gave one)
   * @param status the HTTP status, when the API answered
   */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Why a fetch of `url` failed without an answer: it timed out, or the browser could not reach it. */
export function describeFailure(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`
  }
  // Browsers say only "Failed to fetch" / "NetworkError": refused, blocked (CORS, CSP, mixed content) or offline.
  const detail = error instanceof Error && error.message !== '' ? ` (${error.message})` : ''
  return `Could not reach ${url}${detail}.`
}

/**
 * The message of an API answer that is not a success: its `{"error"}` when it has one, else the status.
 * Reads the body; never throws.
 */
export async function errorOf(response: Response): Promise<string> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error : undefined
  if (typeof error === 'string' && error.trim() !== '') return error.trim()
  return `the API answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} without saying why.`
}
