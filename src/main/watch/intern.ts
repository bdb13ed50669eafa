/**
 * String interning for stored rows.
 *
 * Why: the main process budget is ≤ 1 KB per watched object (spec §10). JSON.parse makes a new
 * string for every value, so 10k pods carry 10k copies of "kube-system", "Running", "2/2",
 * "<none>", their node names and their label values. Sharing one copy of each repeated value
 * measured 1,265 → ~850 bytes of heap per pod row. Identity fields that are unique per object
 * (uid, name, resourceVersion) are not interned: a table entry would only add overhead.
 * Lifecycle: one process-wide table, bounded; when full it is cleared (rows keep their strings,
 * later rows just share less until the table refills).
 */
import type { CellValue, RowDto } from '../../shared/dto/row.ts'

/** Distinct strings kept; ~40 bytes of table per entry, so the table stays under ~4 MB. */
const MAX_INTERNED = 100_000
/** Longer strings are rarely repeated (messages, selectors' long lists); skip the lookup. */
const MAX_INTERN_LENGTH = 256

const table = new Map<string, string>()

/** The shared copy of `s` (adding it if the table has room). */
export function intern(s: string): string {
  if (s.length > MAX_INTERN_LENGTH) return s
  const hit = table.get(s)
  if (hit !== undefined) return hit
  if (table.size >= MAX_INTERNED) table.clear()
  table.set(s, s)
  return s
}

function internCells<T extends Readonly<Record<string, CellValue>>>(cells: T): T {
  const out: Record<string, CellValue> = {}
  for (const k in cells) {
    const v = cells[k]
    out[k] = typeof v === 'string' ? intern(v) : v
  }
  return out as T
}

/** A copy of `row` whose repeated strings are shared with other rows. */
export function compactRow(row: RowDto): RowDto {
  const labels: Record<string, string> = {}
  for (const k in row.labels) labels[intern(k)] = intern(row.labels[k])
  return {
    uid: row.uid,
    kind: row.kind,
    namespace: intern(row.namespace),
    name: row.name,
    createdAt: intern(row.createdAt),
    resourceVersion: row.resourceVersion,
    labels,
    ...(row.deletingAt ? { deletingAt: intern(row.deletingAt) } : {}),
    cells: internCells(row.cells),
    ...(row.extra ? { extra: internCells(row.extra) } : {})
  }
}
