/**
 * The real kube-apiserver's Table column definitions for every kind the simulator serves, and the
 * JSON type of each column's cells, as read from a real 1.34 control plane by
 * `scripts/gen-printer-columns.ts` into `printerColumns.json`.
 *
 * Why: kubectl prints the server's column names, and clients read `type`, `format`, `priority`
 * and `description`; they are constants of the apiserver's printers (with swagger descriptions),
 * so they are recorded, not retyped. A cell's JSON type follows the Go value each printer appends
 * (`int32` → number, `fmt.Sprintf` → string, `bool` → boolean), which the column's `type` does
 * not always say (HPA MinPods is a string, MaxPods a number, both typed "string").
 * Lifecycle: loaded once with the module.
 */
import type { KindId } from '../kinds.ts'
import data from './printerColumns.json' with { type: 'json' }

/** `metav1.TableColumnDefinition`. */
export interface TableColumnDefinition {
  name: string
  /** OpenAPI type: `string`, `integer`, `boolean`, `number` or `date`. */
  type: string
  /** `name` on the object-name column, otherwise empty. */
  format: string
  description: string
  /** 0 = always shown, 1 = only with `-o wide`. */
  priority: number
}

/** The JSON type the real printer gives a column's cells. */
export type CellType = 'string' | 'integer' | 'boolean'

export interface PrinterColumn extends TableColumnDefinition {
  readonly cell: CellType
}

const COLUMNS = data as unknown as Record<KindId, readonly PrinterColumn[]>

/** The real printer's columns of `kind`, in order (a fresh copy). */
export function printerColumns(kind: KindId): PrinterColumn[] {
  return COLUMNS[kind].map((c) => ({ ...c }))
}
