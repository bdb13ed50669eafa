/**
 * The simulated apiserver as a benchmark child process, with an emit log and an IPC control
 * channel (`node bench/simProcess.ts --pods N --kubeconfig f`).
 *
 * Why: the simulator at 150k pods holds ~5 GB and burns CPU on churn; in its own process it
 * pollutes neither the server's memory numbers nor the client's timings. Delta latency needs the
 * simulator's emit time of every pod event: a store watch registered before any client's records
 * (resourceVersion, epoch ms, namespace/name) synchronously when the write happens, which is
 * when the apiserver's watch hub sees it too.
 * Lifecycle: start the sim (churn 0) → write the kubeconfig → print `sim listening on <url>` →
 * answer IPC requests (`churn`, `emits`, `requests`, `clock`, `lag`, `mem`) → exit on SIGTERM or IPC disconnect.
 */
import { parseArgs } from 'node:util'
import { writeKubeconfig } from '@periscope/kube-sim'
import { startSim } from '@periscope/kube-sim'
import { startLoopLag } from './loopLag.ts'

/** Emits kept (rv, time, key): 5,000 ev/s for many minutes; older ones are dropped first. */
const MAX_EMITS = 2_000_000

const { values } = parseArgs({ options: { pods: { type: 'string' }, kubeconfig: { type: 'string' }, seed: { type: 'string' }, history: { type: 'string' } } })
const pods = Number(values.pods ?? '10000')
if (!Number.isInteger(pods) || pods < 0 || !values.kubeconfig) {
  console.error('usage: node bench/simProcess.ts --pods <n> --kubeconfig <file> [--seed <n>] [--history <events>]')
  process.exit(2)
}

const now = (): number => performance.timeOrigin + performance.now()
const t0 = now()
const sim = await startSim({ pods, churn: 0, seed: Number(values.seed ?? '1'), port: 0, ...(values.history ? { historySize: Number(values.history) } : {}) })
const startMs = now() - t0
writeKubeconfig(values.kubeconfig, sim.kubeconfig())

let rvs: number[] = []
let times: number[] = []
let keys: string[] = []
let types: string[] = []
sim.store.watch('pods', sim.store.filter('pods', {}), sim.store.currentRv(), (type, rec) => {
  rvs.push(rec.rv)
  times.push(now())
  keys.push(`${rec.ns}/${rec.name}`)
  types.push(type)
  if (rvs.length > MAX_EMITS) {
    const cut = rvs.length - MAX_EMITS / 2
    rvs = rvs.slice(cut)
    times = times.slice(cut)
    keys = keys.slice(cut)
    types = types.slice(cut)
  }
})

/** Index of the first emit at or after `t` (times are non-decreasing). */
function firstAt(t: number): number {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((times[mid] as number) < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The simulator's event-loop delay since the last `lag` ask: while it stalls, its watch sockets do
 * not drain and it cuts the watchers whose backlog passes its bound (as an apiserver does). */
const lag = startLoopLag()

type Msg = { id: number; cmd: string; rate?: number; from?: number; to?: number }

function handle(m: Msg): unknown {
  switch (m.cmd) {
    case 'churn':
      sim.setChurn(m.rate ?? 0)
      return { rate: m.rate ?? 0 }
    case 'emits': {
      const a = firstAt(m.from ?? 0)
      const b = firstAt(m.to ?? Number.POSITIVE_INFINITY)
      return { rvs: rvs.slice(a, b), times: times.slice(a, b), keys: keys.slice(a, b), types: types.slice(a, b) }
    }
    case 'requests':
      return sim.requests
        .entries()
        .filter((e) => e.path.endsWith('/pods'))
        .map((e) => ({
          method: e.method,
          path: e.path,
          watch: e.watch,
          status: e.status,
          at: e.at,
          limit: e.query.limit ?? '',
          continued: e.query.continue !== undefined,
          resourceVersion: e.query.resourceVersion ?? ''
        }))
    case 'clock':
      return now()
    case 'lag':
      return { ...lag(), emitted: rvs.length }
    case 'mem':
      return { rss: process.memoryUsage().rss, startMs, openWatches: sim.openWatches(), pods: sim.store.count('pods') }
    default:
      throw new Error(`unknown command ${JSON.stringify(m.cmd)}`)
  }
}

process.on('message', (m: Msg) => {
  try {
    process.send?.({ id: m.id, result: handle(m) })
  } catch (e) {
    process.send?.({ id: m.id, error: (e as Error).message })
  }
})
const stop = (): void => {
  sim.stop().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)
console.log(`sim listening on ${sim.url} (started in ${Math.round(startMs)} ms)`)
