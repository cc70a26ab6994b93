// The line protocol between a persistence scenario (a Node script) and the JUnit test that runs it
// and owns the server process (it kills, restarts and inspects it between the steps):
//
//   script -> test, stdout:  "@step JSON" when a step is done (anything else is a diagnostic)
//   test -> script, stdin:   one command per line, e.g. "restarted http://127.0.0.1:PORT"
//
// A failed assertion prints its stack to stderr and exits with 1; success exits with 0 (the
// providers would keep the event loop alive).

import { createInterface } from 'node:readline'

const lines = []
const waiting = []
createInterface({ input: process.stdin }).on('line', (line) => {
  const next = waiting.shift()
  if (next) next(line)
  else lines.push(line)
})

/** Tells the test that `step` is done, with `data` (JSON). */
export const report = (step, data = {}) => process.stdout.write(`@${step} ${JSON.stringify(data)}\n`)

/** A diagnostic line for the test's output. */
export const note = (text) => process.stdout.write(`# ${text}\n`)

/** The next command line from the test. */
export const nextCommand = () =>
  lines.length > 0 ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve))

/** Waits for "restarted URL" and returns the server's new http base. */
export const awaitRestart = async () => {
  const line = await nextCommand()
  const match = /^restarted (http:\/\/\S+)$/.exec(line)
  if (!match) throw new Error(`expected "restarted URL" from the test, got "${line}"`)
  return match[1]
}

/** A required environment variable. */
export const env = (name) => {
  const value = process.env[name]
  if (value === undefined || value === '') throw new Error(`${name} is not set (the JUnit test sets it)`)
  return value
}

/** Runs the scenario: exit 0 when it resolves, 1 with the stack on stderr when it throws. */
export const run = (scenario) => {
  scenario().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`FAILED: ${error && error.stack ? error.stack : error}\n`)
      process.exit(1)
    })
}
