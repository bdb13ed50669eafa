/**
 * The breadth rows of the bench (issue 21 item 6): B1 300 quiet upstream watches (10 simulated
 * clusters × 30 kinds) with the main process's idle CPU and memory; B2 `serve --demo` start to
 * first rows; B3 an apiserver restart under N pods converged (relisted, rows equal to the new
 * server's) within 10 s.
 *
 * Why: a viewer that is fast on one big list can still be heavy with many small ones, slow to
 * open, or slow to recover; each of these is one number against a target.
 * Lifecycle: each row starts what it needs (simulators in this process, the product in a child
 * or in-process for B3), measures, and stops everything before the next row (also on error).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parse, stringify } from 'yaml'
import { makeTls, startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { composeBackend } from '../src/main/backend/composeBackend.ts'
import { KIND_IDS } from '../src/shared/kinds/registry.ts'
import type { RowDto } from '../src/shared/dto/row.ts'
import { spawnChild, waitForLine } from './procs.ts'

const ROOT = resolve(import.meta.dirname, '..')

export interface BreadthResult {
  idle?: { clusters: number; kinds: number; watches: number; syncMs: number; cpuPct: number; windowS: number; rssMB: number; heapMB: number; error?: string }
  demoStart?: { firstRowsMs: number; listeningMs: number; rows: number; error?: string }
  restart?: { pods: number; convergedMs: number; rows: number; error?: string }
}

type KubeconfigDoc = { clusters: { name: string }[]; users: { name: string }[]; contexts: { name: string; context: { cluster: string; user: string } }[] }

/** One kubeconfig with a context per sim (`sim-0` …), cluster and user names made unique. */
function mergedKubeconfig(sims: readonly Sim[]): string {
  const out: KubeconfigDoc & Record<string, unknown> = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': 'sim-0' }
  sims.forEach((s, i) => {
    const doc = parse(s.kubeconfig({ context: `sim-${i}` })) as KubeconfigDoc
    for (const c of doc.clusters) out.clusters.push({ ...c, name: `${c.name}-${i}` })
    for (const u of doc.users) out.users.push({ ...u, name: `${u.name}-${i}` })
    for (const c of doc.contexts) out.contexts.push({ ...c, context: { ...c.context, cluster: `${c.context.cluster}-${i}`, user: `${c.context.user}-${i}` } })
  })
  return stringify(out)
}

/** B1: `clusters` quiet simulators × the first `kinds` kinds, watched by one main process. */
export async function measureIdleWatches(o: {
  clusters: number
  kinds: number
  windowS: number
  mainScript?: string
  log: (l: string) => void
}): Promise<BreadthResult['idle']> {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-breadth-'))
  const sims: Sim[] = []
  const kinds = KIND_IDS.slice(0, o.kinds)
  try {
    for (let i = 0; i < o.clusters; i++) sims.push(await startSim({ pods: 100, churn: 0, seed: 10 + i, port: 0 }))
    const kc = join(dir, 'kubeconfig')
    writeFileSync(kc, mergedKubeconfig(sims), { mode: 0o600 })
    const child = spawnChild(
      'breadth',
      process.execPath,
      ['--expose-gc', join(ROOT, 'bench/breadthProcess.ts'), '--kubeconfig', kc, '--kinds', kinds.join(',')],
      {
        cwd: ROOT,
        ipc: true
      }
    )
    try {
      const m = await waitForLine(child, /(synced \d+ in (\d+) ms|failed .*)/, 120_000)
      if (m[0].startsWith('failed')) throw new Error(m[0])
      const syncMs = Number(m[2])
      o.log(`B1 ${sims.length} clusters × ${kinds.length} kinds synced in ${syncMs} ms; idle window ${o.windowS} s`)
      // Let the initial burst (GC, timers armed at sync) settle before the idle window.
      await new Promise((r) => setTimeout(r, 3_000))
      const r = await child.request<{ cpuPct: number; rssMB: number; heapMB: number; watches: number }>(
        { cmd: 'idle', seconds: o.windowS },
        (o.windowS + 30) * 1000
      )
      return { clusters: sims.length, kinds: kinds.length, watches: r.watches, syncMs, cpuPct: r.cpuPct, windowS: o.windowS, rssMB: r.rssMB, heapMB: r.heapMB }
    } finally {
      await child.kill()
    }
  } finally {
    await Promise.all(sims.map((s) => s.stop()))
    rmSync(dir, { recursive: true, force: true })
  }
}

/** B2: spawn `serve --demo` (its own demo simulator) and time the first pod rows of the polled list. */
export async function measureDemoStart(log: (l: string) => void): Promise<BreadthResult['demoStart']> {
  const token = 'breadth-demo-token-0123456789abcdef'
  const dir = mkdtempSync(join(tmpdir(), 'periscope-demo-start-'))
  const t0 = performance.now()
  const args = [join(ROOT, 'src/main/cli/serve.ts'), '--demo', '--port', '0', '--settings', join(dir, 'settings.json'), '--cache-dir', join(dir, 'cache')]
  const child = spawnChild('serve-demo', process.execPath, args, { cwd: ROOT, env: { ...process.env, PERISCOPE_TOKEN: token, PERISCOPE_WATCH_STREAMS: '' } })
  try {
    const m = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000)
    const listeningMs = performance.now() - t0
    const origin = m[1]
    for (;;) {
      const res = await fetch(`${origin}/api/clusters`, { headers: { Authorization: `Bearer ${token}` } })
      const clusters = (await res.json()) as { id: string }[]
      const id = clusters[0]?.id
      if (id) {
        const r = await fetch(`${origin}/api/clusters/${encodeURIComponent(id)}/pods`, { headers: { Authorization: `Bearer ${token}` } })
        if (r.status === 200) {
          const list = (await r.json()) as { items: RowDto[] }
          if (list.items.length > 0) {
            const firstRowsMs = performance.now() - t0
            log(`B2 serve --demo: listening after ${Math.round(listeningMs)} ms, ${list.items.length} pod rows after ${Math.round(firstRowsMs)} ms`)
            return { firstRowsMs, listeningMs, rows: list.items.length }
          }
        }
      }
      if (performance.now() - t0 > 60_000) throw new Error('no pod rows within 60 s')
      await new Promise((r) => setTimeout(r, 25))
    }
  } finally {
    await child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * B3: an engine synced on `pods` pods; the apiserver stops and a new one (same port, CA, token;
 * regenerated store: every resourceVersion is new) starts. Converged = the subscriber's rows are
 * the new server's (same uids, same resourceVersions), timed from the new server's first answer.
 */
export async function measureRestart(pods: number, log: (l: string) => void): Promise<BreadthResult['restart']> {
  const tls = await makeTls()
  const token = 'breadth-restart-sim-token'
  let sim = await startSim({ pods, churn: 0, seed: 5, port: 0, token, tlsIdentity: tls })
  const port = sim.port
  const backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'sim' }) },
    cacheDir: null,
    token: 'breadth-restart-token-0123456789abcdef',
    actor: 'bench',
    version: 'bench',
    log: () => undefined,
    engine: { probe: false }
  })
  const rows = new Map<string, string>()
  let snapshots = 0
  let live = false
  const changed: (() => void)[] = []
  const sub = backend.engine.subscribe(
    { cluster: 'sim', kind: 'pods', namespace: '' },
    {
      onSnapshot: (items) => {
        rows.clear()
        for (const r of items) rows.set(r.uid, r.resourceVersion)
        snapshots++
        for (const f of changed) f()
      },
      onDelta: (type, row) => {
        if (type === 'deleted') rows.delete(row.uid)
        else rows.set(row.uid, row.resourceVersion)
        for (const f of changed) f()
      },
      onRelist: () => undefined,
      onState: (state) => {
        live = state === 'live'
        for (const f of changed) f()
      }
    }
  )
  const truth = (): Map<string, string> => new Map(sim.store.list('pods', {}).items.map((r) => [r.uid, String(r.rv)]))
  const equal = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)
  const until = (pred: () => boolean, ms: number): Promise<boolean> =>
    new Promise((res) => {
      if (pred()) return res(true)
      const t = setTimeout(() => res(false), ms)
      changed.push(() => {
        if (pred()) {
          clearTimeout(t)
          res(true)
        }
      })
    })
  try {
    if (!(await until(() => snapshots > 0 && rows.size === pods, 120_000))) throw new Error(`first sync incomplete: ${rows.size} of ${pods} rows`)
    await sim.stop()
    // Wait until the engine saw the outage, then bring the server back with changed contents
    // (another seed, 1% more pods): its resourceVersions start past the engine's last one, whose
    // history the new server does not have (as after a compaction), so a resume gets 410 Gone and
    // the engine must relist. (The simulator keeps no store across a restart; one regenerated
    // with the same seed would have new uids under the very same resourceVersions, which no real
    // apiserver does.)
    await until(() => !live, 60_000)
    sim = await startSim({ pods: Math.round(pods * 1.01), churn: 0, seed: 6, port, token, tlsIdentity: tls })
    const t0 = performance.now()
    const want = truth()
    const ok = await until(() => live && equal(rows, want), 60_000)
    const convergedMs = performance.now() - t0
    if (!ok)
      throw new Error(
        `not converged within 60 s: ${rows.size} rows (live ${live}), ${want.size} on the new server, ${[...want].filter(([k, v]) => rows.get(k) !== v).length} differ; e.g. ${JSON.stringify([...want].slice(0, 2))} vs ${JSON.stringify([...rows].slice(0, 2))}`
      )
    log(`B3 restart at ${pods} pods: converged in ${Math.round(convergedMs)} ms`)
    return { pods, convergedMs, rows: rows.size }
  } finally {
    sub.close()
    await backend.close()
    await sim.stop()
  }
}

/** The three rows, each failing alone. */
export async function runBreadthBench(o: { quick: boolean; log: (l: string) => void }): Promise<BreadthResult> {
  const out: BreadthResult = {}
  try {
    out.idle = await measureIdleWatches({ clusters: 10, kinds: 30, windowS: o.quick ? 10 : 30, log: o.log })
  } catch (e) {
    o.log(`B1: ${(e as Error).message}`)
    out.idle = { clusters: 10, kinds: 30, watches: 0, syncMs: 0, cpuPct: -1, windowS: 0, rssMB: 0, heapMB: 0, error: (e as Error).message.slice(0, 300) }
  }
  try {
    out.demoStart = await measureDemoStart(o.log)
  } catch (e) {
    out.demoStart = { firstRowsMs: -1, listeningMs: -1, rows: 0, error: (e as Error).message.slice(0, 300) }
  }
  const pods = o.quick ? 10_000 : 50_000
  try {
    out.restart = await measureRestart(pods, o.log)
  } catch (e) {
    out.restart = { pods, convergedMs: -1, rows: 0, error: (e as Error).message.slice(0, 300) }
  }
  return out
}
