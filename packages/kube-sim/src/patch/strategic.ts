/**
 * Strategic merge patch (`application/strategic-merge-patch+json`): what client-side
 * `kubectl apply` and a default `kubectl patch` send.
 *
 * Why: like a merge patch, except that lists declared mergeable (see `patchMeta.ts`) merge item
 * by item on their merge key, scalar sets (finalizers) merge as sets, and the directives kubectl
 * emits are honoured: `$patch: replace | delete | merge` (on a map, or as a list item),
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and `$retainKeys`. Inputs are never
 * mutated; a malformed directive is a 422 with the path it was found at.
 */
import type { KindId } from '../kinds.ts'
import { StoreError } from '../store/types.ts'
import { clone, isObject } from './json.ts'
import type { JsonObject } from './json.ts'
import { listMeta } from './patchMeta.ts'

const ORDER = '$setElementOrder/'
const DELETE_FROM = '$deleteFromPrimitiveList/'

const invalid = (path: readonly string[], msg: string): StoreError =>
  new StoreError(422, 'Invalid', `the strategic merge patch could not be applied at ${path.length ? path.join('.') : '(root)'}: ${msg}`)

/** Remove directive keys from a value that is added as-is (no original to merge with). */
function strip(kind: KindId, value: unknown, path: string[]): unknown {
  if (isObject(value)) return mergeMap(kind, {}, value, path) ?? {}
  if (Array.isArray(value)) return value.filter((v) => !(isObject(v) && typeof v.$patch === 'string')).map((v) => strip(kind, v, path))
  return value
}

/** Reorder `list` so the items named by `order` come in that order, the others after them. */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const id = (v: unknown): unknown => (mergeKey && isObject(v) ? v[mergeKey] : v)
  const wanted = order.map((o) => (mergeKey && isObject(o) ? o[mergeKey] : o))
  const ranked = list.map((v, i) => ({ v, i, r: wanted.indexOf(id(v)) }))
  ranked.sort((a, b) => {
    const ra = a.r < 0 ? wanted.length + a.i : a.r
    const rb = b.r < 0 ? wanted.length + b.i : b.r
    return ra - rb
  })
  return ranked.map((x) => x.v)
}

function mergeList(kind: KindId, original: unknown, patch: unknown[], path: string[]): unknown[] {
  const orig = Array.isArray(original) ? original : []
  if (patch.some((v) => isObject(v) && v.$patch === 'replace')) {
    return patch.filter((v) => !(isObject(v) && v.$patch === 'replace')).map((v) => strip(kind, v, path))
  }
  const meta = listMeta(kind, path)
  if (!meta) return strip(kind, patch, path) as unknown[]
  if ('primitive' in meta) {
    const out = [...orig]
    for (const v of patch) if (!out.includes(v)) out.push(v)
    return out
  }
  const key = meta.mergeKey
  const out = [...orig]
  for (const item of patch) {
    if (!isObject(item)) throw invalid(path, `list item ${JSON.stringify(item)} is not an object with merge key "${key}"`)
    if (!(key in item)) throw invalid(path, `map ${JSON.stringify(item)} does not contain declared merge key: ${key}`)
    const at = out.findIndex((o) => isObject(o) && o[key] === item[key])
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1)
      continue
    }
    if (at >= 0) {
      const merged = mergeMap(kind, out[at] as JsonObject, item, path)
      if (merged === undefined) out.splice(at, 1)
      else out[at] = merged
    } else {
      out.push(strip(kind, item, path))
    }
  }
  return out
}

/** Merge `patch` into `original`; undefined means "delete this map" (`$patch: delete`). */
function mergeMap(kind: KindId, original: JsonObject, patch: JsonObject, path: string[]): JsonObject | undefined {
  const directive = patch.$patch
  if (directive !== undefined && directive !== 'replace' && directive !== 'delete' && directive !== 'merge') {
    throw invalid(path, `unknown $patch directive ${JSON.stringify(directive)} (want replace, delete or merge)`)
  }
  if (directive === 'delete') return undefined
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch
    return mergeMap(kind, {}, rest, path)
  }
  const out: JsonObject = { ...original }
  const retain = patch.$retainKeys
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw invalid(path, '$retainKeys must be a list of field names')
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k]
  }
  const orders: [string, unknown][] = []
  const deletes: [string, unknown][] = []
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue
    if (k.startsWith(ORDER)) {
      orders.push([k.slice(ORDER.length), v])
      continue
    }
    if (k.startsWith(DELETE_FROM)) {
      deletes.push([k.slice(DELETE_FROM.length), v])
      continue
    }
    const at = [...path, k]
    if (v === null) delete out[k]
    else if (isObject(v)) {
      const merged = mergeMap(kind, isObject(out[k]) ? (out[k] as JsonObject) : {}, v, at)
      if (merged === undefined) delete out[k]
      else out[k] = merged
    } else if (Array.isArray(v)) out[k] = mergeList(kind, out[k], v, at)
    else out[k] = v
  }
  for (const [field, values] of deletes) {
    if (!Array.isArray(values)) throw invalid([...path, field], '$deleteFromPrimitiveList must be a list')
    if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !values.includes(x))
  }
  for (const [field, order] of orders) {
    if (!Array.isArray(order)) throw invalid([...path, field], '$setElementOrder must be a list')
    const meta = listMeta(kind, [...path, field])
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, meta && 'mergeKey' in meta ? meta.mergeKey : undefined)
  }
  return out
}

/**
 * Apply a strategic merge patch to an object of `kind`.
 * @throws StoreError 400 when the patch is not a JSON object, 422 on a malformed directive or a list item without its merge key.
 */
export function strategicMergePatch(kind: KindId, target: JsonObject, patch: unknown): JsonObject {
  if (!isObject(patch)) throw new StoreError(400, 'BadRequest', 'a strategic merge patch must be a JSON object')
  return mergeMap(kind, clone(target), patch, []) ?? {}
}
