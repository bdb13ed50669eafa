/**
 * The product's main-process half (watch engine + local server) as a benchmark child process:
 * `node --expose-gc bench/serverProcess.ts --kubeconfig f --renderer out/renderer`.
 *
 * Why: main-process memory per watched object must be measured in a process that holds nothing
 * else (no simulator, no measuring client), with `global.gc()` before each reading. This is
 * `serve.ts` without the demo and the terminal niceties, plus an IPC channel.
 * Lifecycle: clusters from the kubeconfig → engine → server on 127.0.0.1:0 (token from
 * PERISCOPE_BENCH_TOKEN, never printed) → print `periscope listening on <origin>` → answer IPC
 * (`mem`, `watches`) → on SIGTERM or IPC disconnect close the server, then the engine.
 */
import { parseArgs } from 'node:util'
import { createRuntimeConfig } from '../src/main/config/runtimeConfig.ts'
import { loadClusters } from '../src/main/kube/clusterSet.ts'
import { startLocalServer } from '../src/main/server/httpServer.ts'
import { createWatchEngine } from '../src/main/watch/engine.ts'

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, renderer: { type: 'string' } } })
const token = process.env.PERISCOPE_BENCH_TOKEN
const gc = (globalThis as { gc?: () => void }).gc
if (!values.kubeconfig || !token || !gc) {
  console.error('usage: PERISCOPE_BENCH_TOKEN=… node --expose-gc bench/serverProcess.ts --kubeconfig <file> [--renderer <dir>]')
  process.exit(2)
}

const env: Record<string, string | undefined> = { ...process.env }
delete env.PERISCOPE_WATCH_STREAMS
delete env.PERISCOPE_WATCH_PER_USER_LIMIT
const cfg = await createRuntimeConfig({ env })
if (!cfg.ok) { console.error(`server: ${cfg.error}`); process.exit(2) }
const clusters = loadClusters({ paths: [values.kubeconfig] })
const engine = createWatchEngine({ clusters })
const server = await startLocalServer({
  engine, config: cfg.value, token, actor: 'bench', version: 'bench', port: 0,
  ...(values.renderer ? { rendererDir: values.renderer } : {}), log: (l) => process.stderr.write(`periscope: ${l}\n`)
})

/** Heap and RSS after two full GCs (the second collects what the first finalized). */
function mem(): { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } {
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }
}

type Msg = { id: number; cmd: string }
process.on('message', (m: Msg) => {
  try {
    let result: unknown
    if (m.cmd === 'mem') result = mem()
    else if (m.cmd === 'watches') result = { watches: engine.debugWatches(), clusters: engine.clusters().map((c) => ({ id: c.id, status: c.status })) }
    else throw new Error(`unknown command ${JSON.stringify(m.cmd)}`)
    process.send?.({ id: m.id, result })
  } catch (e) {
    process.send?.({ id: m.id, error: (e as Error).message })
  }
})
let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  void (async () => {
    await server.close()
    await engine.close()
    process.exit(0)
  })()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)
console.log(`periscope listening on ${server.origin}`)
