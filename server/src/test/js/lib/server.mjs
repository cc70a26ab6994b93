// Where the server under test is: StockYjsClientsTest starts a real `promptcards serve` process
// and passes its address and JWT secret in the environment.

const required = (name) => {
  const value = process.env[name]
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: these tests run against a real server started by` +
      ' StockYjsClientsTest (server/src/test/java/dev/promptcards/server/e2e). To run them by hand:' +
      ' start `./promptcards serve --jwt-secret SECRET` and run' +
      ' `SERVER_URL=http://127.0.0.1:8080 JWT_SECRET=SECRET node --test *.test.mjs`.')
  }
  return value
}

/** The server's HTTP base URL, e.g. http://127.0.0.1:8080 (no trailing slash). */
export const serverUrl = required('SERVER_URL').replace(/\/+$/, '')

/** The base of WebSocket URLs: ws://HOST:PORT/ws; a card is ${wsBase}/{workspace}/{card}. */
export const wsBase = serverUrl.replace(/^http/, 'ws') + '/ws'

/** The HS256 secret the server verifies tokens with. */
export const jwtSecret = required('JWT_SECRET')

const optionalInt = (name, fallback) => {
  const value = process.env[name]
  return value === undefined || value === '' ? fallback : Number.parseInt(value, 10)
}

/**
 * The limits the server was started with (StockYjsClientsTest passes them to both); the defaults
 * are Limits.defaults().
 */
export const limits = {
  maxFrameBytes: optionalInt('MAX_FRAME_BYTES', 4 * 1024 * 1024),
  maxCardBytes: optionalInt('MAX_CARD_BYTES', 32 * 1024 * 1024),
  messageBurst: optionalInt('MESSAGE_BURST', 600),
  handshakeTimeoutMs: optionalInt('HANDSHAKE_TIMEOUT_MS', 10000)
}
