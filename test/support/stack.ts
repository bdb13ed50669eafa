/**
 * The whole product path for fault tests: simulated apiserver → kubeconfig → the composed
 * backend (watch engine → local server), started in-process, plus the truth to compare clients
 * against.
 *
 * Why: every fault must be injected on the real HTTP path and judged by what a renderer-like
 * client ends with; this starts the product's own composition (`composeBackend`) on the sim's
 * kubeconfig, with test-sized timings. Lifecycle: `startStack()` starts the sim, then the backend
 * (fast backoff, short linger and liveness, settings in memory, no disk cache); `restartSim()`
 * stops the sim and starts a new one on the same port with the same CA and token; `stop()` closes
 * clients, the backend (server, then engine) and the sim, in that order.
 */
import { request } from 'node:http'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { EngineTuning, ServerTuning } from '../../src/main/backend/composeBackend.ts'
import type { RuntimeConfig } from '../../src/main/config/runtimeConfig.ts'
import type { LocalServer } from '../../src/main/server/httpServer.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim, SimOptions } from '@periscope/kube-sim'
import { makeTls } from '@periscope/kube-sim'
import type { SimTls } from '@periscope/kube-sim'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import type { WatchEngine } from '../../src/main/watch/types.ts'
import { openRowClient } from './rowClient.ts'
import type { RowClient, RowClientOptions } from './rowClient.ts'

/** The launch token of the local server in these tests. */
export const TOKEN = 'fault-suite-token-0123456789abcdef'
/** The kubeconfig context (= cluster id) of the sim. */
export const CLUSTER = 'sim'
/** Retries in tens of ms instead of the production 0.8–30 s, so recoveries are quick. */
export const FAST_BACKOFF = { initialMs: 50, maxMs: 400, jitter: 0.2 }

export interface StackOptions {
  readonly sim?: SimOptions
  readonly engine?: EngineTuning
  readonly server?: ServerTuning
  readonly env?: Record<string, string>
}

export interface Stack {
  /** The current sim (replaced by `restartSim`). */
  readonly sim: Sim
  readonly engine: WatchEngine
  readonly server: LocalServer
  readonly config: RuntimeConfig
  readonly logs: string[]
  /** Open a renderer-like client on `/api/clusters/sim/<kind>/watch[?namespace=]`. */
  client(kind: KindId, namespace?: string, opts?: Partial<RowClientOptions>): RowClient
  /** The sim's truth for a collection: uid → resourceVersion. */
  truth(kind: KindId, namespace?: string): Map<string, string>
  /**
   * Stop the sim and start a new one on the same port with the same CA and token.
   * @param opts of the new sim (its store is a fresh one, generated from `opts.seed`).
   */
  restartSim(opts?: SimOptions): Promise<Sim>
  stop(): Promise<void>
}

/** The watch route of a collection. */
export function watchPath(kind: KindId, namespace = ''): string {
  return `/api/clusters/${CLUSTER}/${kind}/watch${namespace ? `?namespace=${namespace}` : ''}`
}

/** Start sim + engine + server. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const identity: SimTls = await makeTls()
  const simToken = 'sim-admin-token-for-fault-tests'
  let sim = await startSim({ pods: 150, seed: 3, ...opts.sim, token: simToken, tlsIdentity: identity })
  const port = sim.port
  const logs: string[] = []
  const backend = await composeBackend({
    env: opts.env ?? {},
    kubeconfig: { yaml: sim.kubeconfig({ context: CLUSTER }) },
    cacheDir: null,
    token: TOKEN,
    actor: 'tester',
    version: 'fault',
    log: (l) => logs.push(l),
    engine: { backoff: FAST_BACKOFF, lingerMs: 200, livenessMs: 5_000, probe: false, ...opts.engine },
    ...(opts.server ? { server: opts.server } : {})
  })
  const { engine, server, config } = backend
  const clients: RowClient[] = []
  return {
    get sim() {
      return sim
    },
    engine,
    server,
    config,
    logs,
    client(kind, namespace = '', o = {}) {
      const rc = openRowClient(server.origin, watchPath(kind, namespace), { token: TOKEN, ...o })
      clients.push(rc)
      return rc
    },
    truth(kind, namespace) {
      const m = new Map<string, string>()
      for (const rec of sim.store.list(kind, namespace ? { namespace } : {}).items) m.set(rec.uid, String(rec.rv))
      return m
    },
    async restartSim(o = {}) {
      await sim.stop()
      sim = await startSim({ pods: 150, seed: 3, ...o, port, token: simToken, tlsIdentity: identity })
      return sim
    },
    async stop() {
      for (const rc of clients) rc.close()
      await backend.close()
      await sim.stop()
    }
  }
}

/**
 * GET a JSON route of the local server with the test token, on a fresh connection (no
 * keep-alive pool, so descriptor counts are not skewed by idle sockets).
 */
export function getJson<T>(server: LocalServer, path: string): Promise<T> {
  const u = new URL(server.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), path, agent: false, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
      })
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${text}`))
        else resolve(JSON.parse(text) as T)
      })
    })
    req.on('error', reject)
    req.end()
  })
}
