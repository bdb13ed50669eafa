/**
 * A cluster provider whose cluster set can be replaced while the engine runs.
 *
 * Why: the watch engine takes its clusters once, at creation, and has no reload API; the
 * kubeconfig, though, changes while the app runs. This wrapper is what the engine holds: it
 * delegates to the current set, and the sources it hands out look the set up again on every
 * list/watch call. So after `replace()`, new contexts are listed at once, removed contexts answer
 * "unknown cluster", and existing watches pick up changed credentials or servers on their next
 * (re)connect, which `kubeconfigReload.ts` brings forward (relist, retry now) and where it ends
 * the streams of removed contexts.
 * Lifecycle: made once over the first set; `replace()` on every kubeconfig change (closes the old
 * set's probes and probes the new one); `close()` (called by the engine's close) closes the
 * current set, and any set given after that is closed at once.
 */
import type { AccessAnswer, AccessQuestion } from '../kube/accessReview.ts'
import type { AnyKindDef as KindDef } from '../../shared/kinds/anyKind.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { DiscoveryResult } from '../kube/discovery.ts'
import type { ClusterInfo } from '../../shared/api/wire.ts'
import type { ResourceSource } from '../kube/source.ts'
import type { PodLogQuery, PodLogRequest } from '../kube/logSource.ts'
import type { ClusterProvider } from '../watch/engine.ts'

export interface LiveClusters extends ClusterProvider {
  /** Swap in a freshly loaded cluster set. */
  replace(next: ClusterProvider): void
  /** The set in use now. */
  current(): ClusterProvider
}

/** Wrap `initial` so it can be replaced later. */
export function createLiveClusters(initial: ClusterProvider): LiveClusters {
  let current = initial
  let closed = false
  return {
    list: (): readonly ClusterInfo[] => current.list(),
    has: (id: string): boolean => current.has(id),
    source(id: string, kind: KindDef, namespace: string, onColumns?: (columns: readonly ColumnDef[]) => void): ResourceSource {
      // Resolved per set: a watch that reconnects after a reload uses the new set. The inner
      // source is kept while the set is (a Table source remembers its columns).
      let set: ClusterProvider | undefined
      let inner: ResourceSource | undefined
      const get = (): ResourceSource & { columns?: () => readonly ColumnDef[] | undefined; cellCount?: () => number } => {
        if (!inner || set !== current) {
          set = current
          inner = current.source(id, kind, namespace, onColumns)
        }
        return inner
      }
      return {
        list: (o) => get().list(o),
        watch: (o) => get().watch(o),
        columns: () => get().columns?.(),
        cellCount: () => get().cellCount?.() ?? 0
      } as ResourceSource
    },
    async discover(id: string, signal: AbortSignal): Promise<DiscoveryResult> {
      const set = current
      if (!set.discover) return { kinds: [], partial: '', mode: 'aggregated' }
      return set.discover(id, signal)
    },
    async getObject(id: string, kind: KindDef, namespace: string, name: string, signal: AbortSignal): Promise<unknown> {
      const set = current
      if (!set.getObject) throw new Error('this cluster set cannot fetch single objects')
      return set.getObject(id, kind, namespace, name, signal)
    },
    async podLog(id: string, namespace: string, pod: string, query: PodLogQuery, req: PodLogRequest): Promise<void> {
      const set = current
      if (!set.podLog) throw new Error('this cluster set cannot read pod logs')
      return set.podLog(id, namespace, pod, query, req)
    },
    async accessReview(id: string, q: AccessQuestion, signal: AbortSignal): Promise<AccessAnswer> {
      const set = current
      // Without reviews the engine watches without asking (a failed review counts as allowed).
      if (!set.accessReview) throw new Error('this cluster set cannot review access')
      return set.accessReview(id, q, signal)
    },
    probeAll: async (): Promise<void> => {
      await current.probeAll?.()
    },
    probe: async (id: string): Promise<unknown> => current.probe?.(id),
    close(): void {
      closed = true
      current.close?.()
    },
    replace(next: ClusterProvider): void {
      if (closed) {
        next.close?.()
        return
      }
      const old = current
      current = next
      old.close?.()
      void next.probeAll?.().catch(() => undefined)
    },
    current: () => current
  }
}
