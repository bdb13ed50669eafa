/**
 * The Table of a custom resource as apiextensions-apiserver builds it
 * (`pkg/registry/customresource/tableconvertor/tableconvertor.go` v0.34.4): the columns of a CRD
 * version and the cells of one object.
 *
 * Rules (each from the Go source, checked against a real 1.34.4 apiserver, see `fixtures/`):
 * - A version with no `additionalPrinterColumns` is served one column, `Age` (type `date`,
 *   `.metadata.creationTimestamp`, ObjectMeta's creationTimestamp description).
 * - The first column is always `Name` (format `name`, ObjectMeta's name description); a column
 *   without a description gets `Custom resource definition column (in JSONPath format): <path>`.
 * - A column's `jsonPath` is parsed as client-go's JSONPath template `{<jsonPath>}`. If one does
 *   not parse, the apiserver keeps the columns before it and drops it and every later one.
 * - Only the first value the path finds is used (`[*]` or a filter matching twice: the first).
 *   Nothing found, or an evaluation error (index out of range, filter on a non-array, comparing
 *   a string with a number…), gives a null cell.
 * - `string` columns print the value as Go does (numbers, booleans, compact JSON for arrays and
 *   maps, `<no value>` for a JSON null); `integer` takes an integer or truncates a float; `number`
 *   takes any number; `boolean` a boolean; `date` an RFC 3339 string, printed as the age at `nowMs`
 *   (`duration.HumanDuration`), `<unknown>` when empty, `<invalid>` when it does not parse. Any
 *   other value type is a null cell.
 * Lifecycle: pure; a columns array's paths are parsed once (cached by identity in a WeakMap).
 */
import type { TableColumnDefinition } from '../http/printerColumns.ts'
import { humanDuration } from '../../../../src/shared/kinds/rows/format.ts'
import { findResults, isGoInt } from './jsonpath.ts'
import { parseTemplate } from './jsonpathParse.ts'
import type { ListNode } from './jsonpathParse.ts'
import { goPrint, parseGoTime } from './goFormat.ts'

/** apiextensions/v1 CustomResourceColumnDefinition */
export interface CrdPrinterColumn {
  name: string
  type: string
  format?: string
  description?: string
  priority?: number
  jsonPath: string
}

/** `metav1.ObjectMeta{}.SwaggerDoc()["name"]` (k8s.io/apimachinery v0.34.4). */
export const OBJECT_META_NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'

/** `metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"]` (k8s.io/apimachinery v0.34.4). */
export const OBJECT_META_CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'

/** `serveDefaultColumnsIfEmpty`: what a version without printer columns is served. */
const DEFAULT_COLUMNS: readonly CrdPrinterColumn[] = [
  { name: 'Age', type: 'date', description: OBJECT_META_CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }
]

interface Compiled {
  readonly col: CrdPrinterColumn
  readonly path: ListNode
}

/** Compiled column sets by identity: a CRD version's columns array is reused for every row. */
const compiled = new WeakMap<readonly CrdPrinterColumn[], Compiled[]>()

/**
 * `tableconvertor.New`: the columns whose paths parse, up to the first that does not. Cached per
 * columns array, which callers must not mutate afterwards (a changed CRD brings a new array).
 */
function compile(columns: readonly CrdPrinterColumn[] | undefined): Compiled[] {
  const cols = columns && columns.length > 0 ? columns : DEFAULT_COLUMNS
  let out = compiled.get(cols)
  if (out === undefined) {
    out = parseColumns(cols)
    compiled.set(cols, out)
  }
  return out
}

function parseColumns(cols: readonly CrdPrinterColumn[]): Compiled[] {
  const out: Compiled[] = []
  for (const col of cols) {
    let path: ListNode
    try {
      path = parseTemplate(`{${col.jsonPath}}`)
    } catch {
      break
    }
    out.push({ col, path })
  }
  return out
}

/** metav1.TableColumnDefinition: first column is Name (format name), then the version's columns */
export function crTableColumns(columns: readonly CrdPrinterColumn[] | undefined): TableColumnDefinition[] {
  return [
    { name: 'Name', type: 'string', format: 'name', description: OBJECT_META_NAME_DESCRIPTION, priority: 0 },
    ...compile(columns).map(({ col }) => ({
      name: col.name,
      type: col.type,
      format: col.format ?? '',
      description: col.description ? col.description : `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
      priority: col.priority ?? 0
    }))
  ]
}

/** The row cells of one CR object, same order as crTableColumns; nowMs for date columns */
export function crTableCells(columns: readonly CrdPrinterColumn[] | undefined, obj: Record<string, unknown>, nowMs: number): unknown[] {
  const meta = obj.metadata as { name?: unknown } | undefined
  const cells: unknown[] = [typeof meta?.name === 'string' ? meta.name : '']
  for (const { col, path } of compile(columns)) {
    let results: unknown[][]
    try {
      results = findResults(path, obj)
    } catch {
      cells.push(null)
      continue
    }
    if (results.length === 0 || results[0].length === 0) {
      cells.push(null)
      continue
    }
    const value = results[0][0]
    cells.push(col.type === 'string' ? goPrint(value) : cellForJSONValue(col.type, value, nowMs))
  }
  return cells
}

/** `cellForJSONValue`: a typed column's cell, null when the value is not of the column's type. */
function cellForJSONValue(type: string, value: unknown, nowMs: number): unknown {
  if (value === null || value === undefined) return null
  switch (type) {
    case 'integer':
      // Go converts a float64 to int64 by truncation.
      return typeof value === 'number' ? (isGoInt(value) ? value : Math.trunc(value)) : null
    case 'number':
      return typeof value === 'number' ? value : null
    case 'boolean':
      return typeof value === 'boolean' ? value : null
    case 'date': {
      if (typeof value !== 'string') return null
      const t = parseGoTime(value)
      if (t === undefined) return '<invalid>'
      return t === 'zero' ? '<unknown>' : humanDuration(nowMs - t)
    }
    default:
      return null
  }
}
