/**
 * One kubeconfig reload: swap in the freshly read cluster set and make the change felt at once.
 *
 * Why: the engine holds a replaceable cluster set (`liveClusters.ts`), so after a swap every new
 * request already uses the new servers, CAs and credentials; but four things would otherwise lag
 * or go wrong. Streams of a removed context would stay open on a cluster that no longer exists:
 * they are ended now (their views say why); their shared watches linger and stop like any unused
 * one. A context whose server or CA changed may now be another apiserver (the demo cluster
 * restarted with a new certificate, a context pointed elsewhere): resuming its watches from the
 * old resourceVersions would keep the old rows, so its watches, live or not, start over from a
 * LIST. A context whose user changed keeps its watches, but those waiting out a backoff (up to
 * 30 s after an outage) retry now with the new credentials. And a cached exec-plugin credential
 * of a changed or removed context is forgotten, so the plugin runs again with the new entry.
 * Lifecycle: called by the composed backend's `reloadKubeconfig()`; stateless.
 */
import type { ClusterSet } from '../kube/clusterSet.ts'
import type { ExecCredentialCache } from '../kube/execCredentials.ts'
import type { LocalServer } from '../server/httpServer.ts'
import type { WatchEngine } from '../watch/types.ts'
import type { LiveClusters } from './liveClusters.ts'

/** Told to the views of a context whose server or CA changed (their list starts over). */
export const SERVER_CHANGED_REASON = 'the kubeconfig now names another server or certificate authority for this cluster; listing again'

export interface SwapParts {
  readonly clusters: LiveClusters
  readonly engine: Pick<WatchEngine, 'retryNow' | 'relistCluster'>
  readonly server: Pick<LocalServer, 'streams'>
  readonly execCache: Pick<ExecCredentialCache, 'invalidate'>
}

export interface SwapResult {
  /** Contexts gone from the kubeconfig. */
  readonly removed: readonly string[]
  /** Contexts whose server or CA changed: their watches listed again. */
  readonly serverChanged: readonly string[]
  /** Contexts whose user (credentials) changed, on the same server. */
  readonly userChanged: readonly string[]
  /** Streams of removed contexts that were ended. */
  readonly closedStreams: number
  /** Watches restarted (relisted) or woken from their backoff. */
  readonly restarted: number
}

/** Replace `prev` by `next` in `parts.clusters`, then end, forget and restart what the change affects. */
export function swapClusterSet(parts: SwapParts, prev: ClusterSet, next: ClusterSet): SwapResult {
  const removed: string[] = []
  const serverChanged: string[] = []
  const userChanged: string[] = []
  for (const { id } of prev.list()) {
    const before = prev.connectionDigest(id)
    const after = next.connectionDigest(id)
    if (!after) removed.push(id)
    else if (before?.server !== after.server) serverChanged.push(id)
    else if (before.user !== after.user) userChanged.push(id)
  }
  for (const id of [...removed, ...serverChanged, ...userChanged]) {
    const exec = prev.execOf(id)
    if (exec) parts.execCache.invalidate(exec.spec, exec.cluster)
  }
  parts.clusters.replace(next)
  const closedStreams = parts.server.streams.closeWhere((s) => !next.has(s.cluster), 'the context was removed from the kubeconfig')
  let restarted = 0
  for (const id of serverChanged) restarted += parts.engine.relistCluster(id, SERVER_CHANGED_REASON)
  for (const id of userChanged) restarted += parts.engine.retryNow(id)
  return { removed, serverChanged, userChanged, closedStreams, restarted }
}
