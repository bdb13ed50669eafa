/**
 * The real kube-apiserver as a bench backend: time to complete snapshot (T2 first rows, T3
 * complete) at the SSE client on the real apiserver, pods created through kwok nodes, beside the
 * simulator's figure from the same run.
 *
 * Why: the simulator is our model of the apiserver; where the two disagree the simulator is wrong.
 * The real apiserver serves LIST pages from its watch cache (or etcd), gzips, and adds
 * managedFields, so its pages cost what a user's cluster costs. Pods are bound to kwok nodes
 * (bench/realPods.ts), no scheduler in the way.
 * Lifecycle: start the realcluster harness (cached binary, ~10–20 s) → create the pods (POSTs,
 * 24 in flight) → wait until a LIST counts them → start the bench server child on the cluster's
 * kubeconfig (after the floor: the same pages fetched and parsed, nothing else) → a small warm-up watch → the all-namespaces pods stream's snapshot → memory of the
 * server and of the apiserver → stop everything (also on error).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startRealCluster } from '../realcluster/launch.ts'
import type { RealCluster } from '../realcluster/launch.ts'
import { spawnChild, waitForLine } from './procs.ts'
import { createPods, realClient, startChurn, startTap } from './realPods.ts'
import { latencyByRv } from './stats.ts'
import { startLoopLag } from './loopLag.ts'
import type { LoopLag } from './loopLag.ts'
import type { LatencySummary } from './stats.ts'
import { measureFloor } from './floor.ts'
import type { FloorResult } from './floor.ts'
import { openStream } from './sseClient.ts'

const ROOT = resolve(import.meta.dirname, '..')
/** kwok nodes: 110 pods per node at 10k (the per-node threshold), enough at 50k for the timing. */
const NODES = 100
/** The admin context of the harness's kubeconfig (realcluster/launch.ts). */
const CONTEXT = 'real-admin'

export interface RealBenchResult extends SyncResult {
  readonly pods: number
  /** Pods created per second (the harness's write path, for scale). */
  readonly createPerS: number
  readonly firstRowsMs?: number
  readonly completeMs?: number
  readonly rows?: number
  readonly bytes?: number
  /** The bench server's RSS after the snapshot, and the apiserver's. */
  readonly serverRssMB?: number
  readonly apiserverRssMB?: number
  /** fetch + JSON.parse of the same LIST pages straight from the real apiserver (bench/floor.ts). */
  readonly floor?: FloorResult
  /** The same sync by WatchList (`PERISCOPE_WATCH_LIST=on`); the fields above are the paged LIST's. */
  readonly watchList?: SyncResult
  /** Churn phases on the real apiserver (T4/T5): label patches, latency at the SSE client. */
  readonly churn?: RealChurnPhase[]
  readonly error?: string
}

/**
 * One churn phase on the real apiserver: merge patches of pod labels at up to `rate`/s; latency of
 * each MODIFIED from a raw watch of the same apiserver in the bench process (the tap) to the
 * product's SSE client, matched by resourceVersion. `achievedPerS` is what the apiserver took.
 */
export interface RealChurnPhase {
  readonly rate: number
  readonly seconds: number
  readonly achievedPerS: number
  readonly writes: number
  readonly failures: number
  readonly latency: LatencySummary
  readonly tapEnded?: string
  /**
   * Worst event-loop delays over the phase and its drain: the product's main process, and this
   * bench process (where the tap and the SSE client both read): a late delta is placed by them.
   */
  readonly productLoop?: LoopLag
  readonly benchLoop?: LoopLag
}

/** One cold sync of every pod through a fresh bench server. */
export interface SyncResult {
  readonly firstRowsMs?: number
  readonly completeMs?: number
  readonly rows?: number
  readonly bytes?: number
  /** The bench server's RSS after the snapshot, and its peak (maxRSS) since start. */
  readonly serverRssMB?: number
  readonly serverPeakMB?: number
  /** The apiserver's RSS after the snapshot, and the highest sampled during the sync (every 100 ms). */
  readonly apiserverRssMB?: number
  readonly apiserverPeakMB?: number
}

/** A fresh bench server (`PERISCOPE_WATCH_LIST=mode`) syncs every pod; the apiserver's RSS is sampled meanwhile. */
async function syncOnce(kubeconfig: string, pods: number, mode: 'on' | 'off', apiserverPid: number | undefined): Promise<SyncResult> {
  const token = `bench-${Math.random().toString(36).slice(2)}`
  const server = spawnChild(
    `server-real-${mode}`,
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', join(ROOT, 'bench/serverProcess.ts'), '--kubeconfig', kubeconfig],
    { ipc: true, cwd: ROOT, env: { ...process.env, PERISCOPE_BENCH_TOKEN: token, PERISCOPE_WATCH_LIST: mode } }
  )
  let peak = 0
  const sampler = setInterval(() => {
    const r = apiserverPid ? rssMB(apiserverPid) : undefined
    if (r !== undefined && r > peak) peak = r
  }, 100)
  try {
    const origin = (await waitForLine(server, /periscope listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000))[1] as string
    const path = `/api/clusters/${CONTEXT}/pods/watch`
    const warm = openStream(origin, token, `${path}?namespace=kube-system`)
    await warm.snapshot(60_000)
    const s = openStream(origin, token, path)
    const t = await s.snapshot(Math.max(60_000, pods * 2))
    warm.close()
    s.close()
    const mem = await server.request<{ rss: number; maxRssKB: number }>({ cmd: 'mem' })
    return {
      firstRowsMs: Math.round((t.snapshotFirstByte ?? t.snapshotDone ?? t.start) - t.start),
      completeMs: Math.round((t.snapshotDone as number) - t.start),
      rows: t.snapshotRows,
      bytes: t.snapshotBytes,
      serverRssMB: Math.round(mem.rss / 1e6),
      serverPeakMB: Math.round(mem.maxRssKB / 1024),
      apiserverRssMB: apiserverPid ? rssMB(apiserverPid) : undefined,
      apiserverPeakMB: peak || undefined
    }
  } finally {
    clearInterval(sampler)
    await server.kill()
  }
}

/** Time for in-flight deltas to reach the SSE client after the churn stops. */
const CHURN_DRAIN_MS = 2_000

/** A bench server in `auto` mode (WatchList on the 1.34 apiserver) streams all pods; churn phases run against it. */
async function churnPhases(
  kubeconfig: string,
  api: { url: string; caPem: string; token: string },
  pods: number,
  phases: readonly { rate: number; seconds: number }[],
  log: (l: string) => void
): Promise<RealChurnPhase[]> {
  const token = `bench-${Math.random().toString(36).slice(2)}`
  const server = spawnChild(
    'server-real-churn',
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', join(ROOT, 'bench/serverProcess.ts'), '--kubeconfig', kubeconfig],
    {
      ipc: true,
      cwd: ROOT,
      env: { ...process.env, PERISCOPE_BENCH_TOKEN: token, PERISCOPE_WATCH_LIST: 'auto' }
    }
  )
  const c = realClient(api)
  const out: RealChurnPhase[] = []
  const benchLag = startLoopLag()
  try {
    const origin = (await waitForLine(server, /periscope listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000))[1] as string
    const s = openStream(origin, token, `/api/clusters/${CONTEXT}/pods/watch`)
    await s.snapshot(Math.max(60_000, pods * 2))
    const head = JSON.parse((await c.call('GET', '/api/v1/pods?limit=1')).body) as { metadata?: { resourceVersion?: string } }
    const tap = startTap(api, head.metadata?.resourceVersion ?? '')
    const churn = startChurn(c, pods, NODES)
    try {
      for (const ph of phases) {
        log(`churn ${ph.rate} ev/s for ${ph.seconds} s…`)
        const w0 = churn.writes
        const f0 = churn.failures
        await server.request({ cmd: 'lag' })
        benchLag()
        const from = performance.timeOrigin + performance.now()
        churn.setRate(ph.rate)
        await new Promise((r) => setTimeout(r, ph.seconds * 1000))
        churn.setRate(0)
        const to = performance.timeOrigin + performance.now()
        await new Promise((r) => setTimeout(r, CHURN_DRAIN_MS))
        const e = tap.emits(from, to + CHURN_DRAIN_MS)
        const productLoop = await server.request<LoopLag>({ cmd: 'lag' })
        out.push({
          rate: ph.rate,
          seconds: ph.seconds,
          achievedPerS: Math.round(e.rvs.length / ((to - from) / 1000)),
          writes: churn.writes - w0,
          failures: churn.failures - f0,
          latency: latencyByRv(e, s.deltas),
          ...(tap.ended ? { tapEnded: tap.ended } : {}),
          productLoop,
          benchLoop: benchLag()
        })
      }
    } finally {
      await churn.stop()
      tap.close()
      s.close()
    }
  } finally {
    c.close()
    await server.kill()
  }
  return out
}

function rssMB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

/** What the real-apiserver bench runs at each size. */
export interface RealBenchOptions {
  /** Churn phases after the syncs (T4 at 500 ev/s, T5 at 5,000); empty = none. */
  readonly phases: readonly { rate: number; seconds: number }[]
}

/**
 * Run the measurement at each of `sizes` pods (ascending) on one cluster: the pods of a size are
 * added to those of the last; never throws (an error is in that size's result, and ends the run).
 */
export async function runRealBench(sizes: readonly number[], o: RealBenchOptions, log: (l: string) => void): Promise<RealBenchResult[]> {
  let cluster: RealCluster | undefined
  const out: RealBenchResult[] = []
  let have = 0
  try {
    log('starting the real cluster…')
    cluster = await startRealCluster({ nodes: NODES, log: (l) => log(`cluster: ${l}`) })
    const api = { url: cluster.url, caPem: cluster.caPem, token: cluster.adminToken }
    for (const pods of sizes) {
      let createPerS = 0
      try {
        const c = realClient(api)
        try {
          createPerS = await createPods(c, have, pods, NODES, log)
          have = pods
          log(`created ${pods} pods (${createPerS}/s)`)
          const end = Date.now() + 120_000
          for (;;) {
            const r = await c.call('GET', '/api/v1/pods?limit=1')
            const left = Number((JSON.parse(r.body) as { metadata?: { remainingItemCount?: number } }).metadata?.remainingItemCount ?? 0)
            if (left + 1 >= pods) break
            if (Date.now() > end) throw new Error(`the apiserver lists ${left + 1} pods of ${pods}`)
            await new Promise((res) => setTimeout(res, 500))
          }
        } finally {
          c.close()
        }
        log(`[${pods}] floor: the LIST pages, fetched and parsed…`)
        const floor = await measureFloor(cluster.kubeconfigPath, pods)
        const apiserver = cluster.processes().find((p) => p.name === 'kube-apiserver')
        // The same sync twice on the same cluster: the paged LIST, then WatchList (watchList.ts).
        const listed = await syncOnce(cluster.kubeconfigPath, pods, 'off', apiserver?.pid)
        const streamed = await syncOnce(cluster.kubeconfigPath, pods, 'on', apiserver?.pid)
        const churn = o.phases.length ? await churnPhases(cluster.kubeconfigPath, api, pods, o.phases, (l) => log(`[${pods}] ${l}`)) : undefined
        out.push({ pods, createPerS, ...listed, floor, watchList: streamed, ...(churn ? { churn } : {}) })
      } catch (e) {
        out.push({ pods, createPerS, error: (e as Error).message.slice(0, 300) })
        break
      }
    }
  } catch (e) {
    out.push({ pods: sizes[out.length] ?? 0, createPerS: 0, error: (e as Error).message.slice(0, 300) })
  } finally {
    await cluster?.stop()
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = (process.argv[2] ?? '10000').split(',').map(Number)
  const phases = process.argv.includes('--churn')
    ? [
        { rate: 500, seconds: 15 },
        { rate: 5000, seconds: 15 }
      ]
    : []
  console.log(JSON.stringify(await runRealBench(sizes, { phases }, (l) => process.stderr.write(`real: ${l}\n`)), null, 2))
}
