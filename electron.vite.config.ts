import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { clientNodeSlim } from './scripts/build/clientNodeSlim.ts'

export default defineConfig({
  main: {
    // client-node is bundled instead of imported from node_modules: its index pulls in ~60 MB of
    // generated API models and costs the main process +60 MB RSS / +25 MB heap at start, measured
    // (bare KubeConfig + applyToHTTPSOptions: 149 MB RSS external, 86–90 MB bundled). We use only
    // KubeConfig, and clientNodeSlim bundles only that (the package declares no sideEffects, so
    // tree-shaking alone keeps all of it: 109 → 90 MB RSS at start, scripts/build/clientNodeSlim.ts).
    // Its own dependencies stay external (packed with it).
    plugins: [clientNodeSlim()],
    build: { externalizeDeps: { exclude: ['@kubernetes/client-node'] } }
  },
  preload: {
    // A sandboxed preload cannot be an ES module: emit one CommonJS file.
    build: { rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } } }
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()]
  }
})
