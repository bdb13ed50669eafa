/**
 * One pod count, end to end: simulator → floor → kubectl → server + SSE client → Chromium →
 * shared-watch check → churn phases → memory.
 *
 * Why: every number of one size must come from the same simulator and the same data, with the
 * peer (kubectl) and the floor (JSON.parse) measured in the same run. Each step records an error
 * and goes on where it can, so one failing measurement does not hide the others.
 * Lifecycle: every process started here (sim, server, kubectl, Chromium) is stopped in this
 * function's `finally`, whatever happened.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, waitForRows } from './chromium.ts'
import type { BenchPage } from './chromium.ts'
import { measureFloor } from './floor.ts'
import { startKubectl } from './kubectl.ts'
import { spawnChild, waitForLine } from './procs.ts'
import type { Child } from './procs.ts'
import type { PhaseResult, SizeResult } from './report.ts'
import { epochMs, openStream } from './sseClient.ts'
import { measureOffset } from './clock.ts'
import { FRAME_SHARE_MS } from '../src/main/server/routes/rowFrames.ts'
import type { ClockOffset } from './clock.ts'
import type { SseStream } from './sseClient.ts'
import { latencyByName, latencyByRv, summarize } from './stats.ts'
import type { Emits } from './stats.ts'

const ROOT = resolve(import.meta.dirname, '..')
const CLUSTER = 'periscope-sim'
const PODS_WATCH = `/api/clusters/${CLUSTER}/pods/watch`

export interface ScenarioOptions {
  readonly pods: number
  /** Churn phases: configured events/s and duration. */
  readonly phases: readonly { rate: number; seconds: number }[]
  /** Seconds of 500 ev/s churn while kubectl watches. */
  readonly kubectlSeconds: number
  /** Extra browser views of the pods list for the shared-watch check. */
  readonly extraViews: number
  /** Seconds of fast scrolling in the page while the pods churn at `SCROLL_CHURN` (T9). */
  readonly scrollSeconds: number
  /** Run this with the simulator's kubeconfig while it is up (the exec-plugin check). */
  readonly withSim?: (kubeconfig: string) => Promise<void>
  readonly log: (line: string) => void
  /** The main-process script to run (the bundled bench main, bench/bundleMain.ts); default the sources. */
  readonly mainScript?: string
}

/** Budgets that scale with the pod count: a 150k start takes ~50 s on an idle 2-core VM. */
const budget = (pods: number, perK: number, min: number): number => Math.max(min, Math.round((pods / 1000) * perK))
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
/** Time for in-flight deltas to drain after churn stops, before latencies are read. */
const DRAIN_MS = 2_000
/**
 * Watch history of the simulator: the real apiserver's watch cache grows to 102,400 events
 * (performance-notes §1.4). The simulator's default (10,000) is 2 s at 5,000 ev/s, which turns
 * any reconnect during a storm into a 410 and a relist; the bench models the real apiserver.
 */
const SIM_HISTORY = 102_400
/** T9 scrolls while the pods churn at this rate (performance-notes T9: "scrolling while 500 ev/s"). */
const SCROLL_CHURN = 500
/**
 * Pixels per frame of the fast scroll: ~100 rows of 28 px a frame, a hard fling; at 60 frames/s
 * 30 s crosses a 150k-row table about once, so every frame paints rows it has not painted before.
 */
const SCROLL_PX_PER_FRAME = 2_800

/** `e` with every emit stamp moved by `ms` (onto another process's clock). */
function shiftEmits(e: Emits, ms: number): Emits {
  return ms === 0 ? e : { ...e, times: e.times.map((t) => t + ms) }
}

interface Mem {
  rss: number
  heapUsed: number
  heapTotal: number
}

/** Run the scenario for one pod count. */
export async function runScenario(o: ScenarioOptions): Promise<SizeResult> {
  const r: SizeResult = { pods: o.pods, phases: [], errors: [], clockOffsets: [] }
  const dir = mkdtempSync(join(tmpdir(), 'periscope-bench-'))
  const kubeconfig = join(dir, 'kubeconfig')
  const token = randomBytes(24).toString('base64url')
  const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
    o.log(`${name}…`)
    try {
      await fn()
    } catch (e) {
      r.errors.push(`${name}: ${(e as Error).message}`)
      o.log(`  ${name} failed: ${(e as Error).message}`)
    }
  }
  let sim: Child | undefined
  let server: Child | undefined
  let browser: Browser | undefined
  const streams: SseStream[] = []
  try {
    sim = spawnChild(
      'sim',
      process.execPath,
      ['--max-old-space-size=12288', join(ROOT, 'bench/simProcess.ts'), '--pods', String(o.pods), '--kubeconfig', kubeconfig, '--history', String(SIM_HISTORY)],
      { ipc: true, cwd: ROOT }
    )
    const m = await waitForLine(sim, /sim listening on \S+ \(started in (\d+) ms\)/, budget(o.pods, 1_500, 60_000))
    r.simStartMs = Number(m[1])
    const simChild = sim
    // The simulator stamps emits on its own clock: `emits` asks for a window of the bench's clock
    // and returns the stamps on the bench's clock (bench/clock.ts), the offset kept in the results.
    const simClock = (): Promise<ClockOffset> => measureOffset(() => simChild.request<number>({ cmd: 'clock' }), epochMs)
    const emits = async (from: number, to: number): Promise<Emits> => {
      const c = await simClock()
      r.clockOffsets.push({ of: 'sim', ...c })
      const e = await simChild.request<Emits>({ cmd: 'emits', from: from + c.offsetMs, to: to + c.offsetMs })
      return shiftEmits(e, -c.offsetMs)
    }
    /** A page's stamps (arrivals, commits, long tasks) onto the bench's clock. */
    const pageClock = async (p: BenchPage): Promise<number> => {
      const c = await measureOffset(() => p.clock(), epochMs)
      r.clockOffsets.push({ of: 'page', ...c })
      return c.offsetMs
    }
    const churn = (rate: number): Promise<unknown> => simChild.request({ cmd: 'churn', rate })
    let podCount = (await simChild.request<{ pods: number }>({ cmd: 'mem' })).pods

    await step('floor (fetch + JSON.parse of the list pages)', async () => {
      r.floor = await measureFloor(kubeconfig, o.pods)
    })
    await step('kubectl get pods -A -w', async () => {
      const kc = startKubectl(kubeconfig, podCount)
      try {
        const listMs = await kc.listed(budget(o.pods, 1_000, 60_000))
        r.kubectl = {
          ...(listMs !== undefined ? { listMs } : { error: `list not printed in time: ${kc.stderr().trim().split('\n').at(-1) ?? ''}`.slice(0, 160) }),
          ...(kc.firstAt ? { firstRowMs: kc.firstAt - kc.start } : {})
        }
        if (listMs === undefined) return
        await sleep(500)
        const from = epochMs()
        await churn(500)
        await sleep(o.kubectlSeconds * 1000)
        await churn(0)
        const to = epochMs()
        await sleep(DRAIN_MS)
        r.kubectl.latency = latencyByName(await emits(from, to), kc.lines)
        r.kubectl.rate = 500
      } finally {
        await kc.stop()
      }
    })
    if (o.withSim) await step('exec plugin, 50 watches at once', () => (o.withSim as (k: string) => Promise<void>)(kubeconfig))

    // PERISCOPE_BENCH_MAIN_FLAGS: extra V8 flags for the main process (experiments such as
    // `--max-semi-space-size=2`); empty by default, so the table measures the product as built.
    const startServer = async (): Promise<{ origin: string; mem: () => Promise<Mem> }> => {
      await server?.kill()
      const c = spawnChild(
        'server',
        process.execPath,
        [
          '--expose-gc',
          '--max-old-space-size=4096',
          ...(process.env.PERISCOPE_BENCH_MAIN_FLAGS ?? '').split(' ').filter(Boolean),
          o.mainScript ?? join(ROOT, 'bench/serverProcess.ts'),
          '--kubeconfig',
          kubeconfig,
          '--renderer',
          join(ROOT, 'out/renderer')
        ],
        {
          ipc: true,
          cwd: ROOT,
          env: { ...process.env, PERISCOPE_BENCH_TOKEN: token }
        }
      )
      server = c
      const origin = (await waitForLine(c, /periscope listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000))[1] as string
      return { origin, mem: () => c.request<Mem>({ cmd: 'mem' }) }
    }

    // Server 1: a cold SSE client alone, and the main process's memory per watched object. A
    // small namespaced watch first loads and JITs everything a watch needs (TLS, undici, JSON,
    // projection), so the baseline → after difference is the cost of the objects themselves.
    await step('SSE client snapshot (cold engine) and memory per object', async () => {
      const s1 = await startServer()
      const warm = openStream(s1.origin, token, `${PODS_WATCH}?namespace=kube-system`)
      streams.push(warm)
      await warm.snapshot(60_000)
      const base = await s1.mem()
      const s = openStream(s1.origin, token, PODS_WATCH)
      streams.push(s)
      const t = await s.snapshot(budget(o.pods, 1_000, 60_000))
      r.sse = {
        firstRowsMs: (t.snapshotFirstByte ?? t.snapshotDone ?? t.start) - t.start,
        completeMs: (t.snapshotDone as number) - t.start,
        rows: t.snapshotRows,
        bytes: t.snapshotBytes,
        parseMs: t.snapshotParseMs
      }
      // The steady state: past the window in which joining streams share the encoded snapshot
      // (routes/rowFrames.ts), which otherwise adds the ~660 B/row frame string to the reading.
      await sleep(FRAME_SHARE_MS + 500)
      const after = await s1.mem()
      const rows = t.snapshotRows || 1
      r.memory = {
        rssPerObjectB: Math.round((after.rss - base.rss) / rows),
        heapPerObjectB: Math.round((after.heapUsed - base.heapUsed) / rows),
        rssMB: after.rss / 1e6,
        heapMB: after.heapUsed / 1e6,
        heapTotalMB: after.heapTotal / 1e6,
        baseRssMB: base.rss / 1e6
      }
      for (const x of streams.splice(0)) x.close()
    })

    // Server 2: Chromium first (a cold engine, as when the app opens), then the shared-watch
    // check and the churn phases with the page and a Node SSE client side by side.
    const server2At = Date.now()
    const s2 = await startServer()
    const origin = s2.origin
    const srv = server as unknown as Child
    const mem = s2.mem
    let page: BenchPage | undefined
    await step('Chromium table', async () => {
      // Churn (the kubectl phase) changed the pod count since the start: read it again.
      podCount = (await simChild.request<{ pods: number }>({ cmd: 'mem' })).pods
      browser = await launchBrowser()
      page = await openPage(browser, origin, token)
      const got = await waitForRows(page, podCount, budget(o.pods, 1_000, 60_000))
      if (!got) throw new Error(`the pods table did not reach ${o.pods} rows in time; row counts seen: ${JSON.stringify((await page.rowCounts()).slice(-5))}`)
      const st = await page.streamTimes()
      r.chromium = {
        firstRowsMs: got.first - page.navStart,
        completeMs: got.complete - page.navStart,
        ...(st.esOpened ? { fromStreamOpenMs: got.complete - st.esOpened } : {}),
        ...(st.esOpened && st.snapshot ? { sseInPageMs: st.snapshot - st.esOpened } : {}),
        heapMB: await page.heapMB()
      }
    })

    await step('shared watch with several views', async () => {
      const extra: BenchPage[] = []
      const b = browser
      // One view at a time, as people open windows: three 150k-row snapshots (~95 MB each) sent
      // at once exceed the server's budget of unsent bytes (128 MiB, sse/budget.ts), which then
      // closes the largest; a bench client does not reconnect as the app's EventSource does.
      if (b) {
        for (let i = 0; i < o.extraViews; i++) {
          const p = await openPage(b, origin, token)
          extra.push(p)
          await waitForRows(p, podCount, budget(o.pods, 1_000, 60_000))
        }
      }
      const s2 = openStream(origin, token, PODS_WATCH)
      streams.push(s2)
      await s2.snapshot(budget(o.pods, 1_000, 60_000))
      const w = await srv.request<{ watches: { kind: string; namespace: string; subscribers: number }[] }>({ cmd: 'watches' })
      const reqs = await simChild.request<{ watch: boolean; path: string; continued: boolean; at: number }[]>({ cmd: 'requests' })
      const allNs = reqs.filter((q) => q.path === '/api/v1/pods' && q.at >= server2At)
      const keyWatches = w.watches.filter((x) => x.kind === 'pods' && x.namespace === '')
      r.watches = {
        views: (page ? 1 : 0) + extra.length + streams.length,
        upstreamForKey: keyWatches.length,
        subscribers: keyWatches[0]?.subscribers ?? 0,
        simWatchRequests: 0,
        simLists: 0,
        simListPages: 0
      }
      const product = productRequests(allNs)
      r.watches.simWatchRequests = product.watches
      r.watches.simLists = product.lists
      r.watches.simListPages = product.pages
      for (const p of extra) await p.page.context().close()
    })

    for (const ph of o.phases) {
      await step(`churn ${ph.rate} ev/s for ${ph.seconds} s`, async () => {
        await page?.drain()
        const from = epochMs()
        await churn(ph.rate)
        await sleep(ph.seconds * 1000)
        await churn(0)
        const to = epochMs()
        await sleep(DRAIN_MS)
        const e = await emits(from, to)
        const reqs = await simChild.request<{ watch: boolean; path: string; continued: boolean; at: number; status: number }[]>({ cmd: 'requests' })
        const upstream = productRequests(reqs.filter((q) => q.path === '/api/v1/pods' && q.at >= from))
        const pageOff = page ? await pageClock(page) : 0
        const d = page ? await page.drain() : { recv: new Map<string, number>(), commit: new Map<string, number>() }
        const lts = page ? await page.longTasks() : undefined
        const inPhase = lts?.filter(([t]) => t - pageOff >= from && t - pageOff <= to + DRAIN_MS)
        const onPage = shiftEmits(e, pageOff)
        const sse = streams[0]
        r.phases.push({
          rate: ph.rate,
          seconds: ph.seconds,
          podEventsPerS: Math.round(e.rvs.length / ((to - from) / 1000)),
          sse: sse ? latencyByRv(e, sse.deltas) : summarize(e.rvs.length, []),
          pageRecv: latencyByRv(onPage, d.recv),
          rendered: latencyByRv(onPage, d.commit),
          upstream,
          sseFrames: { ...(sse?.counts ?? {}) },
          ...(inPhase ? { longTasks: inPhase.length, maxLongTaskMs: Math.round(Math.max(0, ...inPhase.map(([, dur]) => dur))) } : {})
        } satisfies PhaseResult)
      })
    }

    if (page && o.scrollSeconds > 0) {
      const p = page
      await step(`fast scroll ${o.scrollSeconds} s at ${SCROLL_CHURN} ev/s`, async () => {
        const from = epochMs()
        await churn(SCROLL_CHURN)
        const { frames, rowsSeen } = await p.scroll(o.scrollSeconds * 1000, SCROLL_PX_PER_FRAME)
        await churn(0)
        const to = epochMs()
        const pageOff = await pageClock(p)
        const lts = (await p.longTasks())?.filter(([t]) => t - pageOff >= from && t - pageOff <= to)
        const sorted = [...frames].sort((a, b) => a - b)
        const q = (f: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0) * 10) / 10
        r.scroll = {
          seconds: o.scrollSeconds,
          churn: SCROLL_CHURN,
          pxPerFrame: SCROLL_PX_PER_FRAME,
          frames: frames.length,
          p50Ms: q(0.5),
          p95Ms: q(0.95),
          p99Ms: q(0.99),
          maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
          rowsSeen,
          ...(lts ? { longTasks: lts.length, maxLongTaskMs: Math.round(Math.max(0, ...lts.map(([, d]) => d))) } : {})
        }
        await sleep(DRAIN_MS)
      })
    }

    r.serverLog = srv.stderr().slice(-3000)
    await step('memory after churn', async () => {
      const after = await mem()
      if (r.memory) r.memory.rssAfterChurnMB = after.rss / 1e6
      if (r.chromium && page) r.chromium.heapAfterChurnMB = await page.heapMB()
      const s = await simChild.request<{ rss: number }>({ cmd: 'mem' })
      r.simRssMB = s.rss / 1e6
    })
  } catch (e) {
    r.errors.push((e as Error).message)
  } finally {
    for (const s of streams) s.close()
    await (browser as Browser | undefined)?.close().catch(() => undefined)
    await server?.kill()
    await sim?.kill()
    rmSync(dir, { recursive: true, force: true })
  }
  return r
}

/** LISTs (first pages), LIST pages and watches among the product's requests. */
function productRequests(reqs: readonly { watch: boolean; continued: boolean }[]): { lists: number; pages: number; watches: number } {
  let lists = 0
  let pages = 0
  let watches = 0
  for (const q of reqs) {
    if (q.watch) watches++
    else {
      pages++
      if (!q.continued) lists++
    }
  }
  return { lists, pages, watches }
}
