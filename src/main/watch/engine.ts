/**
 * The watch engine factory: the one object the server (and the app shell) talk to.
 *
 * Why: it composes the cluster set (kubeconfig → transports), the registry (one shared watch per
 * key) and the polled list, behind the `WatchEngine` contract of types.ts, so the server never
 * reaches into either side. Lifecycle: `createWatchEngine()` probes every cluster's /version in
 * the background; `subscribe()` acquires a shared watch (created on demand) and `close()` on the
 * subscription releases it (it lingers, then stops); `list()` answers from a synced cache or does
 * one paginated LIST (concurrent identical LISTs share one request) without starting a watch;
 * `close()` stops every watch, aborts every request and clears every timer.
 * Offline (with a `cache`): every synced watch and every one-shot LIST is recorded (the cache
 * debounces the writes); when a cluster is down (status offline/error) or its LIST fails, the
 * polled list answers the last snapshot with `stale: true` and `lastSeen`. Live rows replace
 * them as soon as the cluster answers again — except when the cluster refused the kind (403,
 * 404): that error is the answer. On `close()` the cache is flushed. `clusters()` adds each
 * reachable cluster's per-kind problems (problems.ts) and the kinds with no access.
 * Access (accessScope.ts): before a watch or a list the user's access is reviewed; a namespaced
 * kind forbidden cluster-wide is served as the union of the namespaces the user may read.
 */
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import type { ClusterInfo, DebugWatch } from '../../shared/api/wire.ts'
import type { AnyKindDef } from '../../shared/kinds/anyKind.ts'
import { customKindDef, isCustomToken, splitCustomToken } from '../../shared/kinds/custom.ts'
import { isKindId, kindDef } from '../../shared/kinds/registry.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import { projectRow } from '../../shared/kinds/rows/index.ts'
import type { DiscoveryResult } from '../kube/discovery.ts'
import { isKindLevel } from '../kube/errors.ts'
import type { ResourceSource } from '../kube/source.ts'
import type { PodLogQuery, PodLogRequest } from '../kube/logSource.ts'
import type { AccessAnswer, AccessQuestion } from '../kube/accessReview.ts'
import { createAccessScope } from './accessScope.ts'
import { CustomKinds } from './customKinds.ts'
import { tableProjector } from './tableRows.ts'
import type { BackoffOptions } from './backoff.ts'
import { newestEvents } from './eventsOrder.ts'
import { isSecretObject, objectForWindow } from './objectForWindow.ts'
import { KindProblems } from './problems.ts'
import { WatchRegistry, watchKey } from './registry.ts'
import type { WatchCeilings } from './registry.ts'
import { SharedWatch } from './sharedWatch.ts'
import type { Subscription, SubscribeOptions, WatchEngine, WatchKeyParts, WatchSubscriber } from './types.ts'

/** Unused watches stay up this long, so switching views does not relist (TanStack gcTime shape). */
export const DEFAULT_LINGER_MS = 30_000
/** Bookmarks come every ~60 s; 90 s of silence means a dead (half-open) watch. */
export const DEFAULT_LIVENESS_MS = 90_000
/** Deltas kept per watch for resume: ~1.5 s at 500 events/s, minutes on a normal cluster. */
export const DEFAULT_HISTORY_SIZE = 1_000
/**
 * A kind whose CRD changed is relisted at once and again this much later: the apiserver's
 * handler swap after a CRD update (apiextensions-apiserver's crdHandler) takes well under a
 * second; a relist in between gets the old Table columns.
 */
const CRD_RELIST_AGAIN_MS = 1_500

/** What the engine needs from the clusters (the kube ClusterSet implements it). */
export interface ClusterProvider {
  list(): readonly ClusterInfo[]
  has(id: string): boolean
  /**
   * The list/watch pair of one collection (namespace '' = all namespaces / cluster-scoped). A
   * custom kind's source reads the apiserver's Table and reports its columns to `onColumns`.
   */
  source(id: string, kind: AnyKindDef, namespace: string, onColumns?: (columns: readonly ColumnDef[]) => void): ResourceSource
  /** GET one object of a collection (namespace '' for cluster-scoped kinds). */
  getObject?(id: string, kind: AnyKindDef, namespace: string, name: string, signal: AbortSignal): Promise<unknown>
  /** Discover the custom kinds the cluster serves (discovery.ts); optional (none without it). */
  discover?(id: string, signal: AbortSignal): Promise<DiscoveryResult>
  /** Read one container's log (follow: until the container stops); optional. */
  podLog?(id: string, namespace: string, pod: string, query: PodLogQuery, req: PodLogRequest): Promise<void>
  /** One SelfSubjectAccessReview; optional (without it the engine watches without asking). */
  accessReview?(id: string, q: AccessQuestion, signal: AbortSignal): Promise<AccessAnswer>
  /** Probe every cluster (e.g. GET /version); optional. */
  probeAll?(): Promise<void>
  /** Probe one cluster now (its status follows the answer); optional. */
  probe?(id: string): Promise<unknown>
  /** Abort the provider's own requests; optional. */
  close?(): void
}

/** The rows of one (cluster, kind, namespace) as kept for offline browsing. */
export interface OfflineSnapshot {
  readonly items: readonly RowDto[]
  readonly resourceVersion: string
  /** ISO time the rows were last known to match the cluster. */
  readonly lastSeen: string
  /** The cluster's server host when recorded: rows of another server are never shown. */
  readonly server?: string
  /** Set when `items` is a bounded copy: how many rows the list had (the cache keeps at most 20,000). */
  readonly totalRows?: number
  /** A custom kind's Table columns (its rows' cells are keyed by them). */
  readonly columns?: readonly ColumnDef[]
}

/** Where the engine keeps the last snapshot of each list (the disk cache implements it). */
export interface OfflineCache {
  /** The rows of `key` changed; `take()` is called later (debounced) for what to persist. */
  mark(key: WatchKeyParts, take: () => OfflineSnapshot | undefined): void
  /** The last snapshot of `key`, or undefined (none, unreadable or corrupt). Never throws. */
  read(key: WatchKeyParts): Promise<OfflineSnapshot | undefined>
  /** Persist everything pending and stop timers. */
  close(): Promise<void>
}

export interface WatchEngineOptions {
  /** The clusters; the engine owns them from now on (its `close()` closes them). */
  readonly clusters: ClusterProvider
  /**
   * Offline snapshots: every list the engine sees is recorded, and the polled list of a cluster
   * that cannot be listed answers the cached rows with `stale: true`. The engine closes it.
   */
  readonly cache?: OfflineCache
  readonly lingerMs?: number
  /** Upstream watch ceilings, lingering watches counted (registry.ts; default 1024 / 320 per cluster). */
  readonly ceilings?: Partial<WatchCeilings>
  readonly livenessMs?: number
  readonly historySize?: number
  readonly backoff?: Partial<BackoffOptions>
  /** Probe every cluster at creation (default true). */
  readonly probe?: boolean
  /** How long an access review's answer is trusted (access.ts; default ACCESS_TTL_MS). */
  readonly accessTtlMs?: number
  /** Per-cluster budget of namespace watches of "all namespaces" unions (default DEFAULT_NAMESPACE_WATCH_BUDGET). */
  readonly namespaceWatchBudget?: (cluster: string) => number
  /**
   * Whether the syncs of `cluster`'s built-in kinds may use a WatchList now (watchList.ts,
   * `PERISCOPE_WATCH_LIST`); absent = always the paged LIST. Custom kinds (Table) always list.
   */
  readonly watchList?: (cluster: string) => boolean
  /** The cluster's "namespaces to watch" setting: candidates for a user who may not list namespaces. */
  readonly namespacesToWatch?: (cluster: string) => readonly string[]
}

/** Error thrown by `subscribe`/`list` for a cluster that is not in the kubeconfig. */
export class UnknownClusterError extends Error {
  readonly code = 'UnknownCluster'
  constructor(cluster: string) {
    super(`unknown cluster "${cluster}"`)
    this.name = 'UnknownClusterError'
  }
}

/** Thrown for a custom kind token the cluster's discovery does not serve (answered 404). */
export class KindNotServedError extends Error {
  readonly code = 'KindNotServed'
  readonly status = 404
  constructor(cluster: string, token: string) {
    super(`cluster "${cluster}" does not serve ${token} (no such resource in its API discovery)`)
    this.name = 'KindNotServedError'
  }
}

/** Build the watch engine. */
export function createWatchEngine(opts: WatchEngineOptions): WatchEngine {
  const clusters = opts.clusters
  const livenessMs = opts.livenessMs ?? DEFAULT_LIVENESS_MS
  const historySize = opts.historySize ?? DEFAULT_HISTORY_SIZE
  const cache = opts.cache
  /** The second relist of a kind whose CRD changed (see onCrdModified), per cluster and token. */
  const crdRelists = new Map<string, NodeJS.Timeout>()
  /** One map key for a cluster and a custom kind token (crdRelists, provisional). */
  const crdKey = (cluster: string, token: string): string => `${cluster}\n${token}`
  const customKinds = new CustomKinds({
    discover: (cluster, signal) => (clusters.discover ? clusters.discover(cluster, signal) : Promise.resolve({ kinds: [], partial: '', mode: 'aggregated' })),
    // Through the access checks: a user who may not list CRDs gets "no access" for that kind (and
    // the timer), never an upstream watch failing with 403 shown as a problem of her cluster.
    subscribe: (key, sub) => scope.subscribe(normalise(key), sub),
    onCrdModified: (cluster, token) => {
      const relist = (): void => {
        for (const w of registry.all())
          if (w.key.cluster === cluster && w.key.kind === token) w.relist(`the CustomResourceDefinition ${token} changed; relisting`)
      }
      relist()
      // The apiserver swaps the resource's handler (its Table columns) asynchronously after the
      // CRD update; a LIST in between still gets the old columns, and its watch may then close
      // cleanly instead of with 410. One more relist once the swap is done settles the view.
      const key = crdKey(cluster, token)
      clearTimeout(crdRelists.get(key))
      const t = setTimeout(() => {
        crdRelists.delete(key)
        relist()
      }, CRD_RELIST_AGAIN_MS)
      t.unref()
      crdRelists.set(key, t)
    },
    onChange: (cluster, added, removed) => {
      const gone = new Set<string>(removed)
      // A deleted CRD: its pending second relist would LIST a kind that is going away.
      for (const token of removed) {
        clearTimeout(crdRelists.get(crdKey(cluster, token)))
        crdRelists.delete(crdKey(cluster, token))
      }
      const back = new Set<string>(added)
      for (const w of registry.all()) {
        if (w.key.cluster !== cluster) continue
        if (gone.has(w.key.kind)) w.setGone(`${w.key.kind} is no longer served by cluster "${cluster}" (its CustomResourceDefinition was deleted)`)
        else if (back.has(w.key.kind)) w.setGone(undefined)
      }
    }
  })

  /**
   * The def of a kind on a cluster: the registry's, or the custom kind its discovery serves.
   * @throws KindNotServedError for a custom token the cluster does not serve (or not yet known).
   */
  function defOf(cluster: string, kind: string): AnyKindDef {
    if (isKindId(kind)) return kindDef(kind)
    const d = customKinds.def(cluster, kind) ?? provisional.get(`${cluster}\n${kind}`)
    if (!d) throw new KindNotServedError(cluster, kind)
    return d
  }
  /**
   * Defs of custom kinds asked for while their cluster's discovery has never answered (down,
   * offline): enough to key and read their offline rows; the LIST itself fails like the cluster.
   */
  const provisional = new Map<string, AnyKindDef>()

  /** The source of a key, with the Table projector for custom kinds. */
  function sourceOf(key: WatchKeyParts): { source: ResourceSource; project?: (obj: Parameters<typeof projectRow>[1]) => RowDto } {
    const def = defOf(key.cluster, key.kind)
    const source = clusters.source(key.cluster, def, key.namespace, (cols) => customKinds.setColumns(key.cluster, key.kind, cols))
    const project = isCustomToken(key.kind) ? tableProjector(key.kind, source) : undefined
    return project ? { source, project } : { source }
  }

  /** A custom kind's rows carry its Table columns (the view shows them instead of registry ones). */
  function withColumns<T extends object>(key: WatchKeyParts, v: T): T {
    if (!isCustomToken(key.kind)) return v
    const columns = customKinds.columnsOf(key.cluster, key.kind)
    return columns ? { ...v, columns } : v
  }

  const registry = new WatchRegistry(
    (key) => {
      // One closure per watch, not per event: the cache only calls `take` when it writes.
      const take = (): OfflineSnapshot | undefined => {
        const snap = w.offlineSnapshot()
        return withServer(key.cluster, snap && withColumns(key, snap))
      }
      const { source, project } = sourceOf(key)
      const w: SharedWatch = new SharedWatch({
        key,
        source,
        ...(project ? { project } : {}),
        ...(opts.watchList && !project ? { watchList: () => opts.watchList!(key.cluster) } : {}),
        livenessMs,
        historySize,
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        ...(cache ? { onChanged: () => cache.mark(key, take) } : {})
      })
      return w
    },
    opts.lingerMs ?? DEFAULT_LINGER_MS,
    opts.ceilings
  )
  const oneShots = new Map<string, Promise<RowList>>()
  const oneShotAborts = new Set<AbortController>()
  const problems = new KindProblems()
  const probing = opts.probe === false || !clusters.probeAll ? Promise.resolve() : clusters.probeAll().catch(() => undefined)
  let closed = false

  /** Tag a snapshot with the cluster's server host (rows of another server are never shown). */
  function withServer(cluster: string, snap: OfflineSnapshot | undefined): OfflineSnapshot | undefined {
    const server = clusters.list().find((c) => c.id === cluster)?.server
    return snap && server !== undefined ? { ...snap, server } : snap
  }

  /** The cached rows of `key` as a stale polled list, when there are any for this server. */
  async function cachedList(key: WatchKeyParts): Promise<RowList | undefined> {
    if (!cache || closed) return undefined
    const snap = await cache.read(key)
    if (!snap) return undefined
    const server = clusters.list().find((c) => c.id === key.cluster)?.server
    if (snap.server !== undefined && server !== undefined && snap.server !== server) return undefined
    return {
      items: snap.items,
      resourceVersion: snap.resourceVersion,
      ...(snap.columns ? { columns: snap.columns } : {}),
      stale: true,
      lastSeen: snap.lastSeen,
      ...(snap.totalRows !== undefined && snap.totalRows > snap.items.length ? { total: snap.totalRows } : {})
    }
  }

  /** Status offline/error: the polled list answers from the cache without waiting on the network. */
  function isDown(cluster: string): boolean {
    const status = clusters.list().find((c) => c.id === cluster)?.status
    return status === 'offline' || status === 'error'
  }

  /** Validate and normalise a key: cluster-scoped kinds ignore the namespace. */
  function normalise(key: WatchKeyParts): WatchKeyParts {
    if (!clusters.has(key.cluster)) throw new UnknownClusterError(key.cluster)
    const def = defOf(key.cluster, key.kind)
    return { cluster: key.cluster, kind: key.kind, namespace: def.namespaced ? key.namespace : '' }
  }

  async function listOnce(key: WatchKeyParts): Promise<RowList> {
    const ac = new AbortController()
    oneShotAborts.add(ac)
    try {
      const items: RowDto[] = []
      const { source, project } = sourceOf(key)
      const kind = key.kind
      const { resourceVersion } = await source.list({
        signal: ac.signal,
        onPage: (page) => {
          for (const obj of page) items.push(project ? project(obj) : projectRow(kind as Parameters<typeof projectRow>[0], obj))
        }
      })
      const list: RowList = withColumns(key, { items: key.kind === 'events' ? newestEvents(items) : items, resourceVersion, stale: false })
      problems.clear(key)
      const lastSeen = new Date().toISOString()
      cache?.mark(key, () => withServer(key.cluster, { items: list.items, resourceVersion, lastSeen, ...(list.columns ? { columns: list.columns } : {}) }))
      return list
    } catch (err) {
      problems.record(key, err)
      throw err
    } finally {
      oneShotAborts.delete(ac)
    }
  }

  /** Subscribe to the shared watch of `k` (already normalised), without access checks. */
  function subscribePlain(k: WatchKeyParts, sub: WatchSubscriber, subOpts?: SubscribeOptions): Subscription {
    const watch = registry.acquire(k)
    const slot = watch.add(sub, subOpts)
    let open = true
    return {
      close(): void {
        if (!open) return
        open = false
        watch.remove(slot)
        registry.release(k)
      }
    }
  }

  /** The polled list of `k` (already normalised), without access checks. */
  async function listPlain(k: WatchKeyParts): Promise<RowList> {
    const w = registry.get(k)
    if (w?.isSynced) return withColumns(k, w.polled())
    const id = watchKey(k)
    let p = oneShots.get(id)
    if (!p) {
      p = listOnce(k).finally(() => oneShots.delete(id))
      p.catch(() => undefined) // awaited below, or dropped when the cache answers first
      oneShots.set(id, p)
    }
    if (cache && isDown(k.cluster)) {
      // Answer the cache now; the LIST still runs, so a cluster that is back turns `ok` (and
      // the next poll gets live rows) without waiting for a probe.
      const cached = await cachedList(k)
      if (cached) return cached
    }
    try {
      return await p
    } catch (err) {
      // The cluster answered, and said no to this kind (403, 404): that is the answer, not an
      // outage to paper over with cached rows.
      if (isKindLevel(err)) throw err
      const cached = await cachedList(k)
      if (cached) return cached
      throw err
    }
  }

  const scope = createAccessScope({
    ...(clusters.accessReview ? { review: clusters.accessReview.bind(clusters) } : {}),
    contextNamespace: (cluster) => clusters.list().find((c) => c.id === cluster)?.namespace,
    defOf,
    subscribePlain,
    listPlain,
    ...(opts.accessTtlMs !== undefined ? { accessTtlMs: opts.accessTtlMs } : {}),
    ...(opts.namespaceWatchBudget ? { namespaceWatchBudget: opts.namespaceWatchBudget } : {}),
    ...(opts.namespacesToWatch ? { namespacesToWatch: opts.namespacesToWatch } : {})
  })

  return {
    clusters: () => {
      const byCluster = problems.byCluster(registry.all())
      return clusters.list().map((c) => {
        const p = c.status === 'ok' || c.status === 'connecting' ? byCluster.get(c.id) : undefined
        const denied = scope.noAccessOf(c.id)
        return { ...c, ...(p ? { problems: p } : {}), ...(denied.length ? { noAccess: denied } : {}) }
      })
    },
    hasCluster: (cluster) => clusters.has(cluster),

    refusal(key: WatchKeyParts): string | undefined {
      if (closed || !clusters.has(key.cluster)) return undefined // subscribe says why
      return registry.refusal(normalise(key))
    },

    subscribe(key: WatchKeyParts, sub: WatchSubscriber, subOpts?: SubscribeOptions): Subscription {
      if (closed) throw new Error('the watch engine is closed')
      const k = normalise(key)
      // A provisional def (discovery never answered) is for offline rows only: no watch on a guess.
      if (provisional.has(`${k.cluster}\n${k.kind}`) && !customKinds.def(k.cluster, k.kind)) throw new KindNotServedError(k.cluster, k.kind)
      // Access checks first (accessScope.ts); a scoped subscription may hold a union, closed with the engine.
      return scope.subscribe(k, sub, subOpts)
    },

    async list(key: WatchKeyParts): Promise<RowList> {
      const k = normalise(key)
      return scope.list(k)
    },
    async getObject(key: WatchKeyParts, name: string): Promise<Record<string, unknown>> {
      const k = normalise(key)
      if (!clusters.getObject) throw new Error('this cluster provider cannot fetch single objects')
      const ac = new AbortController()
      oneShotAborts.add(ac)
      try {
        const def = defOf(k.cluster, k.kind)
        const obj = (await clusters.getObject(k.cluster, def, k.namespace, name, ac.signal)) as Record<string, unknown>
        // Secret values never reach the window (objectForWindow.ts); known by the route's kind too,
        // in case an apiserver left apiVersion/kind out of a GET answer.
        return objectForWindow(obj, def.id === 'secrets' || isSecretObject(obj))
      } finally {
        oneShotAborts.delete(ac)
      }
    },

    async podLog(cluster: string, namespace: string, pod: string, query: PodLogQuery, req: PodLogRequest): Promise<void> {
      if (!clusters.has(cluster)) throw new UnknownClusterError(cluster)
      if (!clusters.podLog) throw new Error('this cluster provider cannot read pod logs')
      return clusters.podLog(cluster, namespace, pod, query, req)
    },

    debugWatches: (): readonly DebugWatch[] => registry.all().map((w) => w.debug()),

    customKinds(cluster: string) {
      if (!clusters.has(cluster)) throw new UnknownClusterError(cluster)
      return customKinds.kinds(cluster)
    },

    async resolveKind(cluster: string, token: string): Promise<AnyKindDef | undefined> {
      if (isKindId(token)) return kindDef(token)
      if (!isCustomToken(token)) return undefined
      if (!clusters.has(cluster)) throw new UnknownClusterError(cluster)
      if (await customKinds.resolve(cluster, token)) return defOf(cluster, token)
      if (customKinds.discovered(cluster)) return undefined
      const key = crdKey(cluster, token)
      let p = provisional.get(key)
      if (!p) {
        const { resource, apiGroup } = splitCustomToken(token)
        p = customKindDef({
          apiGroup,
          version: '',
          resource,
          kind: '',
          singular: '',
          namespaced: true,
          shortNames: [],
          categories: [],
          status: false,
          scale: false
        })
        provisional.set(key, p)
      }
      return p
    },

    columnsOf: (cluster: string, token: string) => customKinds.columnsOf(cluster, token),

    async retryCluster(cluster: string): Promise<ClusterInfo | undefined> {
      if (!clusters.has(cluster)) throw new UnknownClusterError(cluster)
      await clusters.probe?.(cluster)
      for (const w of registry.all()) if (w.key.cluster === cluster) w.retryNow()
      return clusters.list().find((c) => c.id === cluster)
    },

    rescope: (cluster) => scope.rescope(cluster),

    retryNow(cluster: string): number {
      scope.forget(cluster)
      let woken = 0
      for (const w of registry.all()) if (w.key.cluster === cluster && w.retryNow()) woken++
      return woken
    },

    relistCluster(cluster: string, reason: string): number {
      let restarted = 0
      for (const w of registry.all()) if (w.key.cluster === cluster && w.relist(reason)) restarted++
      return restarted
    },

    async close(): Promise<void> {
      closed = true
      for (const t of crdRelists.values()) clearTimeout(t)
      crdRelists.clear()
      customKinds.close()
      scope.close()
      for (const ac of oneShotAborts) ac.abort()
      clusters.close?.()
      await Promise.all([registry.close(), probing, ...[...oneShots.values()].map((p) => p.catch(() => undefined))])
      await cache?.close()
    }
  }
}
