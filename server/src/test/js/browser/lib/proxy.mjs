// A TCP proxy in front of the server, to take one browser offline: its page is loaded through the
// proxy's port, so the page's WebSocket (URL derived from location.host) goes through it too.

import { createConnection, createServer } from 'node:net'

/**
 * Starts a proxy on a free loopback port forwarding to 127.0.0.1:`targetPort`.
 * `cut()` destroys every open connection and every new one until `restore()`.
 *
 * @returns {Promise<{port: number, url: string, cut: () => void, restore: () => void, close: () => Promise<void>}>}
 */
export const startProxy = async (targetPort) => {
  const sockets = new Set()
  let offline = false
  const track = (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    track(client)
    if (offline) {
      client.destroy()
      return
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    track(upstream)
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()
  const cut = () => {
    offline = true
    for (const socket of sockets) socket.destroy()
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut,
    restore: () => { offline = false },
    close: () => {
      cut()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}
