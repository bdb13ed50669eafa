/**
 * Structural pruning of custom resources, as apiextensions-apiserver does on every write
 * (`pkg/apiserver/schema/pruning`): fields the CRD version's openAPIV3Schema does not declare are
 * dropped, unless a `x-kubernetes-preserve-unknown-fields: true` (or `additionalProperties`)
 * keeps them. At the resource root `apiVersion`, `kind` and `metadata` always stay; so do they in
 * an object marked `x-kubernetes-embedded-resource`.
 * Lifecycle: the CRD controller records each served kind's schema (`setCustomSchema`); writes
 * prune through `pruneCustom`. Pure otherwise.
 */
type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const SCHEMAS = new Map<string, Json>()

/** Record (or, with undefined, forget) the schema of a custom kind's served version. */
export function setCustomSchema(id: string, schema: unknown): void {
  if (isObj(schema)) SCHEMAS.set(id, schema)
  else SCHEMAS.delete(id)
}

function pruneValue(v: unknown, s: Json | undefined, root: boolean): unknown {
  if (!s) return v
  if (Array.isArray(v)) return isObj(s.items) ? v.map((x) => pruneValue(x, s.items as Json, false)) : v
  if (!isObj(v)) return v
  const props = isObj(s.properties) ? s.properties : undefined
  const additional = s.additionalProperties
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true
  const embedded = root || s['x-kubernetes-embedded-resource'] === true
  const out: Json = {}
  for (const [k, val] of Object.entries(v)) {
    if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      out[k] = val
      continue
    }
    const ps = props && isObj(props[k]) ? (props[k] as Json) : undefined
    if (ps) out[k] = pruneValue(val, ps, false)
    else if (isObj(additional)) out[k] = pruneValue(val, additional, false)
    else if (preserve || additional === true) out[k] = val
  }
  return out
}

/** `obj` pruned by the schema of custom kind `id` (unchanged when no schema is known). */
export function pruneCustom<T extends object>(id: string, obj: T): T {
  const s = SCHEMAS.get(id)
  return s ? (pruneValue(obj, s, true) as T) : obj
}
