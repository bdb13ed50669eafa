/**
 * One kind's list view: header (title, count, health badge, filter, pause), the status chips,
 * the table, and the empty, loading, offline and error states that say what is going on —
 * including why a list is refused (403/404, with the kubectl command to check) and, while the
 * upstream watch is reconnecting or refusing, how old the rows shown are (ListNotes).
 * A followed link (an event's OBJECT) arrives as `ui.focus`: once the rows are in, that object is
 * selected and its drawer opened, or the view says it is gone.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { kindDef } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { FilterBox } from '../components/FilterBox.tsx'
import { HealthBadge } from '../components/HealthBadge.tsx'
import { Icon } from '../components/icons.tsx'
import { kindPlural, kindWords } from '../components/kindLabel.ts'
import { ResourceTable } from '../components/ResourceTable.tsx'
import { StatusChips } from '../components/StatusChips.tsx'
import { tableColumns } from '../components/tableColumns.ts'
import { useListView } from '../hooks/useListView.ts'
import { useNow } from '../hooks/useNow.ts'
import { useResourceStream } from '../hooks/useResourceStream.ts'
import { enableStream } from '../hooks/useSettings.ts'
import { useStatusCounts } from '../hooks/useStatusCounts.ts'
import { columnPrefs } from '../stores/columnPrefs.ts'
import { hasTerm, selectExact, selectedExact, toggleTerm } from '../stores/filterEdit.ts'
import { parseKindFilter, predicateFor } from '../stores/filterMatch.ts'
import { lists } from '../stores/listStore.ts'
import { defaultSort } from '../stores/rowQuery.ts'
import type { SortSpec } from '../stores/rowQuery.ts'
import { server } from '../stores/serverStore.ts'
import { clearFocus, setDrawer, ui } from '../stores/uiStore.ts'
import { hasLogs, logs, openLogs } from '../stores/logStore.ts'
import { DetailDrawer } from './DetailDrawer.tsx'
import { EmptyState } from './EmptyState.tsx'
import { ListNotes, when } from './ListNotes.tsx'
import { refusalHint } from './refusalHint.ts'

/** Text filter input is applied after this pause, so typing in a 150k list stays responsive. */
const FILTER_DEBOUNCE_MS = 120
const PROBLEM_TERM = 'is:problem'

export interface ListViewProps {
  readonly cluster: string
  readonly kind: KindId
  readonly namespace: string
  /** Compact: no drawer, no chips, no global shortcuts (the multi-view debug page). */
  readonly compact?: boolean
}

/** The list view of one kind. */
export function ListView({ cluster, kind, namespace, compact = false }: ListViewProps) {
  const def = kindDef(kind)
  const ns = def.namespaced ? namespace : ''
  const { key, meta, retry } = useResourceStream(cluster, kind, ns)
  const streamOff = useStore(server, (s) => s.features !== null && !s.features.watchStreams.includes(kind))
  const wide = useStore(ui, (s) => s.wide)
  const drawerUid = useStore(ui, (s) => s.drawerUid)
  const focus = useStore(ui, (s) => s.focus)
  const prefs = useStore(columnPrefs, (s) => s[kind])
  const cluster_ = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const [filterText, setFilterText] = useState('')
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<SortSpec>(() => defaultSort(def, !ns))
  const [selected, setSelected] = useState('')
  const [paused, setPaused] = useState(false)
  const [missing, setMissing] = useState('')
  const filterRef = useRef<HTMLInputElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const columns = useMemo(() => tableColumns(def, !ns, wide, prefs), [def, ns, wide, prefs])
  const parsed = useMemo(() => parseKindFilter(filter, def), [filter, def])
  const predicate = useMemo(() => predicateFor(parsed, def, Date.now()), [parsed, def])
  const view = useListView(key, meta.version, def.columns, sort, filter, predicate, paused)
  const counts = useStatusCounts(key, meta.version, def)
  const now = useNow()

  useEffect(() => {
    const t = window.setTimeout(() => setFilter(filterText), FILTER_DEBOUNCE_MS)
    return () => window.clearTimeout(t)
  }, [filterText])
  /** Buttons change the filter at once (no typing to wait for). */
  const setFilterNow = useCallback((text: string) => { setFilterText(text); setFilter(text) }, [])

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
      const row = e.key === 'l' && !typing && !e.ctrlKey && !e.metaKey && !logs.getState().target ? lists.data(key)?.rows.get(selected) : undefined
      if (row && hasLogs(row.kind)) {
        e.preventDefault()
        openLogs({ cluster, kind: row.kind, namespace: row.namespace, name: row.name })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [compact, key, selected, cluster])

  // A followed link: select and open the object once the complete list is in.
  useEffect(() => {
    if (compact || !focus || focus.kind !== kind || !meta.loaded || meta.health === 'connecting') return
    let uid = ''
    for (const r of lists.data(key)?.rows.values() ?? []) if (r.name === focus.name && (!def.namespaced || r.namespace === focus.namespace)) { uid = r.uid; break }
    const what = `${def.kind.toLowerCase()}/${focus.name}${def.namespaced ? ` in ${focus.namespace}` : ''}`
    if (uid) { setSelected(uid); setDrawer(uid); setMissing('') } else setMissing(`${what} is not in this list any more (deleted?)`)
    clearFocus()
  }, [compact, focus, kind, key, meta.loaded, meta.health, def])

  const onSort = useCallback((column: string) => {
    setSort((s) => (s.column === column ? { column, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' }))
  }, [])
  const onOpen = useCallback((uid: string) => { if (!compact) { setSelected(uid); setDrawer(uid) } }, [compact])
  const togglePause = useCallback(() => setPaused((p) => !p), [])
  const closeDrawer = useCallback(() => {
    setDrawer('')
    // Back to the row the drawer was opened from (the grid holds the selection).
    sectionRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus()
  }, [])

  const title = kindPlural(def)
  const where = !def.namespaced ? `in cluster ${cluster}` : ns ? `in namespace ${ns}` : 'in any namespace'
  const drawerRow = !compact && drawerUid ? lists.data(key)?.rows.get(drawerUid) ?? null : null
  const down = cluster_ && (cluster_.status === 'error' || cluster_.status === 'offline') ? cluster_.reason : ''
  const rows = view.rows
  const held = view.held.count > 0 || view.held.replaced
  // Rows that are not current: dimmed, and their ages frozen at the time they were last good.
  const stale = meta.loaded && meta.lastSeen !== '' && (meta.health === 'offline' || meta.health === 'reconnecting' || meta.health === 'error')
  const rowsNow = stale ? Date.parse(meta.lastSeen) || now : now
  const retryNow = <button type="button" className="btn" onClick={retry} data-testid="retry-now">Retry now</button>

  let body
  if (!meta.loaded && (meta.error || down)) {
    const hint = down ? undefined : refusalHint(meta.error, cluster, def.resource, ns)
    body = <EmptyState tone="error" title={`Cannot list ${kindWords(def)} from ${cluster}`} detail={down || meta.error}
      hint={hint && <>{hint.text}: <code className="hint-command">{hint.command}</code></>} action={compact ? undefined : retryNow} />
  } else if (!meta.loaded) {
    body = meta.health === 'error'
      ? <EmptyState tone="error" title={`No answer for ${kindWords(def)} from ${cluster}`} detail={meta.detail} action={compact ? undefined : retryNow} />
      : <EmptyState tone="loading" title={`Connecting to ${cluster}…`} detail={meta.detail || `Loading ${kindWords(def)} ${where}`} />
  } else if (meta.count === 0) {
    body = <EmptyState tone="empty" title={`No ${kindWords(def)} ${where}`} detail={meta.health === 'live' ? 'New ones will appear here as they are created.' : ''} />
  } else if (rows.length === 0 && !paused) {
    body = <EmptyState tone="empty" title={`No ${kindWords(def)} match “${filter}”`} detail={`${meta.count.toLocaleString()} ${kindWords(def)} ${where} are hidden by the filter.`} />
  } else {
    body = <ResourceTable label={`${title} ${where}`} kind={kind} columns={columns} rows={rows} rowsVersion={view.indexVersion} indexOf={view.indexOf}
      recent={view.recent} orderKey={`${sort.column} ${sort.dir}\n${filter}`} sort={sort} onSort={onSort} selectedUid={selected} onSelect={setSelected} onOpen={onOpen} onTogglePause={togglePause}
      now={rowsNow} stale={stale} />
  }

  const shown = rows.length !== meta.count ? `${rows.length.toLocaleString()} of ${meta.count.toLocaleString()}` : meta.count.toLocaleString()
  return (
    <section ref={sectionRef} className={`list-view${compact ? ' compact' : ''}`} aria-label={`${title} list`} data-kind={kind}
      data-health={meta.health} data-version={meta.version} data-paused={paused ? 'true' : undefined}>
      <header className="list-head">
        <h2>{title}</h2>
        <span className="count" data-testid="count" data-count={meta.loaded ? meta.count : undefined} data-shown={meta.loaded ? rows.length : undefined}>
          {meta.loaded ? `${shown}${meta.total > meta.count ? ` (list has ${meta.total.toLocaleString()})` : ''}${meta.health === 'connecting' ? '… loading' : ''}` : ''}
        </span>
        <HealthBadge health={meta.health} detail={meta.detail} label={title} lastGood={meta.lastSeen ? when(meta.lastSeen, now) : ''}
          {...(compact ? {} : { onRetry: retry })} {...(!compact && streamOff && meta.health === 'polling' ? { onEnable: () => enableStream(kind) } : {})} />
        {!compact && (
          <>
            <FilterBox ref={filterRef} value={filterText} onChange={setFilterText} errors={parsed.errors} />
            <button type="button" className={`btn pause-btn${paused ? ' on' : ''}`} aria-pressed={paused} onClick={togglePause}
              title={paused ? 'Show live updates again (Space in the table)' : 'Hold the rows still; updates wait (Space in the table)'} data-testid="pause">
              {paused ? <><Icon name="play" />Resume</> : <><Icon name="pause" />Pause</>}
            </button>
          </>
        )}
      </header>
      {!compact && meta.loaded && (counts.column || counts.problems > 0 || hasTerm(filterText, PROBLEM_TERM)) && (
        <StatusChips column={counts.column} counts={counts.counts} problems={counts.problems}
          problemsOnly={hasTerm(filterText, PROBLEM_TERM)} onProblemsOnly={() => setFilterNow(toggleTerm(filterText, PROBLEM_TERM))}
          selected={counts.column ? selectedExact(filterText, counts.column) : null}
          onSelect={(v) => counts.column && setFilterNow(selectExact(filterText, counts.column, v))} />
      )}
      <ListNotes meta={meta} def={def} where={where} now={now} missing={missing} onDismissMissing={() => setMissing('')} {...(compact ? {} : { onRetry: retry })} />
      <div className="list-body">
        {body}
        {paused && (
          <button type="button" className="changes-pill" onClick={togglePause} data-testid="changes-pill">
            {view.held.replaced ? 'The list was refreshed' : held ? `${view.held.count.toLocaleString()} ${view.held.count === 1 ? 'change' : 'changes'}` : 'Paused'} — show
          </button>
        )}
      </div>
      {drawerRow && <DetailDrawer cluster={cluster} row={drawerRow} onClose={closeDrawer} />}
    </section>
  )
}
