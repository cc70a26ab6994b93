// Polling instead of fixed sleeps: what playwright's expect would do, for conditions of our own.

import { setTimeout as delay } from 'node:timers/promises'

/**
 * Polls `condition` (sync or async) every 50 ms until it returns something truthy, and returns that.
 * Fails after `timeout` ms with `what` and the last value or error, and `explain()` when given.
 */
export const waitFor = async (what, condition, { timeout = 15000, explain } = {}) => {
  const deadline = Date.now() + timeout
  for (;;) {
    let last
    try {
      last = await condition()
      if (last) return last
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      const details = explain ? '\n' + (await explain()) : ''
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})${details}`)
    }
    await delay(50)
  }
}
