/** The landing page's examples with this server's values in place of their placeholders. */

export interface ExampleValues {
  /** the page's origin, `http://127.0.0.1:8080` */
  origin: string
  /** the WebSocket base, `ws://127.0.0.1:8080/ws` */
  wsBase: string
  /** the dev token in dev mode; without one, `JWT` stays */
  token: string | undefined
}

/**
 * @param text an example: `https://THIS_SERVER/...`, `ws://HOST:PORT/ws/...`, `JWT` where a token goes
 */
export function fillExample(text: string, values: ExampleValues): string {
  const filled = text
    .replaceAll('https://THIS_SERVER', values.origin)
    .replaceAll('ws://HOST:PORT/ws', values.wsBase)
  return values.token === undefined ? filled : filled.replace(/\bJWT\b/g, values.token)
}
