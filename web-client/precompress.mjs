// Writes FILE.br and FILE.gz beside each compressible file of the build (the server sends one of them to a
// browser that accepts it: server/.../net/StaticFileHandler, ContentCoding). Node's own zlib, no dependency.
//
//   node precompress.mjs DIR
//
// Not the HTML pages: the server replaces their placeholders on each request. Not small files (a coded copy
// of a few hundred bytes saves nothing worth a file), nor a copy that is not smaller.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const COMPRESSIBLE = /\.(js|mjs|css|json|map|svg|txt|wasm)$/
const MIN_BYTES = 1024

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node precompress.mjs DIR')
  process.exit(2)
}

const files = (folder) => readdirSync(folder).flatMap((name) => {
  const path = join(folder, name)
  return statSync(path).isDirectory() ? files(path) : [path]
})

const all = files(dir)
let written = 0
for (const path of all) {
  if (/\.(br|gz)$/.test(path)) {
    // left by an earlier build of a file gone since (embed.js's build does not empty the folder)
    if (!all.includes(path.replace(/\.(br|gz)$/, ''))) rmSync(path)
    continue
  }
  if (!COMPRESSIBLE.test(path)) continue
  const content = readFileSync(path)
  if (content.length < MIN_BYTES) continue
  const coded = {
    br: brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gz: gzipSync(content, { level: 9 }),
  }
  for (const [suffix, bytes] of Object.entries(coded)) {
    if (bytes.length < content.length) {
      writeFileSync(`${path}.${suffix}`, bytes)
      written++
    } else {
      rmSync(`${path}.${suffix}`, { force: true })
    }
  }
}
console.log(`precompress: ${written} .br and .gz files in ${dir}`)
