/**
 * One row of a table, memoized on its row object: only changed rows (and the once-a-second age
 * tick) re-render. A row the last update changed flashes briefly (an overlay's opacity, so
 * nothing moves); people who ask for reduced motion get no flash.
 */
import { memo, useEffect, useRef } from 'react'
import type { RowDto } from '../../../shared/dto/row.ts'
import { Cell } from './Cell.tsx'
import type { TableColumn } from './tableColumns.ts'

/** Long enough to catch the eye, short enough to be gone before the next glance. */
const FLASH_MS = 1_200
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)'

export interface TableRowProps {
  readonly row: RowDto
  readonly columns: readonly TableColumn[]
  readonly template: string
  readonly width: number
  readonly now: number
  readonly index: number
  readonly selected: boolean
  readonly start: number
  /** Non-zero (and new) when this row just changed: it flashes. */
  readonly flash: number
  readonly onSelect: (uid: string) => void
  readonly onOpen: (uid: string) => void
}

/** A row. */
export const TableRow = memo(function TableRow({ row, columns, template, width, now, index, selected, start, flash, onSelect, onOpen }: TableRowProps) {
  const flashRef = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    const el = flashRef.current
    if (!flash || !el || window.matchMedia(REDUCED_MOTION).matches) return
    const a = el.animate([{ opacity: 1 }, { opacity: 0 }], { duration: FLASH_MS, easing: 'ease-out' })
    return () => a.cancel()
  }, [flash])
  const warn = row.kind === 'events' && row.cells.type === 'Warning'
  return (
    <div
      role="row"
      id={`row-${row.uid}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}${row.deletingAt ? ' deleting' : ''}${index % 2 ? ' odd' : ''}${warn ? ' row-warning' : ''}`}
      style={{ gridTemplateColumns: template, width, transform: `translateY(${start}px)` }}
      onClick={() => onSelect(row.uid)}
      onDoubleClick={() => onOpen(row.uid)}
      data-name={row.name}
      data-ns={row.namespace}
      data-rv={row.resourceVersion}
      data-uid={row.uid}
    >
      <span className="row-flash" ref={flashRef} aria-hidden="true" />
      {columns.map((c) => (
        <div role="gridcell" key={c.id} className={`grid-cell col-${c.type}`} data-col={c.id}>
          <Cell row={row} col={c} now={now} />
        </div>
      ))}
    </div>
  )
})
