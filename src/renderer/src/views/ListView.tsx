/**
 * One kind's list view: header (title, count, health badge, filter), the table, and the empty,
 * loading, offline and error states that say what is going on — including why a list is refused
 * (403/404, with the kubectl command to check) and, while the upstream watch is reconnecting or
 * refusing, how old the rows shown are.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { ageSince } from '../../../shared/kinds/rows/format.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { kindPlural, kindWords } from '../components/kindLabel.ts'
import { ResourceTable } from '../components/ResourceTable.tsx'
import { tableColumns } from '../components/tableColumns.ts'
import { useListView } from '../hooks/useListView.ts'
import { useNow } from '../hooks/useNow.ts'
import { useResourceStream } from '../hooks/useResourceStream.ts'
import type { SortSpec } from '../stores/rowQuery.ts'
import { server } from '../stores/serverStore.ts'
import { setDrawer, ui } from '../stores/uiStore.ts'
import { hasLogs, logs, openLogs } from '../stores/logStore.ts'
import { DetailDrawer } from './DetailDrawer.tsx'
import { EmptyState } from './EmptyState.tsx'

/** Text filter input is applied after this pause, so typing in a 150k list stays responsive. */
const FILTER_DEBOUNCE_MS = 120

export interface ListViewProps {
  readonly cluster: string
  readonly kind: KindId
  readonly namespace: string
  /** Compact: no drawer, no global shortcuts (the multi-view debug page). */
  readonly compact?: boolean
}

/** The list view of one kind. */
export function ListView({ cluster, kind, namespace, compact = false }: ListViewProps) {
  const def = kindDef(kind)
  const ns = def.namespaced ? namespace : ''
  const { key, meta } = useResourceStream(cluster, kind, ns)
  const wide = useStore(ui, (s) => s.wide)
  const drawerUid = useStore(ui, (s) => s.drawerUid)
  const cluster_ = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const [filterText, setFilterText] = useState('')
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<SortSpec>({ column: 'name', dir: 'asc' })
  const [selected, setSelected] = useState('')
  const filterRef = useRef<HTMLInputElement>(null)
  const columns = useMemo(() => tableColumns(def, !ns, wide), [def, ns, wide])
  const { rows, indexVersion } = useListView(key, meta.version, def.columns, sort, filter)
  const now = useNow()

  useEffect(() => {
    const t = window.setTimeout(() => setFilter(filterText), FILTER_DEBOUNCE_MS)
    return () => window.clearTimeout(t)
  }, [filterText])

  useEffect(() => {
    if (compact) return
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')
      if (e.key === '/' && !typing) {
        e.preventDefault()
        filterRef.current?.focus()
        filterRef.current?.select()
      }
      // `l`: the logs of the selected pod or workload.
      const row = e.key === 'l' && !typing && !e.ctrlKey && !e.metaKey && !logs.getState().target ? rows.find((r) => r.uid === selected) : undefined
      if (row && hasLogs(row.kind)) {
        e.preventDefault()
        openLogs({ cluster, kind: row.kind, namespace: row.namespace, name: row.name })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [compact, rows, selected, cluster])

  const onSort = useCallback((column: string) => {
    setSort((s) => (s.column === column ? { column, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' }))
  }, [])
  const onOpen = useCallback((uid: string) => { if (!compact) { setSelected(uid); setDrawer(uid) } }, [compact])

  const title = kindPlural(def)
  const where = !def.namespaced ? `in cluster ${cluster}` : ns ? `in namespace ${ns}` : 'in any namespace'
  const drawerRow = !compact && drawerUid ? rows.find((r) => r.uid === drawerUid) ?? null : null
  const down = cluster_ && (cluster_.status === 'error' || cluster_.status === 'offline') ? cluster_.reason : ''

  let body
  if (!meta.loaded && (meta.error || down)) {
    const hint = down ? undefined : refusalHint(meta.error, cluster, def.resource, ns)
    body = <EmptyState tone="error" title={`Cannot list ${kindWords(def)} from ${cluster}`} detail={down || meta.error}
      hint={hint && <>{hint.text}: <code className="hint-command">{hint.command}</code></>} />
  } else if (!meta.loaded) {
    body = <EmptyState tone="loading" title={`Connecting to ${cluster}…`} detail={meta.detail || `Loading ${kindWords(def)} ${where}`} />
  } else if (meta.count === 0) {
    body = <EmptyState tone="empty" title={`No ${kindWords(def)} ${where}`} detail={meta.health === 'live' ? 'New ones will appear here as they are created.' : ''} />
  } else if (rows.length === 0) {
    body = <EmptyState tone="empty" title={`No ${kindWords(def)} match “${filter}”`} detail={`${meta.count} ${kindWords(def)} ${where} are hidden by the filter.`} />
  } else {
    body = <ResourceTable label={`${title} ${where}`} columns={columns} rows={rows} rowsVersion={indexVersion} sort={sort} onSort={onSort}
      selectedUid={selected} onSelect={setSelected} onOpen={onOpen} now={now} />
  }

  return (
    <section className={`list-view${compact ? ' compact' : ''}`} aria-label={`${title} list`} data-kind={kind}
      data-health={meta.health} data-version={meta.version}>
      <header className="list-head">
        <h2>{title}</h2>
        <span className="count" data-testid="count">{meta.loaded ? `${filter ? `${rows.length} of ${meta.count}` : meta.count}${meta.health === 'connecting' ? '… loading' : ''}` : ''}</span>
        <HealthBadge health={meta.health} detail={meta.detail} label={title} />
        {!compact && (
          <input ref={filterRef} className="filter" type="search" placeholder="Filter by name, namespace, label…  ( / )" aria-label="Filter rows"
            value={filterText} onChange={(e) => setFilterText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') { setFilterText(''); (e.target as HTMLInputElement).blur() } }} />
        )}
      </header>
      {meta.health === 'offline' && meta.loaded && (
        <div className="banner banner-offline" role="note" data-testid="offline-banner">
          Offline{meta.lastSeen ? `, last seen ${new Date(meta.lastSeen).toLocaleString()}` : ''}{meta.detail ? ` — ${meta.detail}` : ''}
        </div>
      )}
      {(meta.health === 'reconnecting' || meta.health === 'error') && meta.loaded && meta.lastSeen && (
        <div className={`banner ${meta.health === 'error' ? 'banner-error' : 'banner-offline'}`} role="status" data-testid="upstream-banner">
          {meta.health === 'error' ? 'The cluster refuses this list' : 'Reconnecting to the cluster'}
          {meta.detail ? ` — ${meta.detail}` : ''}. Showing rows last known good at {when(meta.lastSeen, now)}.
        </div>
      )}
      {meta.error && meta.loaded && <div className="banner banner-error" role="alert">Last refresh failed: {meta.error}</div>}
      {body}
      {drawerRow && <DetailDrawer cluster={cluster} row={drawerRow} onClose={() => setDrawer('')} />}
    </section>
  )
}

/** What to try when the cluster refuses a list: kubectl's own check, for a 403 or a 404. */
function refusalHint(error: string, cluster: string, resource: string, namespace: string): { text: string; command: string } | undefined {
  const context = /^[\w.:@/-]+$/.test(cluster) ? cluster : `'${cluster.replace(/'/g, `'\\''`)}'`
  const scope = namespace ? `-n ${namespace}` : '--all-namespaces'
  if (/^403\b/.test(error)) return { text: `Your user may not list ${resource} here. Check with`, command: `kubectl --context ${context} auth can-i list ${resource} ${scope}` }
  if (/^404\b/.test(error)) return { text: `This cluster does not serve ${resource}. Check with`, command: `kubectl --context ${context} api-resources` }
  return undefined
}

/** "9:37:07 PM (12s ago)": the clock time (with the date when not today) and the age. */
function when(iso: string, nowMs: number): string {
  const d = new Date(iso)
  const clock = d.toDateString() === new Date(nowMs).toDateString() ? d.toLocaleTimeString() : d.toLocaleString()
  return `${clock} (${ageSince(iso, nowMs)} ago)`
}
