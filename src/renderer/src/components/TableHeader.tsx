/**
 * The header row of a table: one sort button per column and a resize handle at each column's
 * right edge (drag it; or focus it and use ←/→, Shift for bigger steps, Home for the narrowest,
 * Enter or a double click for the automatic width). It uses the same pixel template as the rows,
 * so a header always stands over its column.
 */
import { useRef } from 'react'
import type { KeyboardEvent, PointerEvent } from 'react'
import type { SortSpec } from '../stores/rowQuery.ts'
import type { TableColumn } from './tableColumns.ts'

/** Keyboard resize step, and with Shift. */
const STEP_PX = 8
const BIG_STEP_PX = 40

export interface TableHeaderProps {
  readonly columns: readonly TableColumn[]
  readonly widths: readonly number[]
  readonly template: string
  readonly total: number
  readonly sort: SortSpec
  readonly onSort: (column: string) => void
  /** A width while dragging (shown, not yet kept). */
  readonly onDrag: (column: string, width: number) => void
  /** The width to keep (null = automatic again); also ends a drag. */
  readonly onResize: (column: string, width: number | null) => void
  /** A drag ended without a change. */
  readonly onDragCancel: () => void
}

/** The header row. */
export function TableHeader({ columns, widths, template, total, sort, onSort, onDrag, onResize, onDragCancel }: TableHeaderProps) {
  const drag = useRef<{ id: string; startX: number; startWidth: number; min: number; width: number } | null>(null)

  const down = (e: PointerEvent<HTMLDivElement>, c: TableColumn, width: number): void => {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { id: c.id, startX: e.clientX, startWidth: width, min: c.minWidth, width }
  }
  const move = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current
    if (!d) return
    d.width = Math.max(d.min, Math.round(d.startWidth + e.clientX - d.startX))
    onDrag(d.id, d.width)
  }
  const up = (): void => {
    const d = drag.current
    drag.current = null
    if (d && d.width !== d.startWidth) onResize(d.id, d.width)
    else if (d) onDragCancel()
  }
  const key = (e: KeyboardEvent<HTMLDivElement>, c: TableColumn, width: number): void => {
    const step = e.shiftKey ? BIG_STEP_PX : STEP_PX
    const next: Record<string, number | null> = {
      ArrowLeft: Math.max(c.minWidth, width - step),
      ArrowRight: width + step,
      Home: c.minWidth,
      Enter: null,
      Delete: null,
      Backspace: null
    }
    if (!(e.key in next)) return
    e.preventDefault()
    e.stopPropagation()
    onResize(c.id, next[e.key])
  }

  return (
    <div role="row" aria-rowindex={1} className="grid-head" style={{ gridTemplateColumns: template, width: total }}>
      {columns.map((c, i) => {
        const active = sort.column === c.id
        const width = widths[i] ?? c.width
        return (
          <div
            role="columnheader"
            key={c.id}
            aria-label={c.title}
            data-col={c.id}
            aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={`grid-th col-${c.type}${active ? ' sorted' : ''}`}
          >
            <button type="button" onClick={() => onSort(c.id)} title={`Sort by ${c.title}`}>
              <span className="th-text">{c.title}</span>
              <span className="sort-arrow" aria-hidden="true">
                {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
            <div
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize ${c.title} column`}
              tabIndex={0}
              aria-valuenow={width}
              aria-valuemin={c.minWidth}
              className="col-resize"
              data-resize={c.id}
              title="Drag to resize; double-click for the automatic width"
              onPointerDown={(e) => down(e, c, width)}
              onPointerMove={move}
              onPointerUp={up}
              onPointerCancel={up}
              onDoubleClick={(e) => {
                e.stopPropagation()
                onResize(c.id, null)
              }}
              onClick={(e) => e.stopPropagation()}
              onKeyDown={(e) => key(e, c, width)}
            />
          </div>
        )
      })}
    </div>
  )
}
