/**
 * The registry-driven, virtualized, sortable table of one list (`role="grid"`).
 *
 * Why this shape:
 * - Virtualized: the DOM holds only the visible rows plus overscan, so 150k rows render like 50
 *   (performance-notes §4.4).
 * - One pixel template (columnLayout.ts) for the header and every row, inside one scroll
 *   container: headers stand over their columns at any width, and horizontal scrolling carries
 *   the header along. Column widths can be dragged or set from the keyboard; they are kept per
 *   kind (stores/columnPrefs.ts).
 * - Still rows (scrollAnchor.ts): the row under the pointer, or the selected one, stays where it
 *   is while rows above it come and go.
 * - A cell cut by its width shows its full text as a tooltip (set on hover, only when cut).
 * Keyboard: arrows, PageUp/PageDown, Home/End move the selection, Enter opens the drawer, Space
 * pauses or resumes live updates.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent, PointerEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useStore } from 'zustand'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { useElementWidth } from '../hooks/useElementWidth.ts'
import { columnPrefs, setColumnWidth } from '../stores/columnPrefs.ts'
import { setColumnsOpen, ui } from '../stores/uiStore.ts'
import { ColumnMenu } from './ColumnMenu.tsx'
import type { SortSpec } from '../stores/rowQuery.ts'
import { layoutColumns } from './columnLayout.ts'
import { flingRangeExtractor } from './flingRange.ts'
import { captureAnchor, restoreScrollTop } from './scrollAnchor.ts'
import type { Anchor } from './scrollAnchor.ts'
import { TableHeader } from './TableHeader.tsx'
import { TableRow } from './TableRow.tsx'
import type { TableColumn } from './tableColumns.ts'

/** Row height in px: dense like a terminal, still an easy click target. */
export const ROW_HEIGHT = 30
/** Rows rendered beyond the viewport on each side, so scrolling at reading speed shows no blank gap (a fling keeps 1: flingRange.ts). */
const OVERSCAN = 12
const NO_WIDTHS: Readonly<Record<string, number>> = {}
/** Room at the right end of the header for the columns button (⋮), so it never covers a header. */
const MENU_GUTTER_PX = 30

export interface ResourceTableProps {
  readonly label: string
  /** Column widths are remembered per kind. */
  readonly kind: AnyKindId
  /** The kind's def (built-in, or the cluster's custom kind with its Table columns): the column chooser lists its columns. */
  readonly def: AnyKindDef
  readonly columns: readonly TableColumn[]
  readonly rows: readonly RowDto[]
  /** Changes whenever `rows` (a mutable array) changed. */
  readonly rowsVersion: number
  /** Position of a uid in `rows` (-1 when absent), faster than a scan. */
  readonly indexOf: (uid: string) => number
  /** Rows the last update changed: they flash. */
  readonly recent: ReadonlySet<string>
  /** Identifies the sort and filter: a new order is the user's doing, so no row is held still for it. */
  readonly orderKey: string
  readonly sort: SortSpec
  readonly onSort: (column: string) => void
  readonly selectedUid: string
  readonly onSelect: (uid: string) => void
  readonly onOpen: (uid: string) => void
  /** Space pressed in the grid. */
  readonly onTogglePause?: () => void
  readonly now: number
  /** The rows are not current (offline, reconnecting, refused): they are dimmed. */
  readonly stale?: boolean
  /** For the column chooser: the view spans namespaces (NAMESPACE can be shown). */
  readonly allNamespaces?: boolean
  /** For the column chooser: the table merges clusters (CLUSTER can be shown). */
  readonly multiCluster?: boolean
}

/** True when some text of a cell is cut (its box is narrower than its text). */
function isCut(cell: Element): boolean {
  for (const el of [cell, ...cell.querySelectorAll('.cell-text, .mid-head')]) if (el.scrollWidth > el.clientWidth + 0.5) return true
  return false
}

/** The table. */
export function ResourceTable(p: ResourceTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLDivElement>(null)
  const available = useElementWidth(scrollRef)
  const saved = useStore(columnPrefs, (s) => s[p.kind]?.widths ?? NO_WIDTHS)
  const [draft, setDraft] = useState<{ id: string; width: number } | null>(null)
  const layout = layoutColumns(p.columns, Math.max(0, available - MENU_GUTTER_PX), draft ? { ...saved, [draft.id]: draft.width } : saved)

  const rangeExtractor = useMemo(flingRangeExtractor, [])
  const virt = useVirtualizer({
    count: p.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Almost no overscan while a frame jumps more than a screen (flingRange.ts).
    rangeExtractor
    // Items keep the default key (their index): rows are looked up by index at render time and
    // keyed by uid there. A getItemKey made per render changed the virtualizer's options each
    // render, and it then recomputed every row's measurement (O(rows): at 150k, 56 % of the busy
    // renderer during a churn storm, and most of each frame of a fast scroll, bench T6/T9). Nor is
    // it re-measured per delta batch: every row has the same height and sizes are never measured,
    // so a mutated rows array changes nothing the virtualizer keeps but the count.
  })
  const selectedIndex = p.selectedUid ? p.indexOf(p.selectedUid) : -1

  // ---- still rows -------------------------------------------------------------------------
  const pointerY = useRef<number | null>(null)
  const anchor = useRef<Anchor | null>(null)
  const capture = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    const head = headRef.current?.offsetHeight ?? 0
    anchor.current = captureAnchor({
      scrollTop: el.scrollTop,
      bodyHeight: el.clientHeight - head,
      pointerY: pointerY.current,
      selectedIndex,
      rowCount: p.rows.length,
      rowHeight: ROW_HEIGHT,
      uidAt: (i) => p.rows[i]?.uid
    })
  }, [p.rows, selectedIndex])
  const { indexOf, rowsVersion, orderKey } = p
  const lastOrder = useRef(orderKey)
  useLayoutEffect(() => {
    const el = scrollRef.current
    const a = anchor.current
    if (el && a && lastOrder.current === orderKey) {
      const to = restoreScrollTop(a, indexOf(a.uid), ROW_HEIGHT, el.scrollTop, el.scrollHeight - el.clientHeight)
      if (to !== null) el.scrollTop = to
    }
    lastOrder.current = orderKey
    capture()
    // Runs after every change of the rows (rowsVersion), before the browser paints.
  }, [rowsVersion, indexOf, orderKey, capture])

  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const el = scrollRef.current
    if (!el) return
    const y = e.clientY - el.getBoundingClientRect().top - (headRef.current?.offsetHeight ?? 0)
    pointerY.current = y >= 0 ? y : null
    capture()
  }
  const onPointerLeave = (): void => {
    pointerY.current = null
    capture()
  }

  // ---- selection and keys -------------------------------------------------------------------
  const move = useCallback(
    (to: number) => {
      if (p.rows.length === 0) return
      const i = Math.max(0, Math.min(p.rows.length - 1, to))
      p.onSelect(p.rows[i].uid)
      virt.scrollToIndex(i, { align: 'auto' })
    },
    [p, virt]
  )

  // A selection made elsewhere (a followed link) is scrolled into view once.
  const revealed = useRef('')
  useEffect(() => {
    if (!p.selectedUid || revealed.current === p.selectedUid) return
    revealed.current = p.selectedUid
    if (selectedIndex >= 0) virt.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [p.selectedUid, selectedIndex, virt])

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2)
    const at = selectedIndex
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at < 0 ? 0 : at + 1),
      ArrowUp: () => move(at < 0 ? 0 : at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(p.rows.length - 1),
      Enter: () => {
        if (at >= 0) p.onOpen(p.rows[at].uid)
      },
      ' ': () => p.onTogglePause?.()
    }
    const fn = keys[e.key]
    if (fn && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault()
      fn()
    }
  }

  // Tooltips: the full text of a cut cell, set when the pointer reaches it.
  const onPointerOver = (e: PointerEvent<HTMLDivElement>): void => {
    const cell = (e.target as Element).closest('.grid-cell')
    if (!cell) return
    if (isCut(cell)) cell.setAttribute('title', cell.textContent ?? '')
    else cell.removeAttribute('title')
  }

  const onDrag = useCallback((id: string, width: number) => setDraft({ id, width }), [])
  const onResize = useCallback(
    (id: string, width: number | null) => {
      setDraft(null)
      setColumnWidth(p.kind, id, width)
    },
    [p.kind]
  )
  const onDragCancel = useCallback(() => setDraft(null), [])

  const items = virt.getVirtualItems()
  const menuOpen = useStore(ui, (s) => s.columnsOpen)
  return (
    <div className="table-wrap">
      {menuOpen && <ColumnMenu kind={p.kind} def={p.def} allNamespaces={p.allNamespaces ?? false} multiCluster={p.multiCluster ?? false} />}
      <div
        className={`grid-scroll${p.stale ? ' stale' : ''}`}
        ref={scrollRef}
        role="grid"
        aria-label={p.label}
        aria-rowcount={p.rows.length + 1}
        aria-colcount={p.columns.length}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="grid"
        onScroll={capture}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onPointerOver={onPointerOver}
        aria-activedescendant={p.selectedUid && selectedIndex >= 0 ? `row-${p.selectedUid}` : undefined}
      >
        <div
          ref={headRef}
          className="grid-head-wrap"
          onContextMenu={(e) => {
            e.preventDefault()
            setColumnsOpen(true)
          }}
        >
          <TableHeader
            columns={p.columns}
            widths={layout.widths}
            template={layout.template}
            total={layout.total}
            sort={p.sort}
            onSort={p.onSort}
            onDrag={onDrag}
            onResize={onResize}
            onDragCancel={onDragCancel}
          />
          <button
            type="button"
            className="icon-btn col-menu-btn"
            aria-label="Columns: show, hide, order"
            title="Columns (or right-click a header)"
            aria-expanded={menuOpen}
            data-testid="columns-button"
            onClick={() => setColumnsOpen(!menuOpen)}
          >
            ⋮
          </button>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: virt.getTotalSize(), width: layout.total }}>
          {items.map((it) => {
            const row = p.rows[it.index]
            if (!row) return null
            return (
              <TableRow
                key={row.uid}
                row={row}
                columns={p.columns}
                template={layout.template}
                width={layout.total}
                now={p.now}
                index={it.index}
                selected={row.uid === p.selectedUid}
                start={it.start}
                flash={p.recent.has(row.uid) ? p.rowsVersion : 0}
                onSelect={p.onSelect}
                onOpen={p.onOpen}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
