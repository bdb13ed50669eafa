/**
 * The list/watch pair of a custom kind, read as the apiserver's Table (`as=Table`).
 *
 * Why: a custom kind's columns are its CRD's additionalPrinterColumns, evaluated by the apiserver
 * (JSONPath, types, priority); asking for a Table gets exactly what `kubectl get` prints, for the
 * LIST and for each watch event, without evaluating JSONPath here. Each Table row is handed on as
 * a `TableRowObject` (its PartialObjectMetadata and its cells), which `projectTableRow` turns
 * into a row. The columns come with every LIST page and with the first event of each watch
 * request (the apiserver's watch encoder sends them once, then `null`).
 * Lifecycle: one per shared watch (or one-shot LIST), like any source. When a watch opens with
 * columns other than the LIST's (the CRD's printer columns changed: the apiserver restarts the
 * CR's watches when a CRD is updated), the watch fails as `gone`, so the reflector relists and
 * every row is cut again by the new columns.
 */
import { columnsFromTable } from '../../shared/kinds/custom.ts'
import type { TableColumnDefinition } from '../../shared/kinds/custom.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { TableRowObject } from '../../shared/kinds/rows/tableRow.ts'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { UpstreamError } from './errors.ts'
import type { ListOptions, ResourceSource, WatchOptions } from './source.ts'
import type { ReadBounds } from './transport.ts'

/**
 * What kubectl sends for `get` (v1 Table, then the v1beta1 Table, then plain JSON): a server
 * without Table support answers plain objects instead of an error.
 */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'

/** The two requests a Table source needs from a transport. */
export interface TableTransport {
  listPages(path: string, what: string, opts: ListOptions, bounds: ReadBounds): Promise<{ resourceVersion: string }>
  watch(path: string, what: string, opts: WatchOptions, accept?: string): Promise<void>
}

/** A source whose rows come with the Table's columns. */
export interface TableSource extends ResourceSource {
  /** The columns of the last Table seen (undefined before the first LIST page). */
  columns(): readonly ColumnDef[] | undefined
  /** The number of cells each row of that Table has. */
  cellCount(): number
}

interface TableLike {
  readonly kind?: string
  readonly metadata?: { readonly resourceVersion?: string }
  readonly columnDefinitions?: readonly TableColumnDefinition[] | null
  readonly rows?: readonly { readonly cells?: readonly unknown[]; readonly object?: ObjectLike }[] | null
}

/** Column definitions as sent, or undefined when the value is not a list of them. */
function defsOf(v: unknown): readonly TableColumnDefinition[] | undefined {
  if (!Array.isArray(v)) return undefined
  return v.every((d) => d && typeof (d as TableColumnDefinition).name === 'string' && typeof (d as TableColumnDefinition).type === 'string')
    ? (v as TableColumnDefinition[])
    : undefined
}

/** Whether two Tables have the same columns (names, types, formats, priorities, in order). */
function sameDefs(a: readonly TableColumnDefinition[], b: readonly TableColumnDefinition[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.name === b[i].name && d.type === b[i].type && (d.format ?? '') === (b[i].format ?? '') && (d.priority ?? 0) === (b[i].priority ?? 0))
  )
}

/** A Table row as the object the reflector projects (metadata + cells). */
function rowObject(row: { readonly cells?: readonly unknown[]; readonly object?: ObjectLike } | undefined): TableRowObject {
  return { metadata: row?.object?.metadata ?? {}, cells: Array.isArray(row?.cells) ? row.cells : [] }
}

/** The Table list/watch of the collection at `path`. */
export function tableSource(
  transport: () => TableTransport,
  path: string,
  what: string,
  bounds: ReadBounds,
  onColumns?: (columns: readonly ColumnDef[]) => void
): TableSource {
  let defs: readonly TableColumnDefinition[] | undefined
  let cols: readonly ColumnDef[] | undefined
  const adopt = (d: readonly TableColumnDefinition[]): void => {
    if (defs && sameDefs(defs, d)) return
    defs = d
    cols = columnsFromTable(d)
    onColumns?.(cols)
  }
  return {
    columns: () => cols,
    cellCount: () => defs?.length ?? 0,
    list: (o) =>
      transport().listPages(
        path,
        `list ${what}`,
        {
          signal: o.signal,
          onPage: (rows, info) => {
            const d = defsOf(info?.columnDefinitions)
            if (!d) throw new UpstreamError('malformed', `list ${what}: the apiserver's Table has no column definitions`)
            adopt(d)
            o.onPage(
              rows.map((r) => rowObject(r as Parameters<typeof rowObject>[0])),
              info?.remainingItemCount !== undefined ? { remainingItemCount: info.remainingItemCount } : {}
            )
          }
        },
        { ...bounds, accept: TABLE_ACCEPT, itemsField: 'rows' }
      ),
    watch: (o) =>
      transport().watch(
        path,
        `watch ${what}`,
        {
          ...o,
          onEvent: (ev) => {
            const t = ev.object as TableLike
            if (ev.type === 'BOOKMARK' || t.kind !== 'Table') {
              // A bookmark (or a server that sent plain objects): only the resourceVersion counts.
              const rv = t.metadata?.resourceVersion ?? rowObject(t.rows?.[0]).metadata?.resourceVersion
              o.onEvent({ type: ev.type, object: { metadata: { resourceVersion: rv ?? '' } } })
              return
            }
            const d = defsOf(t.columnDefinitions)
            if (d && defs && !sameDefs(defs, d)) {
              throw new UpstreamError('gone', `the printer columns of ${what} changed; relisting`)
            }
            if (d && !defs) adopt(d)
            const row = rowObject(t.rows?.[0])
            o.onEvent({ type: ev.type, object: row })
          }
        },
        TABLE_ACCEPT
      )
  }
}
