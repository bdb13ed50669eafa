/**
 * One kind's list view, of one cluster or of several merged into one table.
 *
 * One cluster: its own stream (useResourceStream) feeds the table. Several: each cluster keeps
 * its own stream, health and fallback (a `ClusterFeed` per cluster, shown as the health strip),
 * and the table reads one merged list over them (useMergedList: keyed by (cluster, uid),
 * incremental). Everything else — filter, sort, chips, still rows, drawer — is ListTable's, the
 * same for both.
 */
import { useMemo } from 'react'
import { useKindDef } from '../hooks/useKindDef.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { useMergedList } from '../hooks/useMergedList.ts'
import type { ClusterMeta } from '../hooks/useMergedList.ts'
import { useResourceStream } from '../hooks/useResourceStream.ts'
import { lists } from '../stores/listStore.ts'
import type { ListMeta, StreamHealth } from '../stores/listStore.ts'
import { ClusterHealthChip } from './ClusterHealthStrip.tsx'
import { ListTable } from './ListTable.tsx'

export interface ListViewProps {
  /** One cluster, or several for one merged table. */
  readonly clusters: readonly string[]
  readonly kind: AnyKindId
  readonly namespace: string
  /** Compact: no drawer, no chips, no global shortcuts (the multi-view debug page). */
  readonly compact?: boolean
}

/** The list view of one kind. */
export function ListView({ clusters, kind, namespace, compact = false }: ListViewProps) {
  const ns = useKindDef(clusters[0] ?? '', kind).namespaced ? namespace : ''
  if (clusters.length > 1) return <MergedListView clusters={clusters} kind={kind} namespace={ns} compact={compact} />
  return <ClusterListView cluster={clusters[0] ?? ''} kind={kind} namespace={ns} compact={compact} />
}

function ClusterListView({ cluster, kind, namespace, compact }: { cluster: string; kind: AnyKindId; namespace: string; compact: boolean }) {
  const { key, meta, retry } = useResourceStream(cluster, kind, namespace)
  const clusters = useMemo(() => [cluster], [cluster])
  return (
    <ListTable
      source={{ key, data: lists.data(key), version: meta.version, meta, retry, clusters, sources: null }}
      kind={kind}
      namespace={namespace}
      compact={compact}
    />
  )
}

/** Worst first: the merged badge says the least healthy cluster's state. */
const HEALTH_RANK: Readonly<Record<StreamHealth, number>> = { error: 0, offline: 1, reconnecting: 2, connecting: 3, noaccess: 4, polling: 5, live: 6 }

/** One meta for the merged table: counts summed, loaded when any is, progress added up. */
export function mergedMeta(sources: readonly ClusterMeta[], count: number, version: number): ListMeta {
  const metas = sources.map((s) => s.meta).filter((m): m is ListMeta => m !== undefined)
  const loaded = metas.some((m) => m.loaded)
  const worst = metas.reduce<StreamHealth>((w, m) => (HEALTH_RANK[m.health] < HEALTH_RANK[w] ? m.health : w), 'live')
  const loading = metas.filter((m) => m.progress)
  const progress =
    loading.length > 0
      ? {
          received: loading.reduce((a, m) => a + (m.progress?.received ?? 0), 0),
          ...(loading.every((m) => m.progress?.total !== undefined) ? { total: loading.reduce((a, m) => a + (m.progress?.total ?? 0), 0) } : {})
        }
      : null
  const errors = sources.filter((s) => s.meta?.error).map((s) => `${s.cluster}: ${s.meta?.error}`)
  const denied = sources.filter((s) => s.meta?.noAccess).map((s) => `${s.cluster}: ${s.meta?.noAccess}`)
  return {
    version,
    count,
    loaded,
    health: metas.length === 0 ? 'connecting' : worst,
    detail: sources
      .filter((s) => s.meta && s.meta.health !== 'live')
      .map((s) => `${s.cluster}: ${s.meta?.health}${s.meta?.detail ? ` (${s.meta.detail})` : ''}`)
      .join(' · '),
    error: !loaded && errors.length === sources.length ? errors.join(' · ') : '',
    noAccess: !loaded && denied.length === sources.length && sources.length > 0 ? denied.join(' · ') : '',
    scope: null,
    lastSeen: '',
    resourceVersion: '',
    total: 0,
    progress
  }
}

function MergedListView({ clusters, kind, namespace, compact }: { clusters: readonly string[]; kind: AnyKindId; namespace: string; compact: boolean }) {
  const merged = useMergedList(clusters, kind, namespace)
  const meta = useMemo(() => mergedMeta(merged.sources, merged.data.rows.size, merged.version), [merged])
  return (
    <>
      {/* Each cluster's own stream; rendered in the health strip by ListTable's header. */}
      <ListTable
        source={{ key: merged.key, data: merged.data, version: merged.version, meta, retry: () => undefined, clusters, sources: merged.sources }}
        kind={kind}
        namespace={namespace}
        compact={compact}
        strip={clusters.map((c) => (
          <ClusterHealthChip key={c} cluster={c} kind={kind} namespace={namespace} />
        ))}
      />
    </>
  )
}
