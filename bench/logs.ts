/**
 * The log benchmark (spec §10: "≥ 5,000 lines/s followed with no long task; write-to-screen p99
 * ≤ 150 ms"), and the renderer's heap holding 100,000 lines.
 *
 * Why in-process: the simulator writes, the local server streams and Chromium renders; the
 * measured process is the renderer, so the simulator and server run here (a deployment whose pods
 * log at a chosen rate, set by the simulator's per-pod rate annotation).
 * Measures: lines/s the window received while following the deployment, long tasks over 50 ms in
 * that window, the delay from each batch's last line's time (when the simulated container wrote
 * it) to two animation frames after its frame arrived (the line is on screen), and the JS heap
 * once the viewer's buffer holds 100,000 lines.
 */
import { startSim, LOG_RATE_ANNOTATION } from '@periscope/kube-sim'
import type { Browser } from 'playwright-core'
import { composeBackend } from '../src/main/backend/composeBackend.ts'
import { quantile } from './stats.ts'

export interface LogBenchResult {
  readonly targetLinesPerS: number
  readonly linesPerS: number
  readonly longTasksOver50: number
  readonly delayP50Ms: number
  readonly delayP99Ms: number
  readonly linesHeld: number
  readonly heapMB: number
}

const INIT = `(() => {
  const B = { lines: [], delays: [], longtasks: [] };
  window.__logBench = B;
  const Orig = window.EventSource;
  window.EventSource = class extends Orig {
    constructor(url, init) {
      super(url, init);
      if (!String(url).includes('/logs')) return;
      this.addEventListener('lines', (e) => {
        const d = JSON.parse(e.data); const n = d.lines.length; const t = d.lines[n - 1].t;
        const at = Date.parse(t.slice(0, 23) + 'Z');
        B.lines.push([Date.now(), n]);
        requestAnimationFrame(() => requestAnimationFrame(() => B.delays.push(Date.now() - at)));
      });
    }
  };
  new PerformanceObserver((l) => { for (const x of l.getEntries()) B.longtasks.push([performance.timeOrigin + x.startTime, x.duration]); }).observe({ type: 'longtask', buffered: true });
})()`

/** Run the log benchmark: `pods` pods each logging `perPod` lines/s, followed for `seconds`. */
export async function runLogBench(
  browser: Browser,
  opts: { pods: number; perPod: number; seconds: number; rendererDir: string; log: (l: string) => void }
): Promise<LogBenchResult> {
  const sim = await startSim({ pods: 100, seed: 5, logRate: 1 })
  const backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'bench' }) },
    cacheDir: null,
    token: 'bench-logs-token-0123456789',
    actor: 'bench',
    version: 'bench',
    port: 0,
    rendererDir: opts.rendererDir,
    log: () => undefined
  })
  try {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench-logs', namespace: 'default' },
      spec: {
        replicas: opts.pods,
        selector: { matchLabels: { app: 'bench-logs' } },
        template: {
          metadata: { labels: { app: 'bench-logs' }, annotations: { [LOG_RATE_ANNOTATION]: String(opts.perPod) } },
          spec: { containers: [{ name: 'app', image: 'bench/json-app:1' }] }
        }
      }
    }
    // Through the store, as a write of the API would land (the controllers and kubelet then run its pods).
    sim.store.create('deployments', dep as never)
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 820 } })
    const page = await ctx.newPage()
    await page.addInitScript({ content: INIT })
    await page.goto(`${backend.server.origin}/?token=bench-logs-token-0123456789`)
    await page.getByRole('button', { name: 'Deployments', exact: true }).click()
    await page.locator('section.list-view[data-kind="deployments"]').getByLabel('Filter rows').fill('bench-logs')
    const row = page.locator('[role="row"][data-name="bench-logs"]')
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    await page.keyboard.press('l')
    await page.getByTestId('log-health').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 })
    await page.waitForTimeout(3_000)
    const t0 = Date.now()
    await page.waitForTimeout(opts.seconds * 1000)
    const t1 = Date.now()
    const B = (await page.evaluate('window.__logBench')) as { lines: [number, number][]; delays: number[]; longtasks: [number, number][] }
    const got = B.lines.filter(([t]) => t >= t0 && t <= t1).reduce((a, [, n]) => a + n, 0)
    const delays = B.delays.slice(Math.floor(B.delays.length / 4)).sort((a, b) => a - b)
    const longTasks = B.longtasks.filter(([t, d]) => t >= t0 && t <= t1 && d > 50).length
    // Fill the buffer to its 100,000 lines, then weigh the heap.
    const deadline = Date.now() + 60_000
    let held = 0
    while (Date.now() < deadline) {
      held = Number(((await page.getByTestId('log-count').textContent()) ?? '0').replace(/[^\d]/g, ''))
      if (held >= 100_000) break
      await page.waitForTimeout(1_000)
    }
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6
    await ctx.close()
    opts.log(
      `logs: ${Math.round(got / ((t1 - t0) / 1000))} lines/s, ${longTasks} long tasks, delay p99 ${quantile(delays, 0.99)} ms, ${held} lines held, heap ${heap.toFixed(1)} MB`
    )
    return {
      targetLinesPerS: opts.pods * opts.perPod,
      linesPerS: Math.round(got / ((t1 - t0) / 1000)),
      longTasksOver50: longTasks,
      delayP50Ms: quantile(delays, 0.5) ?? -1,
      delayP99Ms: quantile(delays, 0.99) ?? -1,
      linesHeld: held,
      heapMB: Math.round(heap * 10) / 10
    }
  } finally {
    await backend.close().catch(() => undefined)
    await sim.stop()
  }
}
