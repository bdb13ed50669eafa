// Playwright e2e of the renderer against a headless `serve --demo` (each spec starts its own).
// Debian's Chromium is used (never `playwright install`); one worker, because the machine has
// 2 cores and every spec runs its own server plus simulated cluster.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    viewport: { width: 1360, height: 820 },
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: process.env.PERISCOPE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  }
})
