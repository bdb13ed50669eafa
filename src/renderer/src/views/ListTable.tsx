/**
 * The body of a list view, for one cluster's list or several merged: header (title, count, health
 * or the clusters' health strip, filter, pause), the status chips, the table, and the empty,
 * loading (with "N of M rows arrived"), offline and error states, and the detail drawer.
 * Filter, sort and the open object live in the place (stores/uiStore.ts), so the address keeps
 * them; the filter text is applied after a short pause while typing.
 * An open object (a followed link, a reload, back/forward) is found by name once the rows are
 * in: selected, its drawer opened — or the view says it is not in the list.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { RowDto } from '../../../shared/dto/row.ts'
import { useKindDef } from '../hooks/useKindDef.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { FilterBox } from '../components/FilterBox.tsx'
import { kindPlural } from '../components/kindLabel.ts'
import { ResourceTable } from '../components/ResourceTable.tsx'
import { StatusChips } from '../components/StatusChips.tsx'
import { tableColumns } from '../components/tableColumns.ts'
import { useListView } from '../hooks/useListView.ts'
import { useNow } from '../hooks/useNow.ts'
import { useStatusCounts } from '../hooks/useStatusCounts.ts'
import { columnPrefs } from '../stores/columnPrefs.ts'
import { hasTerm, selectExact, selectedExact, toggleTerm } from '../stores/filterEdit.ts'
import { parseKindFilter, predicateFor } from '../stores/filterMatch.ts'
import type { ListData, ListMeta } from '../stores/listStore.ts'
import { hasLogs, logs, openLogs } from '../stores/logStore.ts'
import { rowCluster } from '../stores/mergedRows.ts'
import { defaultSort } from '../stores/rowQuery.ts'
import { setFilter, setOpen, setSort, ui } from '../stores/uiStore.ts'
import type { ClusterMeta } from '../hooks/useMergedList.ts'
import { DetailDrawer } from './DetailDrawer.tsx'
import { ListHead } from './ListHead.tsx'
import { ListNotes } from './ListNotes.tsx'
import { ListStates } from './ListStates.tsx'

/** Text filter input is applied after this pause, so typing in a 150k list stays responsive. */
const FILTER_DEBOUNCE_MS = 120
const PROBLEM_TERM = 'is:problem'

/** What feeds a table: one cluster's list, or the merged list of several. */
export interface ListSource {
  readonly key: string
  readonly data: ListData | undefined
  readonly version: number
  readonly meta: ListMeta
  readonly retry: () => void
  readonly clusters: readonly string[]
  /** Merged tables: each cluster's meta (null for one cluster). */
  readonly sources: readonly ClusterMeta[] | null
}

export interface ListTableProps {
  readonly source: ListSource
  readonly kind: AnyKindId
  readonly namespace: string
  readonly compact: boolean
  /** Merged tables: the clusters' health chips (each also keeps its cluster's stream open). */
  readonly strip?: ReactNode
}

/** The row named by an open ref, or undefined. */
function findRow(data: ListData | undefined, cluster: string, fallback: string, namespace: string, name: string, namespaced: boolean): RowDto | undefined {
  if (!data) return undefined
  for (const r of data.rows.values()) {
    if (r.name === name && (!namespaced || r.namespace === namespace) && rowCluster(r, fallback) === cluster) return r
  }
  return undefined
}

/** The table part of a list view. */
export function ListTable({ source, kind, namespace, compact, strip }: ListTableProps) {
  const { key, data, version, meta, clusters } = source
  const def = useKindDef(clusters[0] ?? '', kind)
  const multi = clusters.length > 1
  const filter = useStore(ui, (s) => (compact ? '' : s.filter))
  const sortChoice = useStore(ui, (s) => (compact ? null : s.sort))
  const open = useStore(ui, (s) => (compact ? null : s.open))
  const prefs = useStore(columnPrefs, (s) => s[kind])
  const wide = prefs?.wide === true
  const [filterText, setFilterText] = useState(filter)
  const [selected, setSelected] = useState('')
  const [paused, setPaused] = useState(false)
  const filterRef = useRef<HTMLInputElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const sort = sortChoice ?? defaultSort(def, !namespace)
  const columns = useMemo(() => tableColumns(def, !namespace, wide, prefs, multi), [def, namespace, wide, prefs, multi])
  const parsed = useMemo(() => parseKindFilter(filter, def, multi), [filter, def, multi])
  const predicate = useMemo(() => predicateFor(parsed, def, Date.now(), multi), [parsed, def, multi])
  const view = useListView(data, key, version, def.columns, sort, filter, predicate, paused)
  const counts = useStatusCounts(data, key, version, def)
  const now = useNow()

  // The filter text follows the place when it changes from outside (back/forward, a chip, the palette).
  const applied = useRef(filter)
  useEffect(() => {
    if (filter !== applied.current) {
      applied.current = filter
      setFilterText(filter)
    }
  }, [filter])
  useEffect(() => {
    if (filterText === applied.current) return
    const t = window.setTimeout(() => {
      applied.current = filterText
      setFilter(filterText)
    }, FILTER_DEBOUNCE_MS)
    return () => window.clearTimeout(t)
  }, [filterText])
  /** Buttons change the filter at once (no typing to wait for). */
  const setFilterNow = useCallback((text: string) => {
    applied.current = text
    setFilterText(text)
    setFilter(text)
  }, [])

  const focusGrid = useCallback(() => sectionRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus(), [])
  const rowOf = useCallback((uid: string) => data?.rows.get(uid), [data])

  useEffect(() => {
    if (compact) return
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')
      if (typing || e.ctrlKey || e.metaKey || e.altKey || ui.getState().paletteOpen) return
      if (e.key === '/') {
        e.preventDefault()
        filterRef.current?.focus()
        filterRef.current?.select()
      }
      // `l`: the logs of the selected pod or workload.
      const row = e.key === 'l' && !logs.getState().target ? rowOf(selected) : undefined
      if (row && hasLogs(row.kind)) {
        e.preventDefault()
        openLogs({ cluster: rowCluster(row, clusters[0]), kind: row.kind, namespace: row.namespace, name: row.name })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [compact, rowOf, selected, clusters])

  // The open object, found by name once the rows are in (and again if its row is replaced).
  const openRow =
    open && open.kind === kind && clusters.includes(open.cluster)
      ? findRow(data, open.cluster, clusters[0], open.namespace, open.name, def.namespaced)
      : undefined
  const listComplete = meta.loaded && meta.health !== 'connecting'
  const missing =
    open && open.kind === kind && !openRow && listComplete
      ? `${def.kind.toLowerCase()}/${open.name}${def.namespaced ? ` in ${open.namespace}` : ''}${multi ? ` (${open.cluster})` : ''} is not in this list (deleted, or in another namespace?)`
      : ''
  const openUid = openRow?.uid ?? ''
  useEffect(() => {
    if (openUid) setSelected(openUid)
  }, [openUid])

  const onSort = useCallback(
    (column: string) => {
      setSort(sort.column === column ? { column, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' })
    },
    [sort]
  )
  const onOpen = useCallback(
    (uid: string) => {
      const row = rowOf(uid)
      if (compact || !row) return
      setSelected(uid)
      setOpen({ cluster: rowCluster(row, clusters[0]), kind: row.kind, namespace: row.namespace, name: row.name })
    },
    [compact, rowOf, clusters]
  )
  const togglePause = useCallback(() => setPaused((p) => !p), [])
  const closeDrawer = useCallback(() => {
    setOpen(null)
    // Back to the row the drawer was opened from (the grid holds the selection).
    focusGrid()
  }, [focusGrid])
  // From the filter, ↓ or Enter goes to the rows (the first one selected when none is).
  const toRows = useCallback(() => {
    if (!selected && view.rows.length > 0) setSelected(view.rows[0].uid)
    focusGrid()
  }, [selected, view.rows, focusGrid])

  const title = kindPlural(def)
  const where = !def.namespaced
    ? `in ${multi ? `${clusters.length} clusters` : `cluster ${clusters[0]}`}`
    : namespace
      ? `in namespace ${namespace}`
      : 'in any namespace'
  const drawerRow = !compact && openRow ? openRow : null
  const rows = view.rows
  const held = view.held.count > 0 || view.held.replaced
  // Rows that are not current: dimmed, and their ages frozen at the time they were last good.
  const stale = !multi && meta.loaded && meta.lastSeen !== '' && (meta.health === 'offline' || meta.health === 'reconnecting' || meta.health === 'error')
  const rowsNow = stale ? Date.parse(meta.lastSeen) || now : now

  const body = (
    <ListStates
      meta={meta}
      def={def}
      clusters={clusters}
      namespace={namespace}
      where={where}
      filter={filter}
      shown={rows.length}
      paused={paused}
      compact={compact}
      onRetry={source.retry}
    >
      <ResourceTable
        label={`${title} ${where}`}
        kind={kind}
        def={def}
        columns={columns}
        rows={rows}
        rowsVersion={view.indexVersion}
        indexOf={view.indexOf}
        recent={view.recent}
        orderKey={`${sort.column} ${sort.dir}\n${filter}`}
        sort={sort}
        onSort={onSort}
        selectedUid={selected}
        onSelect={setSelected}
        onOpen={onOpen}
        onTogglePause={togglePause}
        now={rowsNow}
        stale={stale}
        allNamespaces={!namespace}
        multiCluster={multi}
      />
    </ListStates>
  )

  return (
    <section
      ref={sectionRef}
      className={`list-view${compact ? ' compact' : ''}${drawerRow ? ' with-drawer' : ''}`}
      aria-label={`${title} list`}
      data-kind={kind}
      data-health={meta.health}
      data-version={meta.version}
      data-paused={paused ? 'true' : undefined}
      data-clusters={clusters.length}
    >
      <ListHead
        title={title}
        meta={meta}
        shown={rows.length}
        now={now}
        kind={kind}
        compact={compact}
        multi={multi}
        strip={strip}
        onRetry={source.retry}
        filter={!compact && <FilterBox ref={filterRef} value={filterText} onChange={setFilterText} errors={parsed.errors} onToRows={toRows} />}
        paused={paused}
        onTogglePause={togglePause}
      />
      {!compact && meta.loaded && (counts.column || counts.problems > 0 || hasTerm(filterText, PROBLEM_TERM)) && (
        <StatusChips
          column={counts.column}
          counts={counts.counts}
          problems={counts.problems}
          problemsOnly={hasTerm(filterText, PROBLEM_TERM)}
          onProblemsOnly={() => setFilterNow(toggleTerm(filterText, PROBLEM_TERM))}
          selected={counts.column ? selectedExact(filterText, counts.column) : null}
          onSelect={(v) => counts.column && setFilterNow(selectExact(filterText, counts.column, v))}
        />
      )}
      {!multi && (
        <ListNotes
          meta={meta}
          def={def}
          where={where}
          now={now}
          missing={missing}
          onDismissMissing={() => setOpen(null)}
          {...(compact ? {} : { onRetry: source.retry })}
        />
      )}
      {multi && missing && (
        <div className="banner banner-offline" role="status" data-testid="missing-object">
          {missing}
        </div>
      )}
      <div className="list-body">
        {body}
        {paused && (
          <button type="button" className="changes-pill" onClick={togglePause} data-testid="changes-pill">
            {view.held.replaced
              ? 'The list was refreshed'
              : held
                ? `${view.held.count.toLocaleString()} ${view.held.count === 1 ? 'change' : 'changes'}`
                : 'Paused'}{' '}
            — show
          </button>
        )}
      </div>
      {drawerRow && <DetailDrawer cluster={rowCluster(drawerRow, clusters[0])} row={drawerRow} onClose={closeDrawer} />}
    </section>
  )
}
