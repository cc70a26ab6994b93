// The cross-node reference of `./promptcards bench server` (dev.promptcards.loadtests.server.HocuspocusServer):
// one node of Hocuspocus 3.4.4 (@hocuspocus/server) scaled out with its own Redis extension
// (@hocuspocus/extension-redis 3.4.4, ioredis), as its documentation sets it up: `new Server({ extensions:
// [new Redis({ host, port })] })`. Several such processes on one Redis serve the same documents together.
// No persistence and no authentication hook (every token is accepted), as the single-node reference;
// everything else at Hocuspocus' defaults (debounce 2 s, timeout 30 s, unloadImmediately).
//
// Why 3.4.4: Hocuspocus 4.x declares engines node >= 22, and the bench runs on Node 20.
//
// Run as `HOST=127.0.0.1 PORT=0 REDIS_PORT=N node hocuspocus-server.mjs`. Once listening, one JSON line
// goes to stdout: {"port": N, "versions": {node, "@hocuspocus/server", "@hocuspocus/extension-redis",
// ioredis, yjs}}. SIGTERM / SIGINT stop it.

import { existsSync, readFileSync } from 'node:fs'
import { Server } from '@hocuspocus/server'
import { Redis } from '@hocuspocus/extension-redis'

// read from node_modules directly: these packages' "exports" do not list package.json
const versionOf = (name, within) => {
  const nested = within && new URL(`./node_modules/${within}/node_modules/${name}/package.json`, import.meta.url)
  const file = nested && existsSync(nested) ? nested : new URL(`./node_modules/${name}/package.json`, import.meta.url)
  return JSON.parse(readFileSync(file, 'utf8')).version
}

const host = process.env.HOST || '127.0.0.1'
const port = Number.parseInt(process.env.PORT || '0', 10)
const redisHost = process.env.REDIS_HOST || '127.0.0.1'
const redisPort = Number.parseInt(process.env.REDIS_PORT || '6379', 10)

const server = new Server({
  address: host,
  port,
  quiet: true,
  // the bench stops the process itself (SIGTERM): exit then, as reference-server.mjs does
  stopOnSignals: false,
  extensions: [new Redis({ host: redisHost, port: redisPort })]
})

await server.listen()

const versions = {
  node: process.versions.node,
  '@hocuspocus/server': versionOf('@hocuspocus/server'),
  '@hocuspocus/extension-redis': versionOf('@hocuspocus/extension-redis'),
  ioredis: versionOf('ioredis', '@hocuspocus/extension-redis'),
  yjs: versionOf('yjs')
}
process.stdout.write(JSON.stringify({ port: server.address.port, versions }) + '\n')

const stop = () => {
  server.destroy().finally(() => process.exit(0))
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
