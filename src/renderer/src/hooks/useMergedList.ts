/**
 * The rows of several clusters' lists of one kind as one list (stores/mergedRows.ts), caught up
 * on every change of any of them, plus each cluster's own meta (health, count, progress).
 *
 * Lifecycle: one merged list per (clusters, kind, namespace), made on first use and replaced when
 * the selection changes; each render with a newer version of any source applies only what that
 * source's change log names. The streams themselves are opened by each cluster's view
 * (useResourceStream), so every cluster keeps its own stream, health and fallback.
 */
import { useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { listKey, lists } from '../stores/listStore.ts'
import type { ListData, ListMeta } from '../stores/listStore.ts'
import { createMergedList } from '../stores/mergedRows.ts'
import type { MergedList } from '../stores/mergedRows.ts'

export interface ClusterMeta {
  readonly cluster: string
  readonly key: string
  readonly meta: ListMeta | undefined
}

export interface MergedView {
  /** Names the merged list (a new one rebuilds the table). */
  readonly key: string
  readonly data: ListData
  readonly version: number
  readonly sources: readonly ClusterMeta[]
}

/** @param namespace '' = all namespaces (or a cluster-scoped kind). */
export function useMergedList(clusters: readonly string[], kind: AnyKindId, namespace: string): MergedView {
  const sig = `${kind}|${namespace}|${clusters.join('\n')}`
  const keys = useMemo(() => clusters.map((c) => ({ cluster: c, key: listKey(c, kind, namespace) })), [clusters, kind, namespace])
  // A string of the sources' versions: stable while nothing changed (one re-render per frame at most).
  const versions = useStore(lists.store, (s) => keys.map((k) => `${s.meta[k.key]?.version ?? -1}`).join(','))
  const ref = useRef<{ sig: string; merged: MergedList } | null>(null)
  return useMemo(() => {
    void versions // what changes when a source does: the memo then re-reads the store
    if (!ref.current || ref.current.sig !== sig) ref.current = { sig, merged: createMergedList(keys) }
    const m = ref.current.merged
    const metas = lists.store.getState().meta
    m.sync((key) => {
      const data = lists.data(key)
      const meta = metas[key]
      return data && meta ? { data, version: meta.version } : undefined
    })
    return { key: `merged|${sig}`, data: m.data, version: m.version, sources: keys.map((k) => ({ ...k, meta: metas[k.key] })) }
  }, [sig, keys, versions])
}
