/** A value that tells its subscribers when it changes. */
export class Value<T> {
  private readonly listeners = new Set<(value: T) => void>()

  constructor(private current: T, private readonly equals: (a: T, b: T) => boolean = Object.is) {}

  get(): T {
    return this.current
  }

  set(value: T): void {
    if (this.equals(this.current, value)) return
    this.current = value
    for (const listener of [...this.listeners]) listener(value)
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener)
    listener(this.current)
    return () => this.listeners.delete(listener)
  }
}

export const sameList = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, index) => Object.is(item, b[index]))
