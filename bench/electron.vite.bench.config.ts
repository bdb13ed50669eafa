/**
 * electron-vite config of the bench's bundled main (bench/bundleMain.ts): the product's main
 * build settings (electron.vite.config.ts), with `bench/serverProcess.ts` as the entry and
 * out/bench-main as the output; no preload, no renderer.
 */
import { defineConfig } from 'electron-vite'
import product from '../electron.vite.config.ts'

const main = (product as { main?: { build?: Record<string, unknown> } }).main ?? {}

export default defineConfig({
  main: {
    ...main,
    build: {
      ...main.build,
      outDir: 'out/bench-main',
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: { serverProcess: 'bench/serverProcess.ts' } }
    }
  }
})
