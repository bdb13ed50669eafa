/**
 * A written object as the apiserver stores and returns it: decoded into its Go struct and encoded
 * again, so its JSON is what Go's encoding/json prints for that struct.
 *
 * Why: the real apiserver never stores the request's JSON; it stores the Go object. Clients see
 * the consequences: fields in Go struct order, unknown fields gone (fieldValidation=Warn/Ignore),
 * `omitempty` zero values dropped (`"minReadySeconds": 0`, `"paused": false`), non-pointer
 * structs always present (`"status": {}`), `omitzero` zeros dropped (a template's metadata has no
 * `creationTimestamp`, since 1.34), and objects
 * created from JSON (kubectl 1.27) and from protobuf (kubectl 1.33) identical. Applied to API
 * writes (create, update, patch), after defaulting and validation.
 */
import type { ApiField, ApiType } from '../apiTypes/index.ts'
import { fieldsOf, isStruct, rootType } from '../apiTypes/index.ts'
import { groupVersion } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import type { KubeObject } from '../types.ts'

/** A struct's fields in Go order, inline (embedded) structs' fields promoted in place. */
const orderCache = new Map<string, ApiField[]>()
function ordered(struct: string): ApiField[] {
  let out = orderCache.get(struct)
  if (out) return out
  out = []
  for (const f of fieldsOf(struct)) {
    if (f[3].includes('i') && isStruct(f[2])) out.push(...ordered(f[2]))
    else out.push(f)
  }
  orderCache.set(struct, out)
  return out
}

const isEmpty = (v: unknown): boolean =>
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)

/** The JSON of a zero value of a non-pointer, non-omitted field. */
function zero(t: ApiType): unknown {
  if (Array.isArray(t) || typeof t === 'object') return null
  switch (t) {
    case 'string':
      return ''
    case 'bool':
      return false
    case 'int32':
    case 'int64':
    case 'float64':
      return 0
    case 'Time':
    case 'MicroTime':
    case 'RawExtension':
    case 'FieldsV1':
    case 'bytes':
      return null
    case 'Quantity':
      return '0'
    case 'IntOrString':
      return 0
    case 'Duration':
      return '0s'
    default:
      return struct(t, {})
  }
}

function value(t: ApiType, v: unknown): unknown {
  if (v === null || v === undefined) return v
  if (Array.isArray(t)) return Array.isArray(v) ? v.map((x) => value(t[0] as ApiType, x)) : v
  if (typeof t === 'object') {
    if (typeof v !== 'object' || Array.isArray(v)) return v
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = value((t as { m: ApiType }).m, x)
    return out
  }
  return isStruct(t) && typeof v === 'object' && !Array.isArray(v) ? struct(t, v as Record<string, unknown>) : v
}

/** Go structs with their own JSON form: `omitempty` never omits a struct, so their zero value prints. */
const STRUCT_LIKE = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'Duration', 'RawExtension', 'FieldsV1'])
const structLike = (t: ApiType): boolean => typeof t === 'string' && (isStruct(t) || STRUCT_LIKE.has(t))

/** Fields tagged `omitzero` in k8s.io/api and apimachinery 1.34 (`struct.field`). */
const OMIT_ZERO = new Set(['meta/v1.ObjectMeta.creationTimestamp'])

function struct(name: string, v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [json, , t, flags] of ordered(name)) {
    const omit = flags.includes('o')
    const pointer = flags.includes('p')
    const raw = v[json]
    if (raw === undefined || raw === null) {
      // `omitzero` (Go 1.24): ObjectMeta.creationTimestamp is the one such field in 1.34's types, so
      // a template's metadata has no `"creationTimestamp": null` any more.
      if (OMIT_ZERO.has(`${name}.${json}`)) continue
      // A nil pointer, slice or map: omitted, or null; a struct: its zero value; a scalar: 0/''/false unless omitted.
      if (pointer || Array.isArray(t) || typeof t === 'object' || t === 'bytes') {
        if (!omit) out[json] = null
      } else if (structLike(t) || !omit) out[json] = zero(t)
      continue
    }
    const x = value(t, raw)
    if (omit && !pointer && !structLike(t) && isEmpty(x)) continue
    out[json] = x
  }
  return out
}

/** `obj` (a valid object of `kind`) as the apiserver would store it. */
export function normalize(kind: KindDef, obj: KubeObject): KubeObject {
  const root = rootType(groupVersion(kind), kind.kind)
  if (!root) return obj
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...struct(root, obj) } as KubeObject
}
