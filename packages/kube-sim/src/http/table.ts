/**
 * `as=Table` output of the simulated apiserver: a `meta.k8s.io/v1` Table whose cells are what
 * kubectl's server-side printers print, built from the shared row projection.
 *
 * Why: kubectl asks every list and watch for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`
 * and prints the server's columns verbatim; plain objects get only the NAME/AGE fallback. The
 * same `projectRow` + `formatRowCells` that feed the app's list views produce the cells here, so the
 * demo cluster looks the same in kubectl and in Periscope.
 *
 * Shape (read from the real apiserver, apimachinery `meta/v1/types.go` and
 * `pkg/printers/tablegenerator.go`):
 * - `columnDefinitions`: `{name, type, format, description, priority}`; the primary column has
 *   format `name`; `priority: 1` columns are shown only by `-o wide`. The server always sends the
 *   wide columns (kubectl drops priority > 0 itself). `-A` adds NAMESPACE on the client, from
 *   `rows[].object.metadata.namespace`.
 * - `rows[].object`: a `PartialObjectMetadata` with the object's metadata (the default
 *   `includeObject=Metadata`; `Object` embeds the whole object, `None` leaves it out).
 * - `metadata`: the list's resourceVersion/continue; for a single object, its resourceVersion.
 *
 * Watch (apiserver `endpoints/handlers/watch.go` + `response.go`, `watchEmbeddedEncoder`): every
 * watch event's object is its own Table with exactly ONE row (the event's object). Only the FIRST
 * event of a watch carries `columnDefinitions`; the encoder then sets `NoHeaders`, and every later
 * event has `"columnDefinitions": null`, whatever its type (ADDED, MODIFIED or DELETED). ERROR
 * events carry a `Status`, which is never transformed. kubectl never asks for bookmarks on a Table
 * watch, so BOOKMARK objects may be sent untransformed. `tableWatchEncoder` implements this.
 *
 * Lifecycle: pure functions; `tableWatchEncoder` holds one boolean per watch (headers sent yet).
 */
import { kindDef } from '../kinds.ts'
import type { ColumnDef } from '../../../../src/shared/kinds/registry.ts'
import type { KindDef, KindId } from '../kinds.ts'
import { customColumns, isCustomKind, isRegistryKind } from '../kinds.ts'
import { crTableCells, crTableColumns } from '../crd/printer.ts'
import { extraCells } from './extraRows.ts'
import { projectRow } from '../../../../src/shared/kinds/rows/index.ts'
import { formatRowCells, formatRowName } from '../../../../src/shared/kinds/rows/format.ts'
import type { KubeMeta, KubeObject } from '../types.ts'
import { printerColumns } from './printerColumns.ts'
import type { CellType, TableColumnDefinition } from './printerColumns.ts'

export type { TableColumnDefinition } from './printerColumns.ts'

/** `metav1.TableRowCondition`: the pod printer marks finished pods `Completed`. */
export interface TableRowCondition {
  type: 'Completed'
  status: 'True'
  reason: string
  message: string
}

/** `metav1.TableRow`. */
export interface TableRow {
  cells: (string | number | boolean)[]
  conditions?: TableRowCondition[]
  object?: { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: KubeMeta } | KubeObject
}

/** `metav1.Table` (JSON). `columnDefinitions` is null when headers are suppressed, as Go sends it. */
export interface Table {
  kind: 'Table'
  apiVersion: 'meta.k8s.io/v1'
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }
  columnDefinitions: TableColumnDefinition[] | null
  rows: TableRow[]
}

/** `?includeObject=` of the Table request (TableOptions); kubectl sends none, meaning Metadata. */
export type IncludeObject = 'None' | 'Metadata' | 'Object'

export interface TableOptions {
  /** resourceVersion of the list (or of the single object). */
  resourceVersion: string
  /** Continue token of a paged list. */
  continue?: string
  /** Items left after this page of a paged list. */
  remainingItemCount?: number
  /** Leave out `columnDefinitions` (later watch events, or `?noHeaders=true`). */
  noHeaders?: boolean
  includeObject?: IncludeObject
  /** "Now" for relative columns (AGE, LAST SEEN, DURATION). */
  nowMs: number
}

/** The registry column that is the object name itself (events list NAME last, as priority 1). */
function ownNameColumn(k: KindDef): ColumnDef | undefined {
  return k.columns.find((c) => c.title === 'NAME')
}

/**
 * Column definitions of a kind: the real printer's (printerColumns.json). They line up with the
 * registry's columns: NAME first (format `name`), then the registry's columns in order, except for
 * events, whose NAME is their last, wide column.
 */
export function tableColumns(kind: KindId): TableColumnDefinition[] {
  if (isCustomKind(kind)) return crTableColumns(customColumns(kind))
  return printerColumns(kind).map(({ cell: _cell, ...def }) => def)
}

/**
 * A row's PartialObjectMetadata: the stored metadata, less what only the apps/v1 conversion adds
 * (a DaemonSet's template-generation annotation), since the Table is built from the internal object.
 */
function partialMeta(kind: string, meta: KubeMeta): KubeMeta {
  if (kind !== 'daemonsets' || !meta.annotations?.['deprecated.daemonset.template.generation']) return meta
  const { 'deprecated.daemonset.template.generation': _gen, ...rest } = meta.annotations
  const out: KubeMeta = { ...meta, annotations: rest }
  if (Object.keys(rest).length === 0) delete out.annotations
  return out
}

/** A cell as the real printer types it (see printerColumns.ts). */
function typed(v: string | number, cell: CellType): string | number | boolean {
  if (cell === 'integer') return typeof v === 'number' ? v : /^-?\d+$/.test(v) ? Number(v) : v
  if (cell === 'boolean') return typeof v === 'boolean' ? v : String(v).toLowerCase() === 'true'
  return String(v)
}

/** Finished pods carry the printer's `Completed` row condition. */
function podConditions(obj: KubeObject): TableRowCondition[] | undefined {
  const phase = (obj.status as { phase?: unknown } | undefined)?.phase
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]
  return undefined
}

/** One Table row: cells in column order, formatted as kubectl prints them. */
function toRow(k: KindDef, obj: KubeObject, includeObject: IncludeObject, nowMs: number): TableRow {
  const id = k.id
  let cells: (string | number)[]
  if (isCustomKind(id)) {
    // A custom resource: its CRD's printer columns, evaluated as apiextensions does (crd/printer.ts).
    return withObject({ cells: crTableCells(customColumns(id), obj, nowMs) as TableRow['cells'] }, k, obj, includeObject)
  }
  if (isRegistryKind(id)) {
    const rk = { ...k, id }
    const row = projectRow(id, obj, nowMs)
    const own = ownNameColumn(k)
    const texts = formatRowCells(rk, row, nowMs)
    cells = own ? [] : [formatRowName(row)]
    k.columns.forEach((c, i) => {
      const v = row.cells[c.id]
      cells.push(c === own ? formatRowName(row) : c.type === 'number' && typeof v === 'number' ? v : texts[i])
    })
  } else cells = [obj.metadata.name ?? '', ...extraCells(id, obj, nowMs)]
  const types = printerColumns(id)
  const out: TableRow = { cells: cells.map((c, i) => typed(c, types[i]?.cell ?? 'string')) }
  const conditions = k.id === 'pods' ? podConditions(obj) : undefined
  if (conditions) out.conditions = conditions
  return withObject(out, k, obj, includeObject)
}

/** The row's object as `includeObject` asks: its metadata (the default), all of it, or none. */
function withObject(out: TableRow, k: KindDef, obj: KubeObject, includeObject: IncludeObject): TableRow {
  if (includeObject === 'Metadata') {
    out.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: partialMeta(k.id, obj.metadata) }
  } else if (includeObject === 'Object') {
    out.object = obj
  }
  return out
}

/**
 * A `meta.k8s.io/v1` Table of `objects` (a list page, or one object for a GET or a watch event).
 * @returns the Table JSON; `columnDefinitions` is null when `opts.noHeaders`.
 */
export function toTable(kind: KindId, objects: readonly KubeObject[], opts: TableOptions): Table {
  const k = kindDef(kind)
  const includeObject = opts.includeObject ?? 'Metadata'
  const metadata: Table['metadata'] = { resourceVersion: opts.resourceVersion }
  if (opts.continue) metadata.continue = opts.continue
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? null : tableColumns(kind),
    rows: objects.map((o) => toRow(k, o, includeObject, opts.nowMs))
  }
}

/**
 * Parse the Table options of a request's query (`includeObject`, `noHeaders`), as the apiserver
 * decodes `metav1.TableOptions`.
 * @returns the options, or an error message for a 400 (`Unable to convert to Table as requested: …`).
 */
export function tableQueryOptions(query: URLSearchParams): { includeObject: IncludeObject; noHeaders: boolean } | { error: string } {
  const inc = query.get('includeObject') ?? ''
  if (inc !== '' && inc !== 'None' && inc !== 'Metadata' && inc !== 'Object') {
    return { error: `Unable to convert to Table as requested: includeObject: Unsupported value: "${inc}": supported values: "Metadata", "None", "Object"` }
  }
  return { includeObject: (inc || 'Metadata') as IncludeObject, noHeaders: query.get('noHeaders') === 'true' }
}

/** Encodes the objects of one Table watch (see the header: headers only on the first event). */
export interface TableWatchEncoder {
  /** The event object for ADDED/MODIFIED/DELETED: a one-row Table (resourceVersion = the object's). */
  encode(obj: KubeObject, nowMs?: number): Table
}

/**
 * A per-watch encoder, as the apiserver's `watchEmbeddedEncoder`: the first encoded event has
 * column definitions (unless `noHeaders` was requested), every later one has none. ERROR
 * (Status) and BOOKMARK objects must not go through it.
 */
export function tableWatchEncoder(kind: KindId, opts: { noHeaders?: boolean; includeObject?: IncludeObject } = {}): TableWatchEncoder {
  let headersSent = opts.noHeaders ?? false
  return {
    encode(obj: KubeObject, nowMs: number = Date.now()): Table {
      const t = toTable(kind, [obj], {
        resourceVersion: obj.metadata.resourceVersion ?? '',
        noHeaders: headersSent,
        includeObject: opts.includeObject,
        nowMs
      })
      headersSent = true
      return t
    }
  }
}
