/**
 * A cluster's landing page: pods by status (each count opens the pods list filtered to it),
 * workloads short of ready replicas, the newest warnings, and nodes that are not Ready — live,
 * from the same shared streams as the lists (pods, deployments, statefulsets, daemonsets,
 * events, nodes of the whole cluster). Several selected clusters get one section each.
 */
import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { ageSince } from '../../../shared/kinds/rows/format.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { useNow } from '../hooks/useNow.ts'
import { useListFeed } from '../hooks/useResourceStream.ts'
import { useStatusCounts } from '../hooks/useStatusCounts.ts'
import { kindIdOf } from '../stores/describe/related.ts'
import { kindOrPlaceholder } from '../stores/kindCatalog.ts'
import { lists } from '../stores/listStore.ts'
import { server } from '../stores/serverStore.ts'
import { statusClass } from '../stores/statusClass.ts'
import { navigate, openObject } from '../stores/uiStore.ts'

/** Rows listed per section: the rest is one click away in the list. */
const SHOWN = 8

/** "2/3" → [2, 3]. */
function readyPair(v: unknown): [number, number] | null {
  const m = typeof v === 'string' ? /^(\d+)\/(\d+)$/.exec(v) : null
  return m ? [Number(m[1]), Number(m[2])] : null
}

/** A workload row short of ready replicas: "1 of 3 ready". */
export function shortfall(row: RowDto): string {
  if (row.kind === 'daemonsets') {
    const want = Number(row.cells.desired ?? 0)
    const ready = Number(row.cells.ready ?? 0)
    return ready < want ? `${ready} of ${want} ready` : ''
  }
  const p = readyPair(row.cells.ready)
  return p && p[0] < p[1] ? `${p[0]} of ${p[1]} ready` : ''
}

function useRows(cluster: string, kind: KindId): { rows: readonly RowDto[]; loaded: boolean; key: string; version: number } {
  const feed = useListFeed(cluster, kind, '')
  const loaded = useStore(lists.store, (s) => s.meta[feed.key]?.loaded ?? false)
  const rows = useMemo(() => {
    void feed.version
    return [...(lists.data(feed.key)?.rows.values() ?? [])]
  }, [feed.key, feed.version])
  return { rows, loaded, key: feed.key, version: feed.version }
}

function Link({ cluster, row, note }: { cluster: string; row: RowDto; note: string }) {
  return (
    <li>
      <button type="button" className="obj-link" onClick={() => openObject({ cluster, kind: row.kind, namespace: row.namespace, name: row.name })}>
        <span className="obj-link-kind">{kindOrPlaceholder(cluster, row.kind).kind}</span> {row.namespace ? `${row.namespace}/` : ''}
        {row.name}
      </button>
      {note && <span className="obj-link-note"> {note}</span>}
    </li>
  )
}

function ClusterOverview({ cluster }: { cluster: string }) {
  const now = useNow()
  const info = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const pods = useRows(cluster, 'pods')
  const deploys = useRows(cluster, 'deployments')
  const sts = useRows(cluster, 'statefulsets')
  const ds = useRows(cluster, 'daemonsets')
  const events = useRows(cluster, 'events')
  const nodes = useRows(cluster, 'nodes')
  const counts = useStatusCounts(lists.data(pods.key), pods.key, pods.version, kindDef('pods'))
  const byStatus = [...counts.counts.entries()].sort((a, b) => statusRank(a[0]) - statusRank(b[0]) || b[1] - a[1])
  const failing = [...deploys.rows, ...sts.rows, ...ds.rows]
    .map((r) => ({ r, why: shortfall(r) }))
    .filter((x) => x.why)
    .sort((a, b) => (a.r.namespace + a.r.name < b.r.namespace + b.r.name ? -1 : 1))
  const warnings = events.rows
    .filter((e) => e.cells.type === 'Warning')
    .sort((a, b) => (String(b.cells.lastSeen ?? '') < String(a.cells.lastSeen ?? '') ? -1 : 1))
    .slice(0, SHOWN)
  const notReady = nodes.rows.filter((n) => String(n.cells.status ?? '').split(',')[0] !== 'Ready')
  const list = (kind: KindId, filter = ''): void => navigate({ page: 'list', clusters: [cluster], kind, namespace: '', filter, sort: null, open: null })

  return (
    <section className="overview-cluster" data-testid="overview" data-cluster={cluster}>
      <header className="overview-head">
        <h2>{cluster}</h2>
        <span className="muted">
          {info?.serverVersion ?? ''}
          {info && info.status !== 'ok' ? ` · ${info.status}: ${info.reason}` : ''}
        </span>
      </header>
      <div className="overview-grid">
        <div className="card" data-testid="overview-pods">
          <h3>
            Pods by status{' '}
            <button type="button" className="link-btn" onClick={() => list('pods')}>
              {pods.loaded ? pods.rows.length.toLocaleString() : '…'} pods
            </button>
          </h3>
          {!pods.loaded ? (
            <p className="muted">Loading pods…</p>
          ) : (
            <ul className="status-list">
              {byStatus.map(([status, n]) => (
                <li key={status}>
                  <button
                    type="button"
                    className={`status-chip chip-${statusClass(status)}`}
                    onClick={() => list('pods', `status:=${status}`)}
                    data-status={status}
                  >
                    {status || '<none>'} <span className="chip-n">{n.toLocaleString()}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card" data-testid="overview-failing">
          <h3>Workloads not ready {failing.length > 0 && <span className="count-badge">{failing.length}</span>}</h3>
          {!deploys.loaded ? (
            <p className="muted">Loading workloads…</p>
          ) : failing.length === 0 ? (
            <p className="muted">Every deployment, stateful set and daemon set has its replicas ready.</p>
          ) : (
            <ul className="links">
              {failing.slice(0, SHOWN).map((x) => (
                <Link key={x.r.uid} cluster={cluster} row={x.r} note={x.why} />
              ))}
              {failing.length > SHOWN && <li className="muted">and {failing.length - SHOWN} more</li>}
            </ul>
          )}
        </div>
        <div className="card" data-testid="overview-nodes">
          <h3>
            Nodes not Ready{' '}
            <button type="button" className="link-btn" onClick={() => list('nodes')}>
              {nodes.loaded ? nodes.rows.length : '…'} nodes
            </button>
          </h3>
          {!nodes.loaded ? (
            <p className="muted">Loading nodes…</p>
          ) : notReady.length === 0 ? (
            <p className="muted">All {nodes.rows.length} nodes are Ready.</p>
          ) : (
            <ul className="links">
              {notReady.slice(0, SHOWN).map((n) => (
                <Link key={n.uid} cluster={cluster} row={n} note={String(n.cells.status ?? '')} />
              ))}
            </ul>
          )}
        </div>
        <div className="card wide-card" data-testid="overview-warnings">
          <h3>
            Latest warnings{' '}
            <button type="button" className="link-btn" onClick={() => list('events', 'type:=Warning')}>
              all warnings
            </button>
          </h3>
          {!events.loaded ? (
            <p className="muted">Loading events…</p>
          ) : warnings.length === 0 ? (
            <p className="muted">No Warning events.</p>
          ) : (
            <table className="mini-table events-table">
              <tbody>
                {warnings.map((e) => (
                  <tr key={e.uid}>
                    <td className="nowrap muted">{ageSince(String(e.cells.lastSeen ?? e.createdAt), now)}</td>
                    <td className="ev-warning">{String(e.cells.reason ?? '')}</td>
                    <td className="nowrap">{warningObject(cluster, e)}</td>
                    <td>{String(e.cells.message ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  )
}

/** An event's OBJECT as a link when the app lists that kind. */
function warningObject(cluster: string, e: RowDto) {
  const obj = String(e.cells.object ?? '')
  const kind = kindIdOf(String(e.extra?.objectKind ?? ''))
  if (!kind) return obj
  const name = obj.slice(obj.indexOf('/') + 1)
  return (
    <button type="button" className="obj-link" onClick={() => openObject({ cluster, kind, namespace: kindDef(kind).namespaced ? e.namespace : '', name })}>
      {obj}
    </button>
  )
}

/** Trouble first on the pods card. */
function statusRank(status: string): number {
  const c = statusClass(status)
  return c === 'bad' ? 0 : c === 'warn' ? 1 : c === 'neutral' ? 2 : c === 'done' ? 3 : 4
}

/** The overview of the selected clusters. */
export function Overview({ clusters }: { clusters: readonly string[] }) {
  return (
    <div className="overview" aria-label="Overview">
      {clusters.map((c) => (
        <ClusterOverview key={c} cluster={c} />
      ))}
      <p className="muted overview-foot">
        Lists: {(['pods', 'deployments', 'events', 'nodes'] as KindId[]).map((k) => kindPlural(kindDef(k))).join(', ')} and more in the sidebar, or press{' '}
        <kbd>Ctrl K</kbd>.
      </p>
    </div>
  )
}
