/**
 * The product's main-process half (watch engine + local server) as a benchmark child process:
 * `node --expose-gc bench/serverProcess.ts --kubeconfig f --renderer out/renderer`.
 *
 * Why: main-process memory per watched object must be measured in a process that holds nothing
 * else (no simulator, no measuring client), with `global.gc()` before each reading. This is the
 * composed backend `serve.ts` runs, without the demo, the disk cache, the kubeconfig watch and the
 * terminal niceties, plus an IPC channel.
 * Lifecycle: `composeBackend` (settings in memory → clusters from the kubeconfig → engine → server
 * on 127.0.0.1:0, token from PERISCOPE_BENCH_TOKEN, never printed) → print `periscope listening
 * on <origin>` → answer IPC (`mem`, `watches`, `lag`) → on SIGTERM or IPC disconnect run its quit steps
 * (server, then engine).
 */
import { parseArgs } from 'node:util'
import { getHeapSpaceStatistics } from 'node:v8'
import { BackendStartError, composeBackend } from '../src/main/backend/composeBackend.ts'
import { startLoopLag } from './loopLag.ts'

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
const backend = await composeBackend({
  env,
  kubeconfig: { paths: [values.kubeconfig] },
  cacheDir: null,
  token,
  actor: 'bench',
  version: 'bench',
  port: 0,
  ...(values.renderer ? { rendererDir: values.renderer } : {}),
  log: (l) => process.stderr.write(`periscope: ${l}\n`)
}).catch((e: Error) => {
  console.error(`server: ${e.message}`)
  process.exit(e instanceof BackendStartError && e.stage === 'config' ? 2 : 1)
})
const { engine, server } = backend

/**
 * Heap and RSS after two full GCs (the second collects what the first finalized), the peak RSS so
 * far (`maxRssKB`, transient LIST parsing included), and the V8 heap by space (bytes used, and
 * committed) — where the weight sits.
 */
function mem(): {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  maxRssKB: number
  spaces: Record<string, [number, number]>
} {
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  const spaces: Record<string, [number, number]> = {}
  for (const sp of getHeapSpaceStatistics()) spaces[sp.space_name] = [sp.space_used_size, sp.physical_space_size]
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    maxRssKB: process.resourceUsage().maxRSS,
    spaces
  }
}

/** The main thread's event-loop delay since the last `lag` ask: a stall here is what makes an
 * apiserver cut the watch of a consumer that fell behind. */
const lag = startLoopLag()

type Msg = { id: number; cmd: string }
process.on('message', (m: Msg) => {
  try {
    let result: unknown
    if (m.cmd === 'mem') result = mem()
    else if (m.cmd === 'lag') result = lag()
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
  void backend.close().then(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.once('disconnect', stop)
console.log(`periscope listening on ${server.origin}`)
