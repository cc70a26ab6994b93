import { describe, expect, it } from 'vitest'
import { fillExample } from './landing-examples'

const dev = { origin: 'http://127.0.0.1:8080', wsBase: 'ws://127.0.0.1:8080/ws', token: 'a.b.c' }

describe("the landing page's examples", () => {
  it("take this server's address and, in dev mode, its token", () => {
    expect(fillExample('<script src="https://THIS_SERVER/embed.js"></script>', dev))
      .toBe('<script src="http://127.0.0.1:8080/embed.js"></script>')
    expect(fillExample('ws://HOST:PORT/ws/{workspace}/{card}?token=JWT', dev))
      .toBe('ws://127.0.0.1:8080/ws/{workspace}/{card}?token=a.b.c')
    expect(fillExample('<prompt-card-editor server="https://THIS_SERVER" token="JWT">', dev))
      .toBe('<prompt-card-editor server="http://127.0.0.1:8080" token="a.b.c">')
  })

  it('keep JWT where the server put no dev token', () => {
    expect(fillExample('https://THIS_SERVER/embed/w/{workspace}/c/{card}#token=JWT', { ...dev, token: undefined }))
      .toBe('http://127.0.0.1:8080/embed/w/{workspace}/c/{card}#token=JWT')
  })
})
