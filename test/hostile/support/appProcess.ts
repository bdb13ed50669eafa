/**
 * The app for the hostile suites, as a process of its own: the composition `npm run serve` and
 * the desktop app use (`composeBackend`: settings from the env → clusters from kubeconfig files →
 * engine with the offline cache → local server), with production bounds everywhere, except
 * upstream timeouts, exec deadlines and the engine's liveness and backoff shortened so stalls
 * resolve in seconds (given in the config, printed in the report).
 *
 * Why a process: RSS is only honest for a process of its own (measured from /proc by the test),
 * and a crash must be seen as a crash, not take the test runner with it. Lifecycle: started by
 * `support/app.ts` with `--expose-gc`; prints `READY {json}` once listening; answers IPC
 * (`probe`, `gc`, `stats`); SIGTERM closes server, engine and cache and exits 0.
 */
import { readFileSync } from 'node:fs'
import { composeBackend } from '../../../src/main/backend/composeBackend.ts'
import type { ExecLimits } from '../../../src/main/kube/execRunner.ts'
import type { TransportTimeouts } from '../../../src/main/kube/limits.ts'

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
  const log = (l: string): void => {
    process.stderr.write(`app: ${l}\n`)
  }
  const backend = await composeBackend({
    env: process.env,
    kubeconfig: { paths: [...cfg.kubeconfig] },
    cacheDir: cfg.cacheDir,
    token: cfg.token,
    actor: 'hostile-tester',
    version: 'hostile',
    tls: cfg.tls === true,
    log,
    ...(cfg.rendererDir ? { rendererDir: cfg.rendererDir } : {}),
    engine: { backoff: { initialMs: 100, maxMs: 1_000, jitter: 0.2 }, ...(cfg.livenessMs ? { livenessMs: cfg.livenessMs } : {}) },
    kube: { ...(cfg.timeouts ? { timeouts: cfg.timeouts } : {}), ...(cfg.exec ? { exec: cfg.exec } : {}) }
  })
  for (const p of backend.problems()) log(`kubeconfig problem: ${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`)
  const { server, engine } = backend
  process.on('message', (m: { id: number; cmd: string; cluster?: string }) => {
    const reply = (value: unknown): void => {
      process.send?.({ reply: m.id, value })
    }
    const set = backend.clusters.current() as { probe?: (id: string) => Promise<unknown> }
    if (m.cmd === 'probe') void (set.probe?.(m.cluster ?? '') ?? Promise.resolve({ error: 'no probe' })).then(reply, (e: Error) => reply({ error: e.message }))
    else if (m.cmd === 'gc') {
      ;(globalThis as { gc?: () => void }).gc?.()
      reply(process.memoryUsage())
    } else if (m.cmd === 'stats') {
      const byCluster: Record<string, number> = {}
      for (const w of engine.debugWatches()) byCluster[w.cluster] = (byCluster[w.cluster] ?? 0) + 1
      reply({ watches: engine.debugWatches().length, byCluster, streams: server.streams.size(), memory: process.memoryUsage() })
    }
  })
  const stop = (): void => {
    setTimeout(() => process.exit(1), 5_000).unref()
    void backend.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGTERM', stop)
  process.stdout.write(`READY ${JSON.stringify({ origin: server.origin, port: server.port, pid: process.pid })}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`app: failed to start: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
