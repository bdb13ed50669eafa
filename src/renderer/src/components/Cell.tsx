import type { RowDto } from '../../../shared/dto/row.ts'
import { formatCell, formatRowCell, formatRowName, humanDuration } from '../../../shared/kinds/rows/format.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { readyClass, statusClass } from './statusClass.ts'
import type { StatusClass } from './statusClass.ts'
import type { TableColumn } from './tableColumns.ts'

function ago(iso: unknown, now: number): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? '' : humanDuration(now - t)
}

/** The projector's own severity (`extra.statusClass`), when it sent one we know. */
function serverClass(v: unknown): StatusClass | null {
  const map: Record<string, StatusClass> = { ok: 'ok', success: 'ok', warning: 'warn', warn: 'warn', pending: 'warn', error: 'bad', danger: 'bad', done: 'done', muted: 'done' }
  return typeof v === 'string' && v in map ? map[v] : null
}

/** One cell's content, by column type: coloured STATUS and READY, `3 (5m ago)`, ticking ages. */
export function Cell({ row, col, now }: { row: RowDto; col: TableColumn; now: number }) {
  if (col.id === 'name') return <span className="cell-name">{formatRowName(row)}</span>
  if (col.id === 'namespace') return <span className="cell-muted">{row.namespace}</span>
  const raw = col.id === 'age' && row.cells.age === undefined ? row.createdAt : row.cells[col.id]
  const value = raw ?? null
  switch (col.type) {
    case 'status': {
      const text = row.deletingAt && row.kind === 'pods' && value !== 'Terminating' ? 'Terminating' : formatCell(col, value, now)
      return <span className={`st st-${serverClass(row.extra?.statusClass) ?? statusClass(text)}`}>{text}</span>
    }
    case 'ready': {
      const text = formatCell(col, value, now)
      return <span className={`rd rd-${readyClass(text)}`}>{text}</span>
    }
    case 'restarts': {
      const text = formatCell(col, value, now)
      const last = ago(row.extra?.lastRestartAt, now)
      const n = typeof value === 'number' ? value : Number.parseInt(String(value), 10)
      return <span className={n > 0 ? 'rs rs-some' : 'rs'}>{last && !text.includes('(') ? `${text} (${last} ago)` : text}</span>
    }
    case 'age':
    case 'time':
      return <span className="cell-num">{formatCell(col, value, now)}</span>
    case 'number':
      return <span className="cell-num">{formatCell(col, value, now)}</span>
    default: {
      // Cells whose kubectl text depends on more than the cell (a running job's DURATION grows).
      return <>{col.def ? formatRowCell(kindDef(row.kind), col.def, row, now) : formatCell(col, value, now)}</>
    }
  }
}
