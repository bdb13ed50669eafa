import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    // client-node is bundled (tree-shaken) instead of imported from node_modules: its index pulls
    // in ~60 MB of generated API models and costs the main process +60 MB RSS / +25 MB heap at
    // start, measured (bare KubeConfig + applyToHTTPSOptions: 149 MB RSS external, 86–90 MB
    // bundled). We use only KubeConfig. Its own dependencies stay external (packed with it).
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
