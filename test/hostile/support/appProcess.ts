/**
 * The app for the hostile suites, as a process of its own: the same composition as
 * `npm run serve` (settings from the env → clusters from kubeconfig files → engine with the
 * offline cache → local server), with production bounds everywhere, except upstream timeouts
 * shortened so stalls resolve in seconds (given in the config, printed in the report).
 *
 * Why a process: RSS is only honest for a process of its own (measured from /proc by the test),
 * and a crash must be seen as a crash, not take the test runner with it. Lifecycle: started by
 * `support/app.ts` with `--expose-gc`; prints `READY {json}` once listening; answers IPC
 * (`probe`, `gc`, `stats`); SIGTERM closes server, engine and cache and exits 0.
 */
import { readFileSync } from 'node:fs'
import { createRuntimeConfig } from '../../../src/main/config/runtimeConfig.ts'
import { offlineWiring } from '../../../src/main/cache/offlineWiring.ts'
import { loadClusters } from '../../../src/main/kube/clusterSet.ts'
import { ExecCredentialCache } from '../../../src/main/kube/execCredentials.ts'
import type { ExecLimits } from '../../../src/main/kube/execRunner.ts'
import type { TransportTimeouts } from '../../../src/main/kube/limits.ts'
import { startLocalServer } from '../../../src/main/server/httpServer.ts'
import { createWatchEngine } from '../../../src/main/watch/engine.ts'

export interface AppConfig {
  readonly kubeconfig: readonly string[]
  readonly cacheDir: string
  readonly token: string
  readonly tls?: boolean
  readonly rendererDir?: string
  readonly timeouts?: Partial<TransportTimeouts>
  readonly exec?: Partial<ExecLimits>
  readonly livenessMs?: number
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as AppConfig
  const log = (l: string): void => { process.stderr.write(`app: ${l}\n`) }
  const rc = await createRuntimeConfig({ env: process.env })
  if (!rc.ok) throw new Error(rc.error)
  const paths = [...cfg.kubeconfig]
  const clusters = loadClusters({ paths, execCache: new ExecCredentialCache(cfg.exec ?? {}), ...(cfg.timeouts ? { timeouts: cfg.timeouts } : {}) })
  for (const p of clusters.problems) log(`kubeconfig problem: ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`)
  const offline = offlineWiring({ cacheDir: cfg.cacheDir, log, kubeconfig: () => ({ paths }) })
  const engine = createWatchEngine({
    clusters, cache: offline.cache, backoff: { initialMs: 100, maxMs: 1_000, jitter: 0.2 },
    ...(cfg.livenessMs ? { livenessMs: cfg.livenessMs } : {})
  })
  const server = await startLocalServer({
    engine, config: rc.value, token: cfg.token, actor: 'hostile-tester', version: 'hostile', port: 0, tls: cfg.tls === true,
    ...(cfg.rendererDir ? { rendererDir: cfg.rendererDir } : {}), log, kubeconfig: offline.kubeconfig
  })
  process.on('message', (m: { id: number; cmd: string; cluster?: string }) => {
    const reply = (value: unknown): void => { process.send?.({ reply: m.id, value }) }
    if (m.cmd === 'probe') void clusters.probe(m.cluster ?? '').then(reply, (e: Error) => reply({ error: e.message }))
    else if (m.cmd === 'gc') { (globalThis as { gc?: () => void }).gc?.(); reply(process.memoryUsage()) }
    else if (m.cmd === 'stats') reply({ watches: engine.debugWatches().length, streams: server.streams.size(), memory: process.memoryUsage() })
  })
  const stop = (): void => {
    setTimeout(() => process.exit(1), 5_000).unref()
    void server.close().then(() => engine.close()).then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGTERM', stop)
  process.stdout.write(`READY ${JSON.stringify({ origin: server.origin, port: server.port, pid: process.pid })}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`app: failed to start: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
