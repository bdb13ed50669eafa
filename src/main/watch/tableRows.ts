/**
 * The projector of a custom kind's watch: Table rows (from `tableSource`) to row DTOs.
 *
 * Why: a custom kind's cells are the apiserver's Table cells, keyed by the ids of the Table's
 * columns; the ids depend on the columns the source last saw, which can change (a relist after
 * the CRD's printer columns changed), so the mapping is recomputed when they do.
 * Lifecycle: one per shared watch or one-shot LIST; holds the last column mapping only.
 */
import type { RowDto } from '../../shared/dto/row.ts'
import type { CustomKindId } from '../../shared/kinds/custom.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { cellIdsOf, projectTableRow } from '../../shared/kinds/rows/tableRow.ts'
import type { TableRowObject } from '../../shared/kinds/rows/tableRow.ts'
import type { ResourceSource } from '../kube/source.ts'

/** A source that knows its Table's columns (`tableSource`). */
interface ColumnsSource {
  columns(): readonly ColumnDef[] | undefined
  cellCount(): number
}

function hasColumns(s: ResourceSource): s is ResourceSource & ColumnsSource {
  return typeof (s as Partial<ColumnsSource>).columns === 'function' && typeof (s as Partial<ColumnsSource>).cellCount === 'function'
}

/** The projector of custom kind `kind` read through `source`, or undefined for a source without a Table. */
export function tableProjector(kind: CustomKindId, source: ResourceSource): ((obj: ObjectLike) => RowDto) | undefined {
  if (!hasColumns(source)) return undefined
  let seen: readonly ColumnDef[] | undefined
  let ids: readonly (string | undefined)[] = []
  return (obj) => {
    const cols = source.columns()
    if (cols !== seen) {
      seen = cols
      ids = cellIdsOf(source.cellCount(), cols ?? [])
    }
    return projectTableRow(kind, obj as TableRowObject, ids)
  }
}
