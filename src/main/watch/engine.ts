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
 */
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import type { ClusterInfo, DebugWatch } from '../../shared/dto/wire.ts'
import { kindDef } from '../../shared/kinds/registry.ts'
import type { KindDef } from '../../shared/kinds/registry.ts'
import { projectRow } from '../../shared/kinds/rows/index.ts'
import type { ResourceSource } from '../kube/source.ts'
import type { BackoffOptions } from './backoff.ts'
import { EVENTS_CAP, newestEvents } from './eventsOrder.ts'
import { WatchRegistry, watchKey } from './registry.ts'
import { SharedWatch } from './sharedWatch.ts'
import type { Subscription, SubscribeOptions, WatchEngine, WatchKeyParts, WatchSubscriber } from './types.ts'

/** Unused watches stay up this long, so switching views does not relist (TanStack gcTime shape). */
export const DEFAULT_LINGER_MS = 30_000
/** Bookmarks come every ~60 s; 90 s of silence means a dead (half-open) watch. */
export const DEFAULT_LIVENESS_MS = 90_000
/** Deltas kept per watch for resume: ~1.5 s at 500 events/s, minutes on a normal cluster. */
export const DEFAULT_HISTORY_SIZE = 1_000

/** What the engine needs from the clusters (the kube ClusterSet implements it). */
export interface ClusterProvider {
  list(): readonly ClusterInfo[]
  has(id: string): boolean
  /** The list/watch pair of one collection (namespace '' = all namespaces / cluster-scoped). */
  source(id: string, kind: KindDef, namespace: string): ResourceSource
  /** GET one object of a collection (namespace '' for cluster-scoped kinds). */
  getObject?(id: string, kind: KindDef, namespace: string, name: string, signal: AbortSignal): Promise<unknown>
  /** Probe every cluster (e.g. GET /version); optional. */
  probeAll?(): Promise<void>
  /** Abort the provider's own requests; optional. */
  close?(): void
}

export interface WatchEngineOptions {
  /** The clusters; the engine owns them from now on (its `close()` closes them). */
  readonly clusters: ClusterProvider
  readonly lingerMs?: number
  readonly livenessMs?: number
  readonly historySize?: number
  readonly backoff?: Partial<BackoffOptions>
  /** Events snapshot / polled list cap (default 200). */
  readonly eventsCap?: number
  /** Probe every cluster at creation (default true). */
  readonly probe?: boolean
}

/** Error thrown by `subscribe`/`list` for a cluster that is not in the kubeconfig. */
export class UnknownClusterError extends Error {
  readonly code = 'UnknownCluster'
  constructor(cluster: string) {
    super(`unknown cluster "${cluster}"`)
    this.name = 'UnknownClusterError'
  }
}

/** Build the watch engine. */
export function createWatchEngine(opts: WatchEngineOptions): WatchEngine {
  const clusters = opts.clusters
  const livenessMs = opts.livenessMs ?? DEFAULT_LIVENESS_MS
  const historySize = opts.historySize ?? DEFAULT_HISTORY_SIZE
  const eventsCap = opts.eventsCap ?? EVENTS_CAP
  const registry = new WatchRegistry((key) => new SharedWatch({
    key, source: clusters.source(key.cluster, kindDef(key.kind), key.namespace), livenessMs, historySize, eventsCap,
    ...(opts.backoff ? { backoff: opts.backoff } : {})
  }), opts.lingerMs ?? DEFAULT_LINGER_MS)
  const oneShots = new Map<string, Promise<RowList>>()
  const oneShotAborts = new Set<AbortController>()
  const probing = opts.probe === false || !clusters.probeAll ? Promise.resolve() : clusters.probeAll().catch(() => undefined)
  let closed = false

  /** Validate and normalise a key: cluster-scoped kinds ignore the namespace. */
  function normalise(key: WatchKeyParts): WatchKeyParts {
    if (!clusters.has(key.cluster)) throw new UnknownClusterError(key.cluster)
    const def = kindDef(key.kind)
    return { cluster: key.cluster, kind: key.kind, namespace: def.namespaced ? key.namespace : '' }
  }

  async function listOnce(key: WatchKeyParts): Promise<RowList> {
    const ac = new AbortController()
    oneShotAborts.add(ac)
    try {
      const items: RowDto[] = []
      const { resourceVersion } = await clusters.source(key.cluster, kindDef(key.kind), key.namespace).list({
        signal: ac.signal,
        onPage: (page) => { for (const obj of page) items.push(projectRow(key.kind, obj)) }
      })
      return { items: key.kind === 'events' ? newestEvents(items, eventsCap) : items, resourceVersion, stale: false }
    } finally {
      oneShotAborts.delete(ac)
    }
  }

  return {
    clusters: () => clusters.list(),
    hasCluster: (cluster) => clusters.has(cluster),

    subscribe(key: WatchKeyParts, sub: WatchSubscriber, subOpts?: SubscribeOptions): Subscription {
      if (closed) throw new Error('the watch engine is closed')
      const k = normalise(key)
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
    },

    async list(key: WatchKeyParts): Promise<RowList> {
      const k = normalise(key)
      const w = registry.get(k)
      if (w?.isSynced) return w.polled()
      const id = watchKey(k)
      let p = oneShots.get(id)
      if (!p) {
        p = listOnce(k).finally(() => oneShots.delete(id))
        oneShots.set(id, p)
      }
      return p
    },

    async getObject(key: WatchKeyParts, name: string): Promise<Record<string, unknown>> {
      const k = normalise(key)
      if (!clusters.getObject) throw new Error('this cluster provider cannot fetch single objects')
      const ac = new AbortController()
      oneShotAborts.add(ac)
      try {
        const obj = (await clusters.getObject(k.cluster, kindDef(k.kind), k.namespace, name, ac.signal)) as Record<string, unknown>
        const meta = obj.metadata as Record<string, unknown> | undefined
        if (meta && 'managedFields' in meta) {
          const { managedFields: _dropped, ...rest } = meta
          return { ...obj, metadata: rest }
        }
        return obj
      } finally {
        oneShotAborts.delete(ac)
      }
    },

    debugWatches: (): readonly DebugWatch[] => registry.all().map((w) => w.debug()),

    async close(): Promise<void> {
      closed = true
      for (const ac of oneShotAborts) ac.abort()
      clusters.close?.()
      await Promise.all([registry.close(), probing, ...[...oneShots.values()].map((p) => p.catch(() => undefined))])
    }
  }
}
