/**
 * Why saving takes long: while this browser has changes the server has not confirmed although the
 * connection is up, asks the server's `/readyz` every few seconds whether its database stores. The
 * server keeps serving while its database is away and confirms (echoes) changes only once they are
 * stored, so without this the page would say "Saving…" with no reason.
 */

/** How long saving may take before the server is asked, and how often it is asked again. */
const CHECK_INTERVAL_MS = 3000

/** `http(s)://host:port/readyz` of the server whose WebSocket base is `ws(s)://host:port/ws`. */
export function readinessUrlOf(wsBase: string): string {
  return wsBase.replace(/^ws/, 'http').replace(/\/ws\/*$/, '') + '/readyz'
}

export class StorageWatch {
  private timer: ReturnType<typeof setTimeout> | undefined
  private watching = false

  /**
   * @param url the server's readiness URL
   * @param report told whether the server says its database is not storing (true) or all is well
   */
  constructor(
    private readonly url: string,
    private readonly report: (storageDown: boolean) => void,
  ) {}

  /** Whether changes wait for their confirmation on a live connection: starts or stops the checks. */
  waiting(waiting: boolean): void {
    if (waiting === this.watching) return
    this.watching = waiting
    if (waiting) {
      this.schedule()
    } else {
      if (this.timer !== undefined) clearTimeout(this.timer)
      this.timer = undefined
      this.report(false)
    }
  }

  destroy(): void {
    this.watching = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.check(), CHECK_INTERVAL_MS)
  }

  private async check(): Promise<void> {
    let down = false
    try {
      const response = await fetch(this.url, { cache: 'no-store' })
      down = response.status === 503 && (await response.text()).includes('database')
    } catch {
      // the server is unreachable: the connection's own state says so
    }
    if (!this.watching) return
    this.report(down)
    this.schedule()
  }
}
