// The whole vitest suite: the app's tests (unit tests beside the sources, integration,
// conformance, fault and hostile suites) and, as a project of its own, the simulator package's.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: [
            'src/**/*.test.ts',
            'src/**/*.test.tsx',
            'test/integration/**/*.test.ts',
            'test/conformance/**/*.test.ts',
            'test/fault/**/*.test.ts',
            'test/hostile/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/differential/**/*.unit.test.ts'
          ],
          environment: 'node'
        }
      },
      'packages/kube-sim'
    ]
  }
})
