/**
 * One cell's content: the text kubectl prints, coloured by meaning (STATUS, READY, RESTARTS,
 * an event's TYPE), cut with an ellipsis when too wide — in the middle for names, so a pod's
 * distinguishing hash suffix stays visible. An event's OBJECT is a link to that object.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import { cellText } from '../stores/cellText.ts'
import { rowCluster } from '../stores/mergedRows.ts'
import { readyClass, serverClass, statusClass } from '../stores/statusClass.ts'
import { MiddleEllipsis } from './MiddleEllipsis.tsx'
import { ObjectLink } from './ObjectLink.tsx'
import type { TableColumn } from './tableColumns.ts'

/** The colour class of a cell (empty for plain text). */
function tone(row: RowDto, col: TableColumn, text: string): string {
  switch (col.type) {
    case 'status':
      return `st st-${serverClass(row.extra?.statusClass) ?? statusClass(text)}`
    case 'ready':
      return `rd rd-${readyClass(text)}`
    case 'restarts':
      return Number.parseInt(text, 10) > 0 ? 'cell-num rs-some' : 'cell-num'
    case 'number':
    case 'age':
    case 'time':
      return 'cell-num'
    default:
      if (col.id === 'namespace') return 'cell-muted'
      if (col.id === 'name') return 'cell-name'
      if (row.kind === 'events' && col.id === 'type' && text === 'Warning') return 'ev-warning'
      return ''
  }
}

/**
 * One cell.
 * @param now ms, for ages.
 * @param inGrid links are reached through the grid's own keys, not Tab (false in the drawer).
 */
export function Cell({ row, col, now, inGrid = true }: { row: RowDto; col: TableColumn; now: number; inGrid?: boolean }) {
  const text = cellText(row, col.id, col.def, now)
  if (row.kind === 'events' && col.id === 'object' && text)
    return <ObjectLink cluster={rowCluster(row, '') || undefined} namespace={row.namespace} object={text} focusable={!inGrid} />
  const cls = tone(row, col, text)
  if (col.truncate === 'middle') return <MiddleEllipsis text={text} className={cls} />
  return <span className={`cell-text ${cls}`}>{text}</span>
}
