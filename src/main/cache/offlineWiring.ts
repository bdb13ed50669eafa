/**
 * The offline features as the composed backend wires them: the disk cache for the engine and the
 * kubeconfig browser for the server (`GET /api/kubeconfig`).
 *
 * Why one helper: the browser's namespaces come from the cache's `namespaces` rows, so the two
 * are wired together. Lifecycle: made once before the engine; the engine owns (and closes) the
 * cache; `kubeconfig()` answers a kept view until a kubeconfig file or the cached namespaces
 * change (kubeconfigView.ts), so a reloaded kubeconfig shows at once, with no network, and
 * 10,000 contexts cost one parse. Without a cache folder (tests, in-memory stacks) there is no
 * cache and the browser lists no namespaces.
 */
import type { ReadOptions } from '../kube/kubeconfig.ts'
import type { KubeconfigView } from '../kube/kubeconfigBrowser.ts'
import { kubeconfigViewer } from '../kube/kubeconfigView.ts'
import { openSnapshotCache } from './snapshotCache.ts'
import type { SnapshotCache, SnapshotCacheOptions } from './snapshotCache.ts'

export interface OfflineWiringOptions {
  /** The cache folder (`<app data>/cache`, beside the settings file) and its tuning; absent = no cache. */
  readonly cache?: Omit<SnapshotCacheOptions, 'log'>
  /** Where the kubeconfig comes from now (files, $KUBECONFIG, or the demo's inline YAML). */
  readonly kubeconfig: () => ReadOptions
  readonly log: (line: string) => void
}

export interface OfflineWiring {
  /** Give to `createWatchEngine({ cache })`; the engine closes it. */
  readonly cache?: SnapshotCache
  /** Give to `startLocalServer({ kubeconfig })`. */
  readonly kubeconfig: () => Promise<KubeconfigView>
}

/** Open the cache (when a folder is given) and build the kubeconfig browser over it. */
export function offlineWiring(o: OfflineWiringOptions): OfflineWiring {
  const cache = o.cache ? openSnapshotCache({ ...o.cache, log: o.log }) : undefined
  return {
    ...(cache ? { cache } : {}),
    kubeconfig: kubeconfigViewer({
      options: o.kubeconfig,
      namespacesStamp: () => cache?.stamp('namespaces') ?? 0,
      ...(cache
        ? {
            namespaces: async (context: string) => {
              const snap = await cache.read({ cluster: context, kind: 'namespaces', namespace: '' })
              return snap && { names: snap.items.map((r) => r.name), lastSeen: snap.lastSeen }
            }
          }
        : {})
    })
  }
}
