// The simulator's own test project (unit tests beside its sources); the root config runs it as
// one of its projects, and `npm test -w @periscope/kube-sim` runs it alone.
import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'kube-sim',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})
