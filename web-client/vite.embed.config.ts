import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// embed.js: one classic script (IIFE, no imports, styles inside) that any page can load from another
// origin to get <prompt-card-editor>.
export default defineConfig({
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(__dirname, 'target/classes/static'),
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: resolve(__dirname, 'src/embed/embed.ts'),
      formats: ['iife'],
      name: 'PromptcardsEmbed',
      fileName: () => 'embed.js',
    },
  },
})
