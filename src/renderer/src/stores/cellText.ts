/**
 * The text a cell shows, exactly as in the table (kubectl's printing, ticking ages included).
 *
 * Why in stores: the table renders it and the filter matches it, so `status:Terminating` finds
 * what the eye sees, not the raw DTO value.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import { isKindId, kindDef } from '../../../shared/kinds/registry.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import { formatCell, formatRowCell, formatRowName } from '../../../shared/kinds/rows/format.ts'

/**
 * @param id a column id: `name`, `namespace`, or a registry column (then `def` is given).
 * @param now ms, for ages.
 */
export function cellText(row: RowDto, id: string, def: ColumnDef | undefined, now: number): string {
  if (id === 'name') return formatRowName(row)
  if (id === 'namespace') return row.namespace
  if (id === 'cluster') return (row as { readonly cluster?: string }).cluster ?? ''
  if (!def) {
    const v = row.cells[id]
    return v === null || v === undefined ? '' : String(v)
  }
  if (def.id === 'age' && row.cells.age === undefined) return formatCell(def, row.createdAt, now)
  if (isKindId(row.kind)) return formatRowCell(kindDef(row.kind), def, row, now)
  // A custom kind's cells are the apiserver's Table text (or numbers): no per-kind formatting. A
  // null cell (the JSONPath found nothing) prints empty, as kubectl prints it.
  const v = row.cells[id]
  return v === null || v === undefined ? '' : formatCell(def, v, now)
}
