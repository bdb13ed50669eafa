/**
 * The registry-driven, virtualized, sortable table of one list (`role="grid"`).
 *
 * Why virtualized: the DOM holds only the visible rows plus overscan, so 150k rows render like
 * 50 (performance-notes §4.4). Rows are memoized on their row object: only changed rows and the
 * once-a-second age tick re-render. Keyboard: arrows, PageUp/PageDown, Home/End move the
 * selection, Enter opens the drawer.
 */
import { memo, useCallback, useEffect, useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { RowDto } from '../../../shared/dto/row.ts'
import { Cell } from './Cell.tsx'
import type { TableColumn } from './tableColumns.ts'

/** Row height in px: dense like a terminal, still an easy click target. */
const ROW_HEIGHT = 30
/** Rows rendered beyond the viewport on each side, so fast scrolling shows no blank gap. */
const OVERSCAN = 12

export interface SortState {
  readonly column: string
  readonly dir: 'asc' | 'desc'
}

export interface ResourceTableProps {
  readonly label: string
  readonly columns: readonly TableColumn[]
  readonly rows: readonly RowDto[]
  /** Changes whenever `rows` (a mutable array) changed. */
  readonly rowsVersion: number
  readonly sort: SortState
  readonly onSort: (column: string) => void
  readonly selectedUid: string
  readonly onSelect: (uid: string) => void
  readonly onOpen: (uid: string) => void
  readonly now: number
}

const Row = memo(function Row({ row, columns, template, now, index, selected, start, onSelect, onOpen }: {
  row: RowDto; columns: readonly TableColumn[]; template: string; now: number; index: number; selected: boolean; start: number
  onSelect: (uid: string) => void; onOpen: (uid: string) => void
}) {
  return (
    <div role="row" id={`row-${row.uid}`} aria-rowindex={index + 2} aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}${row.deletingAt ? ' deleting' : ''}${index % 2 ? ' odd' : ''}`}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)` }}
      onClick={() => onSelect(row.uid)} onDoubleClick={() => onOpen(row.uid)} data-name={row.name} data-rv={row.resourceVersion}>
      {columns.map((c) => (
        <div role="gridcell" key={c.id} className={`grid-cell col-${c.type}`} data-col={c.id}>
          <Cell row={row} col={c} now={now} />
        </div>
      ))}
    </div>
  )
})

/** The table. */
export function ResourceTable(p: ResourceTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const template = p.columns.map((c) => c.track).join(' ')
  const virt = useVirtualizer({
    count: p.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (i) => p.rows[i]?.uid ?? i
  })
  const selectedIndex = p.selectedUid ? p.rows.findIndex((r) => r.uid === p.selectedUid) : -1

  const move = useCallback((to: number) => {
    if (p.rows.length === 0) return
    const i = Math.max(0, Math.min(p.rows.length - 1, to))
    p.onSelect(p.rows[i].uid)
    virt.scrollToIndex(i, { align: 'auto' })
  }, [p, virt])

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1)
    const at = selectedIndex
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at < 0 ? 0 : at + 1),
      ArrowUp: () => move(at < 0 ? 0 : at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(p.rows.length - 1),
      Enter: () => { if (at >= 0) p.onOpen(p.rows[at].uid) }
    }
    const fn = keys[e.key]
    if (fn) { e.preventDefault(); fn() }
  }

  // Keep the virtualizer's measurements in step with a mutated rows array.
  useEffect(() => { virt.measure() }, [p.rowsVersion, virt])

  const items = virt.getVirtualItems()
  return (
    <div className="grid-scroll" ref={scrollRef} role="grid" aria-label={p.label} aria-rowcount={p.rows.length + 1}
      aria-colcount={p.columns.length} tabIndex={0} onKeyDown={onKey} data-testid="grid"
      aria-activedescendant={p.selectedUid && selectedIndex >= 0 ? `row-${p.selectedUid}` : undefined}>
      <div role="row" aria-rowindex={1} className="grid-head" style={{ gridTemplateColumns: template }}>
        {p.columns.map((c) => {
          const active = p.sort.column === c.id
          return (
            <div role="columnheader" key={c.id} aria-sort={active ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              className={`grid-th col-${c.type}${active ? ' sorted' : ''}`}>
              <button type="button" onClick={() => p.onSort(c.id)} title={`Sort by ${c.title}`}>
                {c.title}<span className="sort-arrow" aria-hidden="true">{active ? (p.sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            </div>
          )
        })}
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: virt.getTotalSize() }}>
        {items.map((it) => {
          const row = p.rows[it.index]
          if (!row) return null
          return <Row key={row.uid} row={row} columns={p.columns} template={template} now={p.now} index={it.index}
            selected={row.uid === p.selectedUid} start={it.start} onSelect={p.onSelect} onOpen={p.onOpen} />
        })}
      </div>
    </div>
  )
}
