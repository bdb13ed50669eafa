// The differential suite (issue #13): the simulator and a real kube-apiserver answer the same
// requests; every divergence is fixed or allowlisted. One file, one pair of servers, long bounds.
// Run: npm run test:differential (report: test-results/differential-report.txt)
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/differential/**/*.test.ts'],
    // The harness's own unit tests need no servers: they run in the main suite.
    exclude: [...configDefaults.exclude, 'test/differential/**/*.unit.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false
  }
})
