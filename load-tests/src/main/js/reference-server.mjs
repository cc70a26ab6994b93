// The reference side of `./promptcards bench server` (dev.promptcards.loadtests.server.ReferenceServer):
// the Node y-websocket server, @y/websocket-server 0.1.1 with Yjs 13.6.33, started exactly as its own
// bin (node_modules/@y/websocket-server/src/server.js) starts it: a `ws` WebSocket.Server without a
// server of its own, upgrades of a node http server handed to it, and every connection given to the
// package's setupWSConnection (the room is the URL's path, as in ours; the token in the query is
// ignored: the reference has no authentication). No persistence (YPERSISTENCE unset), gc on.
//
// Run as `HOST=127.0.0.1 PORT=0 node --expose-gc reference-server.mjs`. What the bin does not have:
//   - PORT=0 picks a free port; once listening, one JSON line goes to stdout:
//     {"port": N, "versions": {node, "@y/websocket-server", yjs, "y-protocols", lib0, ws}}
//   - GET /bench/memory collects garbage (global.gc(), as crdt-bench.mjs does) and answers
//     process.memoryUsage() as JSON: the benchmark's heap figure, like `jcmd GC.run` on our server.
// Every other HTTP request is answered 'okay', as the bin does.

import http from 'node:http'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import WebSocket from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'

const require = createRequire(import.meta.url)
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version

const collectGarbage = () => {
  if (typeof global.gc !== 'function') return
  let before = Infinity
  for (let i = 0; i < 10; i++) {
    global.gc()
    const used = process.memoryUsage().heapUsed
    if (i >= 2 && used >= before) break
    before = used
  }
}

const wss = new WebSocket.Server({ noServer: true })
const host = process.env.HOST || 'localhost'
const port = Number.parseInt(process.env.PORT || '1234', 10)

const server = http.createServer((request, response) => {
  if (request.url === '/bench/memory') {
    collectGarbage()
    response.writeHead(200, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify(process.memoryUsage()))
    return
  }
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})

wss.on('connection', setupWSConnection)

server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, ws => {
    wss.emit('connection', ws, request)
  })
})

server.listen(port, host, () => {
  const versions = {
    node: process.versions.node,
    '@y/websocket-server': versionOf('@y/websocket-server'),
    yjs: versionOf('yjs'),
    'y-protocols': versionOf('y-protocols'),
    lib0: versionOf('lib0'),
    ws: versionOf('ws')
  }
  process.stdout.write(JSON.stringify({ port: server.address().port, versions }) + '\n')
})

const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
