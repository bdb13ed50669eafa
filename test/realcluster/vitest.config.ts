// The real-cluster suites (issue #13): a real kube-apiserver, controller-manager, scheduler, etcd and
// kwok on 127.0.0.1. Each file starts its own cluster(s) (~10-20 s each), so they run one file at a
// time (2 cores) and with long bounds. Run: npm run test:realcluster
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/realcluster/**/*.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false
  }
})
