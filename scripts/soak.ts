/**
 * `npm run soak [-- --minutes N]`: the soak test, outside the default test run (issue #7 part 4).
 *
 * Why: leaks and lost events show only over time. This runs the simulated apiserver (a child
 * process) at 500 events/s and the headless server (`serve.ts`, a child process) with 10 open
 * SSE streams consumed like the renderer, samples the server's RSS every 10 s, and at the end
 * checks (1) RSS growth from the post-warm-up baseline to the end is under 5 % and (2) every
 * stream's rows equal the simulator's state (uid + resourceVersion). It prints the figures and
 * exits 1 when a criterion fails (2 on bad flags).
 * Lifecycle: fork the sim child (this file with --sim-child) → spawn serve on its kubeconfig →
 * open the streams → sample until the end → pause the churn → wait (bounded) for equality →
 * print → close streams, SIGTERM serve, stop the sim, remove the temp folder.
 */
import { fork, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { KindId } from '../src/shared/kinds/registry.ts'
import { diffVersions, openRowClient, versionsOf } from '../test/support/rowClient.ts'
import type { RowClient } from '../test/support/rowClient.ts'

/** RSS sampling period (the issue's "every 10 s"). */
const SAMPLE_MS = 10_000
/** Default warm-up before the RSS baseline: caches, JIT and V8 heap sizing settle by then. */
const WARMUP_MS = 120_000
/** Pass/fail line for RSS growth after warm-up. */
const MAX_GROWTH = 0.05
/** After the churn stops, streams must reach the sim's state within this. */
const SETTLE_MS = 30_000
/**
 * RSS is a sawtooth (it climbs between major GCs, measured at ~2 MB per 10 s, then drops by tens
 * of MB), so single samples or medians at the ends depend on where the GC happened to fall. A
 * leak raises the floor: compare the lowest sample of the first third of the post-warm-up
 * window with the lowest of the last third (each at least this many samples; a GC cycle was
 * measured at ~110 s, and a third of the default 8 measured minutes is 160 s).
 */
const MIN_EDGE_SAMPLES = 3

type Collection = readonly [KindId, string]
interface Truth {
  [key: string]: [string, string][]
}
type ChildMsg = { t: 'ready'; url: string; kubeconfig: string; namespaces: string[] } | { t: 'truth'; truth: Truth }

const key = ([kind, ns]: Collection): string => `${kind}${ns ? `/${ns}` : ''}`

/** The sim child: start the simulator, report, then answer 'pause' (truth) and 'stop'. */
async function simChild(pods: number, rate: number, dir: string): Promise<void> {
  const { startSim } = await import('@periscope/kube-sim')
  const sim = await startSim({ pods, churn: rate, seed: 42 })
  const kubeconfig = join(dir, 'kubeconfig.yaml')
  writeFileSync(kubeconfig, sim.kubeconfig({ context: 'soak' }), { mode: 0o600 })
  const namespaces = [...new Set(sim.store.list('pods', {}).items.map((r) => r.ns))].slice(0, 3)
  const send = (m: ChildMsg): void => {
    process.send?.(m)
  }
  process.on('message', (m: { t: string; collections?: Collection[] }) => {
    if (m.t === 'pause') {
      sim.setChurn(0)
      const truth: Truth = {}
      for (const c of m.collections ?? []) truth[key(c)] = sim.store.list(c[0], c[1] ? { namespace: c[1] } : {}).items.map((r) => [r.uid, String(r.rv)])
      send({ t: 'truth', truth })
    } else if (m.t === 'stop') {
      void sim.stop().then(() => process.exit(0))
    }
  })
  process.on('disconnect', () => {
    void sim.stop().then(() => process.exit(0))
  })
  send({ t: 'ready', url: sim.url, kubeconfig, namespaces })
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!m) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(m[1])
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function waitFor<T>(child: ChildProcess, pred: (m: ChildMsg) => T | undefined, ms: number, what: string): Promise<T> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => {
      child.off('message', on)
      rej(new Error(`${what}: no answer within ${ms} ms`))
    }, ms)
    const on = (m: ChildMsg): void => {
      const v = pred(m)
      if (v !== undefined) {
        clearTimeout(t)
        child.off('message', on)
        res(v)
      }
    }
    child.on('message', on)
  })
}

async function main(): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        minutes: { type: 'string' },
        rate: { type: 'string' },
        pods: { type: 'string' },
        'warmup-minutes': { type: 'string' },
        'sim-child': { type: 'boolean' },
        dir: { type: 'string' }
      }
    }))
  } catch (e) {
    process.stderr.write(`soak: ${(e as Error).message}\nusage: npm run soak -- [--minutes N] [--rate events/s] [--pods N] [--warmup-minutes N]\n`)
    return 2
  }
  const num = (v: string | undefined, def: number, name: string): number => {
    const n = v === undefined ? def : Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${JSON.stringify(v)}`)
    return n
  }
  let minutes: number, rate: number, pods: number
  try {
    minutes = num(values.minutes, 10, 'minutes')
    rate = num(values.rate, 500, 'rate')
    pods = Math.floor(num(values.pods, 2_000, 'pods'))
  } catch (e) {
    process.stderr.write(`soak: ${(e as Error).message}\n`)
    return 2
  }
  if (values['sim-child']) {
    await simChild(pods, rate, values.dir ?? tmpdir())
    return -1
  }
  const totalMs = minutes * 60_000
  let warmupMs: number
  try {
    warmupMs = values['warmup-minutes'] !== undefined ? num(values['warmup-minutes'], 2, 'warmup-minutes') * 60_000 : Math.min(WARMUP_MS, totalMs * 0.4)
  } catch (e) {
    process.stderr.write(`soak: ${(e as Error).message}\n`)
    return 2
  }
  const root = resolve(import.meta.dirname, '..')
  const dir = mkdtempSync(join(tmpdir(), 'periscope-soak-'))
  const token = randomBytes(24).toString('base64url')
  const clients: RowClient[] = []
  let simProc: ChildProcess | undefined
  let serve: ChildProcess | undefined
  const cleanup = async (): Promise<void> => {
    for (const c of clients) c.close()
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM')
      await new Promise((r) => serve?.once('close', r))
    }
    if (simProc && simProc.exitCode === null) {
      simProc.send({ t: 'stop' })
      await Promise.race([new Promise((r) => simProc?.once('close', r)), sleep(5_000)])
      simProc.kill('SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    void cleanup().then(() => process.exit(130))
  })
  try {
    process.stdout.write(`soak: ${minutes} min at ${rate} events/s, ${pods} pods, 10 streams; warm-up ${(warmupMs / 60_000).toFixed(1)} min\n`)
    simProc = fork(import.meta.filename, ['--sim-child', '--pods', String(pods), '--rate', String(rate), '--dir', dir], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const ready = await waitFor(simProc, (m) => (m.t === 'ready' ? m : undefined), 120_000, 'sim child')
    serve = spawn(process.execPath, ['src/main/cli/serve.ts', '--kubeconfig', ready.kubeconfig, '--settings', join(dir, 'settings.json')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PERISCOPE_'))), PERISCOPE_TOKEN: token }
    })
    const servePid = serve.pid as number
    const origin = await new Promise<string>((res, rej) => {
      let out = ''
      const t = setTimeout(() => rej(new Error(`serve did not start within 60 s: ${out}`)), 60_000)
      serve?.stdout?.setEncoding('utf8').on('data', (c: string) => {
        out += c
        const m = /periscope listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (m) {
          clearTimeout(t)
          res(m[1])
        }
      })
      serve?.once('close', (code) => {
        clearTimeout(t)
        rej(new Error(`serve exited with ${code}`))
      })
    })
    const [n1, n2, n3] = ready.namespaces
    const collections: Collection[] = [
      ['pods', ''],
      ['pods', n1],
      ['pods', n2],
      ['pods', n3],
      ['deployments', ''],
      ['replicasets', ''],
      ['statefulsets', ''],
      ['daemonsets', ''],
      ['nodes', ''],
      ['services', '']
    ]
    for (const [kind, ns] of collections) {
      clients.push(openRowClient(origin, `/api/clusters/soak/${kind}/watch${ns ? `?namespace=${ns}` : ''}`, { token, reconnectMs: 1_000 }))
    }
    await Promise.all(clients.map((c, i) => c.waitUntil(() => (c.counts.snapshot ?? 0) >= 1, 120_000, `first snapshot of ${key(collections[i])}`)))
    const started = Date.now()
    const samples: { t: number; kb: number }[] = [{ t: 0, kb: rssKb(servePid) }]
    while (Date.now() - started < totalMs) {
      await sleep(Math.min(SAMPLE_MS, totalMs - (Date.now() - started)))
      samples.push({ t: Math.round((Date.now() - started) / 1000), kb: rssKb(servePid) })
    }
    simProc.send({ t: 'pause', collections })
    const truth = await waitFor(simProc, (m) => (m.t === 'truth' ? m.truth : undefined), 30_000, 'sim truth')
    const diffs = (): string[] => clients.map((c, i) => diffVersions(versionsOf(c.rows.values()), new Map(truth[key(collections[i])])))
    const settleEnd = Date.now() + SETTLE_MS
    while (diffs().some((d) => d !== '') && Date.now() < settleEnd) await sleep(250)
    const finalDiffs = diffs()

    const post = samples.filter((s) => s.t * 1000 >= warmupMs)
    const edge = Math.max(MIN_EDGE_SAMPLES, Math.floor(post.length / 3))
    const base = Math.min(...post.slice(0, edge).map((s) => s.kb))
    const end = Math.min(...post.slice(-edge).map((s) => s.kb))
    const growth = post.length >= 2 * MIN_EDGE_SAMPLES ? (end - base) / base : NaN
    const peak = (xs: { kb: number }[]): string => (Math.max(...xs.map((s) => s.kb)) / 1024).toFixed(1)
    const out: string[] = ['', 'time (s)  RSS (MB)']
    for (const s of samples) out.push(`${String(s.t).padStart(8)}  ${(s.kb / 1024).toFixed(1).padStart(8)}${s.t * 1000 >= warmupMs ? '' : '  (warm-up)'}`)
    out.push(
      '',
      `RSS after warm-up (floor = lowest sample, over ${edge} samples at each end): baseline floor ${(base / 1024).toFixed(1)} MB ` +
        `(peak ${peak(post.slice(0, edge))}), end floor ${(end / 1024).toFixed(1)} MB (peak ${peak(post.slice(-edge))}), growth ${(growth * 100).toFixed(2)} % (limit ${MAX_GROWTH * 100} %)`
    )
    out.push('', 'stream                     rows  deltas  snapshots  relists  connects  equal to sim')
    clients.forEach((c, i) => {
      const deltas = (c.counts.added ?? 0) + (c.counts.modified ?? 0) + (c.counts.deleted ?? 0)
      out.push(
        `${key(collections[i]).padEnd(24)} ${String(c.rows.size).padStart(6)} ${String(deltas).padStart(7)} ${String(c.counts.snapshot ?? 0).padStart(10)} ${String(c.counts.relist ?? 0).padStart(8)} ${String(c.statuses.length).padStart(9)}  ${finalDiffs[i] === '' ? 'yes' : `NO: ${finalDiffs[i]}`}`
      )
    })
    const growthOk = Number.isFinite(growth) && growth < MAX_GROWTH
    const equalOk = finalDiffs.every((d) => d === '')
    out.push('', `RSS flat: ${growthOk ? 'PASS' : 'FAIL'}; nothing lost: ${equalOk ? 'PASS' : 'FAIL'}`)
    process.stdout.write(out.join('\n') + '\n')
    return growthOk && equalOk ? 0 : 1
  } catch (e) {
    process.stderr.write(`soak: ${(e as Error).message}\n`)
    return 1
  } finally {
    if (!values['sim-child']) await cleanup()
  }
}

const code = await main()
if (code >= 0) process.exit(code)
