/**
 * The main-process half (composed backend: engine + local server) for the breadth rows, as a
 * child process: `node --expose-gc bench/breadthProcess.ts --kubeconfig f --kinds a,b,…`.
 *
 * Why: "300 quiet watches leave the main process idle" is a claim about one process's CPU and
 * memory; measured in a process that holds nothing else (the simulators and the runner live
 * elsewhere). It subscribes at the engine (what a view's stream does under the local server, minus
 * the SSE client), once per (context, kind), all namespaces.
 * Lifecycle: composeBackend → subscribe every (cluster, kind) → print `synced N` once every
 * subscription had its snapshot (or `failed …`) → answer IPC `idle` (CPU over a window, after GC
 * RSS/heap, the engine's watch count) → exit on SIGTERM or IPC disconnect (quit steps first).
 */
import { parseArgs } from 'node:util'
import { composeBackend } from '../src/main/backend/composeBackend.ts'
import type { KindId } from '../src/shared/kinds/registry.ts'

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, kinds: { type: 'string' } } })
const gc = (globalThis as { gc?: () => void }).gc
if (!values.kubeconfig || !values.kinds || !gc) {
  console.error('usage: node --expose-gc bench/breadthProcess.ts --kubeconfig <file> --kinds <k1,k2,…>')
  process.exit(2)
}
const kinds = values.kinds.split(',') as KindId[]

const env: Record<string, string | undefined> = { ...process.env }
delete env.PERISCOPE_WATCH_STREAMS
const backend = await composeBackend({
  env,
  kubeconfig: { paths: [values.kubeconfig] },
  cacheDir: null,
  token: 'breadth-bench-token-0123456789abcdef',
  actor: 'bench',
  version: 'bench',
  port: 0,
  log: (l) => process.stderr.write(`periscope: ${l}\n`),
  engine: { probe: false }
})
const { engine } = backend
const clusters = engine.clusters().map((c) => c.id)
let pending = clusters.length * kinds.length
let failed = ''
const t0 = performance.now()
for (const cluster of clusters)
  for (const kind of kinds) {
    let done = false
    const finish = (why?: string): void => {
      if (done) return
      done = true
      if (why && !failed) failed = `${cluster}/${kind}: ${why}`
      if (--pending === 0) console.log(failed ? `failed ${failed}` : `synced ${clusters.length * kinds.length} in ${Math.round(performance.now() - t0)} ms`)
    }
    engine.subscribe(
      { cluster, kind, namespace: '' },
      {
        onSnapshot: () => finish(),
        onDelta: () => undefined,
        onRelist: () => undefined,
        onState: (state, reason, detail) => {
          if (state === 'error' && !detail.synced) finish(reason)
        }
      }
    )
  }

type Msg = { id: number; cmd: string; seconds?: number }
process.on('message', (m: Msg) => {
  if (m.cmd !== 'idle') {
    process.send?.({ id: m.id, error: `unknown command ${JSON.stringify(m.cmd)}` })
    return
  }
  const ms = (m.seconds ?? 10) * 1000
  const c0 = process.cpuUsage()
  const w0 = performance.now()
  setTimeout(() => {
    const c = process.cpuUsage(c0)
    const wall = performance.now() - w0
    gc?.()
    gc?.()
    const mem = process.memoryUsage()
    process.send?.({
      id: m.id,
      result: {
        cpuPct: ((c.user + c.system) / 1000 / wall) * 100,
        rssMB: mem.rss / 1e6,
        heapMB: mem.heapUsed / 1e6,
        watches: engine.debugWatches().length
      }
    })
  }, ms)
})
let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  void backend.close().then(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)
