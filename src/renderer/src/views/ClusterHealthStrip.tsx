/**
 * The health strip of a merged table: one chip per cluster with its own stream's health (`live`,
 * `polling`, `offline`, …), its row count, and its reason on hover. One cluster live, another
 * polling and a third offline is a normal state of a merged table, not an error.
 * Each chip also owns its cluster's stream (useResourceStream): mounting the chip keeps that
 * cluster's list live for the merged table, with its own fallback and retry.
 */
import { useStore } from 'zustand'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { useResourceStream } from '../hooks/useResourceStream.ts'
import { server } from '../stores/serverStore.ts'

/** One cluster's chip (and stream). */
export function ClusterHealthChip({ cluster, kind, namespace }: { cluster: string; kind: AnyKindId; namespace: string }) {
  const { meta, retry } = useResourceStream(cluster, kind, namespace)
  const info = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const why = meta.detail || meta.error || (info && info.status !== 'ok' ? info.reason : '')
  const count = meta.loaded
    ? `${meta.count.toLocaleString()} rows`
    : meta.progress
      ? `${meta.progress.received.toLocaleString()}${meta.progress.total ? ` of ${meta.progress.total.toLocaleString()}` : ''} arriving`
      : ''
  return (
    <li
      className={`cluster-chip health-${meta.health}`}
      data-testid="strip-health"
      data-cluster={cluster}
      data-health={meta.health}
      title={`${cluster}: ${meta.health}${why ? ` — ${why}` : ''}${info?.serverVersion ? ` · Kubernetes ${info.serverVersion}` : ''}`}
    >
      <span
        className={`dot dot-${meta.health === 'live' ? 'ok' : meta.health === 'offline' ? 'offline' : meta.health === 'error' ? 'error' : 'connecting'}`}
        aria-hidden="true"
      />
      <span className="cluster-chip-name">{cluster}</span>
      <span className="cluster-chip-health">{meta.health}</span>
      {count && <span className="cluster-chip-count">{count}</span>}
      {(meta.health === 'offline' || meta.health === 'error' || meta.health === 'polling') && (
        <button type="button" className="link-btn" onClick={retry} aria-label={`Retry ${cluster} now`}>
          Retry
        </button>
      )}
    </li>
  )
}
