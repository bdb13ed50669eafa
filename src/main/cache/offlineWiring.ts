/**
 * The offline features as a composition root wires them: the disk cache for the engine and the
 * kubeconfig browser for the server (`GET /api/kubeconfig`).
 *
 * Why one helper: `cli/serve.ts` and the Electron backend must wire the same two things the
 * same way (the browser's namespaces come from the cache's `namespaces` rows). Lifecycle: made
 * once before the engine; the engine owns (and closes) the cache; `kubeconfig()` answers a kept
 * view until a kubeconfig file or the cached namespaces change (kubeconfigView.ts), so a
 * reloaded kubeconfig shows at once, with no network, and 10,000 contexts cost one parse.
 */
import type { ReadOptions } from '../kube/kubeconfig.ts'
import type { KubeconfigView } from '../kube/kubeconfigBrowser.ts'
import { kubeconfigViewer } from '../kube/kubeconfigView.ts'
import { openSnapshotCache } from './snapshotCache.ts'
import type { SnapshotCache } from './snapshotCache.ts'

export interface OfflineWiringOptions {
  /** The cache folder: `<app data>/cache` (beside the settings file). */
  readonly cacheDir: string
  /** Where the kubeconfig comes from now (files, $KUBECONFIG, or the demo's inline YAML). */
  readonly kubeconfig: () => ReadOptions
  readonly log: (line: string) => void
}

export interface OfflineWiring {
  /** Give to `createWatchEngine({ cache })`; the engine closes it. */
  readonly cache: SnapshotCache
  /** Give to `startLocalServer({ kubeconfig })`. */
  readonly kubeconfig: () => Promise<KubeconfigView>
}

/** Open the cache and build the kubeconfig browser over it. */
export function offlineWiring(o: OfflineWiringOptions): OfflineWiring {
  const cache = openSnapshotCache({ dir: o.cacheDir, log: o.log })
  return {
    cache,
    kubeconfig: kubeconfigViewer({
      options: o.kubeconfig,
      namespacesStamp: () => cache.stamp('namespaces'),
      namespaces: async (context) => {
        const snap = await cache.read({ cluster: context, kind: 'namespaces', namespace: '' })
        return snap && { names: snap.items.map((r) => r.name), lastSeen: snap.lastSeen }
      }
    })
  }
}
