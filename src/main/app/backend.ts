/**
 * The desktop app's backend: settings → clusters → engine → local server (as `npm run serve`).
 *
 * Why: the Electron composition root should only wire windows and events; what runs behind the
 * window is the same stack as browser mode, started here in the same order as `cli/serve.ts`:
 * runtime settings (a corrupt file is kept aside and reported), the clusters of the kubeconfig or
 * the demo cluster (no kubeconfig, or `--demo`), the watch engine over a replaceable cluster set,
 * and the server on 127.0.0.1 with HTTP/2 + TLS (spec §9). No Electron import: paths come in.
 * Lifecycle: `startBackend` once after the app is ready; `reloadKubeconfig()` on every kubeconfig
 * change; `quitSteps()` gives the shutdown order server → engine → simulator.
 */
import { existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import { createRuntimeConfig } from '../config/runtimeConfig.ts'
import { loadClusters } from '../kube/clusterSet.ts'
import type { ClusterSet } from '../kube/clusterSet.ts'
import { ExecCredentialCache } from '../kube/execCredentials.ts'
import { kubeconfigPaths } from '../kube/kubeconfig.ts'
import type { KubeconfigProblem } from '../kube/kubeconfig.ts'
import { generateToken } from '../server/guards.ts'
import { startLocalServer } from '../server/httpServer.ts'
import type { LocalServer } from '../server/httpServer.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { createWatchEngine } from '../watch/engine.ts'
import type { WatchEngine } from '../watch/types.ts'
import { createLiveClusters } from './liveClusters.ts'
import type { LiveClusters } from './liveClusters.ts'
import type { QuitStep } from './quit.ts'
import type { ShellLog } from './security.ts'
import { dirname, join } from 'node:path'
import { offlineWiring } from '../cache/offlineWiring.ts'

/** Events/s of the demo cluster: enough to see rows change, calm enough to read them (as serve). */
const DEMO_CHURN = 2
/** Context name of the demo cluster in the sidebar. */
const DEMO_CONTEXT = 'demo'

export interface BackendOptions {
  /** `<userData>/settings.json`. */
  readonly settingsPath: string
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string
  readonly version: string
  /** `--demo`: show the demo cluster even when a kubeconfig exists. */
  readonly demo: boolean
  readonly env: NodeJS.ProcessEnv
  readonly log: ShellLog
}

export interface Backend {
  readonly server: LocalServer
  /** The launch token: only for the bridge's bootstrap answer, never logged. */
  readonly token: string
  readonly config: RuntimeConfig
  readonly engine: WatchEngine
  readonly clusters: LiveClusters
  readonly sim?: Sim
  /** The kubeconfig files to watch (empty in forced demo mode). */
  readonly kubeconfigFiles: readonly string[]
  /** Problems of the kubeconfig files currently loaded ("path:line: message"). */
  problems(): readonly KubeconfigProblem[]
  /** Re-read the kubeconfig files and swap the cluster set. @returns the new problems. */
  reloadKubeconfig(): readonly KubeconfigProblem[]
  /** Shutdown steps, in order: server → engine → simulator. */
  quitSteps(): QuitStep[]
}

/**
 * Start settings, clusters, engine and server.
 * @throws Error with a human-readable message when the settings cannot be read, an env var is
 *   invalid, or the server cannot listen.
 */
export async function startBackend(o: BackendOptions): Promise<Backend> {
  const cfg = await createRuntimeConfig({ env: o.env, settingsPath: o.settingsPath })
  if (!cfg.ok) throw new Error(cfg.error)
  const config = cfg.value
  const files = kubeconfigPaths({ env: o.env }).paths
  const anyFile = (): boolean => files.some((p) => existsSync(p))
  const execCache = new ExecCredentialCache()
  const sim = o.demo || !anyFile() ? await startSim({ churn: DEMO_CHURN }) : undefined
  const load = (): ClusterSet => sim && (o.demo || !anyFile())
    ? loadClusters({ yaml: sim.kubeconfig({ context: DEMO_CONTEXT }), execCache })
    : loadClusters({ env: o.env, execCache })
  let set = load()
  if (sim) o.log(`no kubeconfig in use: showing the demo cluster (simulated apiserver at ${sim.url})`)
  const clusters = createLiveClusters(set)
  // Offline: the last rows of every list are kept in userData/cache (settings.json's folder).
  const offline = offlineWiring({
    cacheDir: join(dirname(o.settingsPath), 'cache'), log: o.log,
    kubeconfig: () => (sim && (o.demo || !anyFile()) ? { yaml: sim.kubeconfig({ context: DEMO_CONTEXT }) } : { env: o.env })
  })
  const engine = createWatchEngine({ clusters, cache: offline.cache })
  const token = generateToken()
  let server: LocalServer
  try {
    server = await startLocalServer({
      engine, config, token, actor: desktopUser(), version: o.version, port: 0, tls: true, rendererDir: o.rendererDir, log: o.log,
      kubeconfig: offline.kubeconfig
    })
  } catch (e) {
    await engine.close()
    await sim?.stop()
    throw new Error(`the local server cannot listen on 127.0.0.1: ${(e as Error).message}`, { cause: e })
  }
  return {
    server, token, config, engine, clusters, ...(sim ? { sim } : {}),
    kubeconfigFiles: o.demo ? [] : files,
    problems: () => set.problems,
    reloadKubeconfig() {
      set = load()
      clusters.replace(set)
      // Streams of removed contexts end now (their views show it); their shared watches then
      // linger and stop as any unused watch does.
      const next = set
      const closed = server.streams.closeWhere((s) => !next.has(s.cluster), 'the context was removed from the kubeconfig')
      o.log(`kubeconfig reloaded: ${set.list().length} context(s), ${set.problems.length} problem(s)${closed ? `, ${closed} stream(s) of removed contexts closed` : ''}`)
      return set.problems
    },
    quitSteps: () => [
      { name: 'closing the local server', run: () => server.close() },
      { name: 'closing the watch engine', run: () => engine.close() },
      ...(sim ? [{ name: 'stopping the demo cluster', run: () => sim.stop() }] : [])
    ]
  }
}

function desktopUser(): string {
  try { return userInfo().username || 'desktop-user' } catch { return 'desktop-user' }
}
