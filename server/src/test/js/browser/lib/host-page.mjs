// Pages of a third-party site (another origin: another port) that embed a card: with the
// <prompt-card-editor> widget, with an <iframe>, and the same host page without the widget as the
// baseline. The host's styles are aggressive on purpose: without isolation they would reach into
// the widget, and the widget's styles must not reach the host's own elements.

import { createServer } from 'node:http'

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const hostStyles = `
  * { font-family: serif !important; }
  .cm-content, .cm-editor, button { background: rgb(255, 0, 0) !important; }
  body { color: rgb(0, 0, 128); margin: 16px; }
  .host-text { font-size: 17px; line-height: 25px; color: rgb(0, 128, 0); margin: 12px 0; padding: 0; }
`

const page = (title, body, head = '') => `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>${hostStyles}</style>${head}</head>
<body><h1>${escape(title)}</h1><p class="host-text">Text of the host page, styled by the host.</p>
${body}
</body></html>`

/**
 * Serves the host pages on a free loopback port. Card pages take `?workspace=&card=&token=`.
 *
 * @param {string} serverUrl the promptcards server, e.g. http://127.0.0.1:8080
 */
export const startHostPages = async (serverUrl) => {
  const routes = {
    '/widget': (q) => page('Host page with the widget',
      `<prompt-card-editor server="${escape(serverUrl)}" workspace="${escape(q.get('workspace'))}"` +
        ` card="${escape(q.get('card'))}" token="${escape(q.get('token'))}"></prompt-card-editor>`,
      `<script src="${escape(serverUrl)}/embed.js"></script>`),
    '/baseline': () => page('Host page with the widget', ''),
    '/iframe': (q) => page('Host page with an iframe',
      `<iframe style="width: 100%; height: 700px" src="${escape(serverUrl)}/embed/w/` +
        `${encodeURIComponent(q.get('workspace'))}/c/${encodeURIComponent(q.get('card'))}` +
        `#token=${escape(q.get('token'))}"></iframe>`)
  }
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://host')
    const route = routes[url.pathname]
    response.writeHead(route ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    response.end(route ? route(url.searchParams) : 'not found')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`
  const cardQuery = ({ workspace, card, token }) => '?' + new URLSearchParams({ workspace, card, token })
  return {
    widgetUrl: (card) => base + '/widget' + cardQuery(card),
    iframeUrl: (card) => base + '/iframe' + cardQuery(card),
    baselineUrl: () => base + '/baseline',
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}
