/**
 * Rows of custom kinds, cut from the apiserver's own Table (`as=Table`).
 *
 * Why: a custom kind has no projector; the apiserver evaluates its additionalPrinterColumns and
 * sends the cells, so the app shows exactly kubectl's columns without evaluating JSONPath. The
 * identity fields come from the row's PartialObjectMetadata (`includeObject=Metadata`, the
 * default). Cells are keyed by the column ids of `columnsFromTable` (`c<index>`); the Age column
 * is left out, because the app ticks it from `createdAt` (the server's text would go stale).
 */
import type { CellValue, RowDto } from '../../dto/row.ts'
import type { CustomKindId } from '../custom.ts'
import type { ColumnDef } from '../registry.ts'
import type { ObjectLike } from './types.ts'

/** A Table row as the transport hands it on: the row's metadata and its cells, in Table order. */
export interface TableRowObject extends ObjectLike {
  readonly cells: readonly unknown[]
}

/**
 * Which cell of a Table row goes to which column id: `ids[i]` for the Table's cell `i`, or
 * undefined for cells the app does not keep (the Name column, the Age column).
 */
export function cellIdsOf(tableColumnCount: number, columns: readonly ColumnDef[]): readonly (string | undefined)[] {
  const ids: (string | undefined)[] = new Array<string | undefined>(tableColumnCount).fill(undefined)
  for (const c of columns) {
    const m = /^c(\d+)$/.exec(c.id)
    if (m && Number(m[1]) < tableColumnCount) ids[Number(m[1])] = c.id
  }
  return ids
}

/** A Table cell as a row cell: scalars stay, anything else (a list, a map) becomes its JSON text. */
function cellOf(v: unknown): CellValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return JSON.stringify(v)
}

/** The row of one Table row of custom kind `kind`. */
export function projectTableRow(kind: CustomKindId, obj: TableRowObject, ids: readonly (string | undefined)[]): RowDto {
  const m = obj.metadata ?? {}
  const cells: Record<string, CellValue> = {}
  const raw = Array.isArray(obj.cells) ? obj.cells : []
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]
    if (id !== undefined) cells[id] = cellOf(raw[i])
  }
  return {
    uid: m.uid ?? '',
    kind,
    namespace: m.namespace ?? '',
    name: m.name ?? '',
    createdAt: m.creationTimestamp ?? '',
    resourceVersion: m.resourceVersion ?? '',
    labels: m.labels ?? {},
    cells,
    ...(m.deletionTimestamp ? { deletingAt: m.deletionTimestamp } : {})
  }
}
