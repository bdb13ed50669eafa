// The packaging smoke tests run on its own (`npm run package:smoke`): it builds the app and packs
// it with electron-builder (~10–20 s), so it stays out of the default unit/integration run.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/packaging/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // Both files run `electron-vite build` into out/: one at a time.
    fileParallelism: false
  }
})
