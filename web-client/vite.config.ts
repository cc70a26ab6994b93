import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// The pages (landing; the card editor, also its iframe form; a workspace's cards), built into the server module's classpath folder
// static/ of this module's jar (target/classes/static), which the server serves. embed.js is built
// by vite.embed.config.ts into the same folder.
export default defineConfig({
  root: resolve(__dirname, 'src'),
  base: '/',
  build: {
    outDir: resolve(__dirname, 'target/classes/static'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'src/index.html'),
        editor: resolve(__dirname, 'src/editor.html'),
        workspace: resolve(__dirname, 'src/workspace.html'),
      },
    },
  },
  test: {
    root: __dirname,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
