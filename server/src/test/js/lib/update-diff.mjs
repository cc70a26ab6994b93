// Explains how two Yjs updates differ, struct by struct, for failure messages.

import * as Y from 'yjs'

const describeContent = (content) => {
  const kind = content.constructor.name
  if (kind === 'ContentType') return `${kind}(${content.type.constructor.name})`
  if (kind === 'ContentDeleted') return `${kind}(${content.len})`
  if (kind === 'ContentFormat') return `${kind}(${content.key}=${JSON.stringify(content.value)})`
  return `${kind}(${JSON.stringify(content.getContent())})`
}

const id = (value) => (value === null ? '-' : typeof value === 'string' ? value : `${value.client}:${value.clock}`)

/** One line per struct and one per deleted range of a v1 update. */
export const describeUpdate = (update) => {
  const { structs, ds } = Y.decodeUpdate(update)
  const lines = structs.map((s) => {
    const head = `${s.constructor.name} ${s.id.client}:${s.id.clock} len ${s.length}`
    if (s.constructor.name !== 'Item') return head
    return `${head} origin ${id(s.origin)} rightOrigin ${id(s.rightOrigin)} parent ${id(s.parent)}` +
      (s.parentSub === null ? '' : ` key ${s.parentSub}`) + ` ${describeContent(s.content)}`
  })
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) lines.push(`deleted ${client}:${range.clock} len ${range.len}`)
  }
  return lines
}

/** The lines of `a` missing from `b` and the other way round (at most `limit` of each). */
export const diffUpdates = (a, b, limit = 15) => {
  const linesA = describeUpdate(a)
  const linesB = describeUpdate(b)
  const setA = new Set(linesA)
  const setB = new Set(linesB)
  const onlyA = linesA.filter((l) => !setB.has(l))
  const onlyB = linesB.filter((l) => !setA.has(l))
  return `only in the first (${onlyA.length}):\n  ${onlyA.slice(0, limit).join('\n  ')}\n` +
    `only in the second (${onlyB.length}):\n  ${onlyB.slice(0, limit).join('\n  ')}`
}
