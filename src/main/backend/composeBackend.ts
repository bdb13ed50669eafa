/**
 * The one place the backend is assembled: settings → clusters (kubeconfig or demo cluster) →
 * offline cache → watch engine → local server, plus the kubeconfig watch and the quit steps.
 *
 * Why: the desktop app (`app/backend.ts`), browser mode (`cli/serve.ts`), the bench and the test
 * stacks all run this same stack; wiring it once keeps them from drifting apart (they used to be
 * kept in step by a comment). It has no Electron and no simulator import: the demo cluster comes
 * from an injected factory, paths and the version come in. Lifecycle: `composeBackend` starts the
 * parts in order (runtime settings, where env vars win and a corrupt file is kept aside; the
 * cluster source, starting the demo cluster when asked or when no kubeconfig file exists; the
 * engine over a replaceable cluster set; the server on 127.0.0.1; then, with `watchKubeconfig`,
 * a debounced watch of the kubeconfig files). `reloadKubeconfig()` re-reads the files (the watch
 * calls it on every change). `quitSteps()` gives the shutdown order watcher → server → engine →
 * demo cluster; `close()` runs it once. A failed start undoes what was started and throws a
 * `BackendStartError` saying which stage failed.
 */
import { ENV_WATCH_LIST, parseWatchListMode, useWatchList } from '../watch/watchList.ts'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import type { KubeconfigProblem } from '../kube/kubeconfig.ts'
import { offlineWiring } from '../cache/offlineWiring.ts'
import type { SnapshotCacheOptions } from '../cache/snapshotCache.ts'
import { createRuntimeConfig } from '../config/runtimeConfig.ts'
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import { loadClusters } from '../kube/clusterSet.ts'
import type { ClusterSet } from '../kube/clusterSet.ts'
import { ExecCredentialCache } from '../kube/execCredentials.ts'
import type { ExecLimits } from '../kube/execRunner.ts'
import type { TransportTimeouts } from '../kube/limits.ts'
import { generateToken } from '../server/guards.ts'
import { startLocalServer } from '../server/httpServer.ts'
import type { LocalServer, LocalServerOptions } from '../server/httpServer.ts'
import { createWatchEngine } from '../watch/engine.ts'
import { DEFAULT_NAMESPACE_WATCH_BUDGET } from '../watch/scoped.ts'
import type { WatchEngineOptions } from '../watch/engine.ts'
import type { WatchEngine } from '../watch/types.ts'
import { openClusterSource } from './clusterSource.ts'
import type { DemoCluster, DemoFactory, KubeconfigSource } from './clusterSource.ts'
import { swapClusterSet } from './kubeconfigReload.ts'
import { watchKubeconfigFiles } from './kubeconfigWatcher.ts'
import type { KubeconfigWatcher } from './kubeconfigWatcher.ts'
import { createLiveClusters } from './liveClusters.ts'
import type { LiveClusters } from './liveClusters.ts'
import { runQuitSteps } from './quitSteps.ts'
import type { QuitStep } from './quitSteps.ts'

/** The cache folder's name beside the settings file (`<app data>/cache`). */
const CACHE_FOLDER = 'cache'

/** Engine knobs for tests and the bench (production uses the engine's defaults). */
export type EngineTuning = Partial<Omit<WatchEngineOptions, 'clusters' | 'cache'>>
/** Server knobs for tests (production uses the server's defaults). */
export type ServerTuning = Partial<Pick<LocalServerOptions, 'pingMs' | 'maxBufferedBytes' | 'limiter' | 'appOrigins' | 'limits' | 'logBudget'>>
/** Upstream knobs for tests (production uses limits.ts and execRunner.ts defaults). */
export interface KubeTuning {
  readonly timeouts?: Partial<TransportTimeouts>
  readonly exec?: Partial<ExecLimits>
}

export interface BackendOptions<D extends DemoCluster = DemoCluster> {
  /** The settings file (persisted; a corrupt one is kept aside and reported); absent = in memory. */
  readonly settingsPath?: string
  /** PERISCOPE_WATCH_STREAMS / PERISCOPE_WATCH_PER_USER_LIMIT here win over the settings file. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Where the clusters come from. */
  readonly kubeconfig: KubeconfigSource
  /** `--demo`: the demo cluster even when a kubeconfig exists (needs `demo`). */
  readonly forceDemo?: boolean
  /** Starts the demo cluster (the startup files pass the simulator's `startSim`). */
  readonly demo?: DemoFactory<D>
  /** The offline cache folder; default `cache/` beside the settings file; null = no cache. */
  readonly cacheDir?: string | null
  /** Cache write timings (tests). */
  readonly cacheTuning?: Pick<SnapshotCacheOptions, 'firstWriteDelayMs' | 'minWriteIntervalMs'>
  /** The launch token; default a fresh random one. */
  readonly token?: string
  /** The actor of the launch token; default the OS user name. */
  readonly actor?: string
  /** Browser mode: more tokens, each with its actor. */
  readonly tokenActors?: ReadonlyMap<string, string>
  /** 0 (default) = any free port on 127.0.0.1. */
  readonly port?: number
  /** HTTP/2 + TLS on a per-launch certificate. */
  readonly tls?: boolean
  /** The built renderer to serve at `/`. */
  readonly rendererDir?: string
  readonly version: string
  /** One line per event, never a secret; default stderr with a `periscope: ` prefix. */
  readonly log?: (line: string) => void
  /** Watch the kubeconfig files and reload on every change (the desktop app and `serve`). */
  readonly watchKubeconfig?: boolean | { readonly debounceMs: number }
  /** After a watched reload whose problems differ from the last ones (e.g. to show a dialog). */
  readonly onProblemsChanged?: (problems: readonly KubeconfigProblem[]) => void
  readonly engine?: EngineTuning
  readonly server?: ServerTuning
  readonly kube?: KubeTuning
}

export interface Backend<D extends DemoCluster = DemoCluster> {
  readonly server: LocalServer
  /** The launch token: for the bridge's bootstrap answer or the sign-in line, never logged. */
  readonly token: string
  readonly config: RuntimeConfig
  readonly engine: WatchEngine
  /** The live cluster set (replaced on every reload). */
  readonly clusters: LiveClusters
  /** The demo cluster, when it was started. */
  readonly demo?: D
  /** The offline cache folder in use; undefined = no cache. */
  readonly cacheDir?: string
  /** The kubeconfig files read (and watched); empty for inline YAML or a forced demo. */
  readonly kubeconfigFiles: readonly string[]
  /** Problems of the kubeconfig files currently loaded ("path:line: message"). */
  problems(): readonly KubeconfigProblem[]
  /** Re-read the kubeconfig and swap the cluster set. @returns the new problems. */
  reloadKubeconfig(): readonly KubeconfigProblem[]
  /** Shutdown steps, in order: kubeconfig watcher → server → engine → demo cluster. */
  quitSteps(): QuitStep[]
  /** Run the quit steps (each time-limited); later calls return the same promise. */
  close(): Promise<void>
}

/** Which part of the start failed (the caller picks its exit code and wording). */
export type BackendStage = 'settings' | 'config' | 'demo' | 'listen'

/** A start that failed: `message` is for the user, `detail` the underlying error's message. */
export class BackendStartError extends Error {
  readonly stage: BackendStage
  readonly detail: string
  constructor(stage: BackendStage, message: string, detail: string, cause?: unknown) {
    super(message, { cause })
    this.name = 'BackendStartError'
    this.stage = stage
    this.detail = detail
  }
}

/**
 * Start the whole backend.
 * @throws BackendStartError: 'settings' (the settings file cannot be read), 'config' (an env var
 *   is invalid: the parser's message), 'demo' (the demo cluster cannot start), 'listen'.
 */
export async function composeBackend<D extends DemoCluster = DemoCluster>(o: BackendOptions<D>): Promise<Backend<D>> {
  const log =
    o.log ??
    ((line: string) => {
      process.stderr.write(`periscope: ${line}\n`)
    })
  const cfg = await createRuntimeConfig({ env: o.env, ...(o.settingsPath ? { settingsPath: o.settingsPath } : {}) }).catch((e: Error) => {
    throw new BackendStartError('settings', e.message, e.message, e)
  })
  if (!cfg.ok) throw new BackendStartError('config', cfg.error, cfg.error)
  const config = cfg.value

  const source = await openClusterSource<D>({
    kubeconfig: o.kubeconfig,
    ...(o.forceDemo ? { forceDemo: true } : {}),
    ...(o.demo ? { demo: o.demo } : {})
  }).catch((e: Error) => {
    throw new BackendStartError('demo', `the demo cluster cannot start: ${e.message}`, e.message, e)
  })
  const demo = source.demo
  // One credential cache for every set: a reload keeps the credentials of unchanged users.
  const execCache = new ExecCredentialCache(o.kube?.exec ?? {})
  const load = (): ClusterSet => loadClusters({ ...source.read(), execCache, ...(o.kube?.timeouts ? { timeouts: o.kube.timeouts } : {}) })
  let set = load()
  if (demo) log(`no kubeconfig in use: showing the demo cluster (simulated apiserver at ${demo.url})`)
  const clusters = createLiveClusters(set)
  const cacheDir = o.cacheDir === undefined ? (o.settingsPath ? join(dirname(o.settingsPath), CACHE_FOLDER) : null) : o.cacheDir
  const offline = offlineWiring({ log, kubeconfig: source.read, ...(cacheDir ? { cache: { dir: cacheDir, ...o.cacheTuning } } : {}) })
  const watchListMode = parseWatchListMode(o.env[ENV_WATCH_LIST])
  if (!watchListMode.ok) throw new BackendStartError('config', watchListMode.error, watchListMode.error)
  const mode = watchListMode.mode
  const engine = createWatchEngine({
    // Streaming lists where the apiserver has them (≥ 1.34 in auto), by its probed version.
    watchList: (c) => useWatchList(mode, clusters.list().find((x) => x.id === c)?.serverVersion),
    namespacesToWatch: (c) => config.namespacesToWatch(c),
    namespaceWatchBudget: (c) => config.namespaceWatchBudget(c) ?? DEFAULT_NAMESPACE_WATCH_BUDGET,
    ...o.engine,
    clusters,
    ...(offline.cache ? { cache: offline.cache } : {})
  })
  config.onClusterSettings(() => engine.rescope?.())
  const token = o.token ?? generateToken()
  let server: LocalServer
  try {
    server = await startLocalServer({
      ...o.server,
      engine,
      config,
      token,
      actor: o.actor ?? desktopUser(),
      version: o.version,
      log,
      port: o.port ?? 0,
      tls: o.tls === true,
      kubeconfig: offline.kubeconfig,
      // The Kubeconfig page's Reload (bound late: the reload needs the server it is given to).
      ...(source.files.length > 0
        ? {
            reloadKubeconfig: () => {
              const problems = reloadKubeconfig()
              return { contexts: clusters.list().length, problems }
            }
          }
        : {}),
      ...(o.tokenActors ? { tokenActors: o.tokenActors } : {}),
      ...(o.rendererDir ? { rendererDir: o.rendererDir } : {})
    })
  } catch (e) {
    await engine.close()
    await demo?.stop()
    const detail = (e as Error).message
    throw new BackendStartError('listen', `the local server cannot listen on 127.0.0.1: ${detail}`, detail, e)
  }

  const reloadKubeconfig = (): readonly KubeconfigProblem[] => {
    const prev = set
    set = load()
    const r = swapClusterSet({ clusters, engine, server, execCache }, prev, set)
    log(
      `kubeconfig reloaded: ${set.list().length} context(s), ${set.problems.length} problem(s)` +
        `${r.closedStreams ? `, ${r.closedStreams} stream(s) of removed contexts closed` : ''}` +
        `${r.serverChanged.length + r.userChanged.length ? `, ${r.serverChanged.length + r.userChanged.length} context(s) with new connection settings (${r.restarted} watch(es) restarted)` : ''}`
    )
    return set.problems
  }

  let watcher: KubeconfigWatcher | undefined
  if (o.watchKubeconfig && source.files.length > 0) {
    let lastProblems = JSON.stringify(set.problems)
    watcher = watchKubeconfigFiles({
      paths: source.files,
      log,
      ...(typeof o.watchKubeconfig === 'object' ? { debounceMs: o.watchKubeconfig.debounceMs } : {}),
      onChange: () => {
        const problems = reloadKubeconfig()
        const now = JSON.stringify(problems)
        if (now !== lastProblems) o.onProblemsChanged?.(problems)
        lastProblems = now
      }
    })
  }

  const quitSteps = (): QuitStep[] => [
    ...(watcher ? [{ name: 'stopping the kubeconfig watcher', run: () => watcher.close() }] : []),
    { name: 'closing the local server', run: () => server.close() },
    { name: 'closing the watch engine', run: () => engine.close() }, // it owns and closes the clusters and the cache
    ...(demo ? [{ name: 'stopping the demo cluster', run: () => demo.stop() }] : [])
  ]
  let closing: Promise<void> | undefined
  return {
    server,
    token,
    config,
    engine,
    clusters,
    ...(demo ? { demo } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    kubeconfigFiles: source.files,
    problems: () => set.problems,
    reloadKubeconfig,
    quitSteps,
    close: () => (closing ??= runQuitSteps(quitSteps(), log))
  }
}

function desktopUser(): string {
  try {
    return userInfo().username || 'desktop-user'
  } catch {
    return 'desktop-user'
  }
}
