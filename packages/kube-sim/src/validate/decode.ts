/**
 * Decode-time checks of a JSON body against the real Go types, with the Go decoder's words.
 *
 * Why: the apiserver decodes a body into its Go struct before anything else, so a value of the
 * wrong type is refused at once — `Pod in version "v1" cannot be handled as a Pod: json: cannot
 * unmarshal string into Go struct field Container.spec.containers.command of type []string` —
 * and, with fieldValidation=Strict, unknown fields are listed (`unknown field
 * "spec.containers[0].imagePullPolicyy"`). Storing a wrongly typed value instead breaks every
 * reader later (`kubectl describe` of the node the pod landed on). The rules are those of
 * sigs.k8s.io/json (case-sensitive, Go 1.24 encoding/json errors): null is accepted anywhere; the
 * first type error wins; Quantity, IntOrString and Time decode as their UnmarshalJSON do.
 */
import type { ApiField, ApiType } from '../apiTypes/index.ts'
import { fieldsOf, isStruct, structName } from '../apiTypes/index.ts'

/** What decoding found. */
export interface DecodeReport {
  /** The decoder's error (the first type error), if any. */
  readonly typeError?: string
  /** Paths of fields the type does not have, in document order (`spec.containers[0].foo`). */
  readonly unknown: string[]
}

interface Flat {
  readonly field: ApiField
  readonly go: string
}

const flatCache = new Map<string, Map<string, Flat>>()

/** A struct's JSON fields, with inline (embedded) structs' fields promoted, as Go flattens them. */
function flat(struct: string): Map<string, Flat> {
  let m = flatCache.get(struct)
  if (m) return m
  m = new Map()
  for (const f of fieldsOf(struct)) {
    if (f[3].includes('i') && isStruct(f[2])) for (const [k, v] of flat(f[2])) m.set(k, v)
    else m.set(f[0], { field: f, go: f[4] })
  }
  flatCache.set(struct, m)
  return m
}

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/
const QUANTITY_ERR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
const BASE64_RE = /[^A-Za-z0-9+/=]/

/** The JSON value's kind as Go's UnmarshalTypeError names it. */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  if (typeof v === 'number') return 'number'
  return typeof v === 'boolean' ? 'bool' : 'string'
}

/** Go type of a list element / map value from the field's printed type (`[]v1.Container` → `v1.Container`). */
function elemGo(go: string, t: ApiType, fallback: (t: ApiType) => string): string {
  if (go.startsWith('[]')) return go.slice(2)
  const m = /^map\[[^\]]*\](.+)$/.exec(go)
  return m ? m[1] : fallback(t)
}

class Walker {
  error: string | undefined
  readonly unknown: string[] = []

  /** Check `v` against `t`; `go` is its Go type for messages, `path` its dotted JSON path, `at` the strict path, `owner` the innermost struct. */
  value(v: unknown, t: ApiType, go: string, path: string, at: string, owner: string): void {
    if (this.error !== undefined || v === null || v === undefined) return
    const fail = (value: string, type: string = go): void => {
      this.error = `json: cannot unmarshal ${value} into Go struct field ${owner}.${path} of type ${type}`
    }
    if (Array.isArray(t)) {
      if (!Array.isArray(v)) return fail(kindOf(v))
      const eg = elemGo(go, t, goOf)
      v.forEach((x, i) => this.value(x, t[0] as ApiType, eg, path, `${at}[${i}]`, owner))
      return
    }
    if (typeof t === 'object') {
      if (kindOf(v) !== 'object') return fail(kindOf(v))
      const eg = elemGo(go, t, goOf)
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) this.value(x, (t as { m: ApiType }).m, eg, path, `${at}[${k}]`, owner)
      return
    }
    switch (t) {
      case 'string':
        if (typeof v !== 'string') fail(kindOf(v))
        return
      case 'bool':
        if (typeof v !== 'boolean') fail(kindOf(v))
        return
      case 'int32':
      case 'int64': {
        if (typeof v !== 'number') return fail(kindOf(v))
        const bits = t === 'int32' ? 2 ** 31 : 2 ** 63
        if (!Number.isInteger(v) || v < -bits || v >= bits) fail(`number ${String(v)}`)
        return
      }
      case 'float64':
        if (typeof v !== 'number') fail(kindOf(v))
        return
      case 'bytes':
        if (typeof v !== 'string') return fail(kindOf(v))
        if (BASE64_RE.test(v) || v.length % 4 !== 0) {
          const bad = v.search(BASE64_RE)
          this.error = `illegal base64 data at input byte ${bad >= 0 ? bad : v.length - (v.length % 4)}`
        }
        return
      case 'Time':
      case 'MicroTime':
      case 'Duration':
        if (typeof v !== 'string') fail(kindOf(v), 'string')
        return
      case 'Quantity':
        if (typeof v === 'number' ? !QUANTITY_RE.test(String(v)) : typeof v !== 'string' || !QUANTITY_RE.test(v.trim())) this.error = QUANTITY_ERR
        return
      case 'IntOrString':
        if (typeof v === 'string') return
        if (typeof v !== 'number') return fail(kindOf(v), 'int32')
        if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) fail(`number ${String(v)}`, 'int32')
        return
      case 'RawExtension':
      case 'FieldsV1':
        return
      default:
        this.struct(v, t, go, path, at, owner)
    }
  }

  struct(v: unknown, struct: string, go: string, path: string, at: string, owner?: string): void {
    if (kindOf(v) !== 'object') {
      this.error =
        owner === undefined
          ? `json: cannot unmarshal ${kindOf(v)} into Go value of type ${go}`
          : `json: cannot unmarshal ${kindOf(v)} into Go struct field ${owner}.${path} of type ${go}`
      return
    }
    const fields = flat(struct)
    const name = structName(struct)
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (this.error !== undefined) return
      const f = fields.get(k)
      const p = path ? `${path}.${k}` : k
      const a = at ? `${at}.${k}` : k
      if (!f) {
        this.unknown.push(a)
        continue
      }
      this.value(x, f.field[2], f.go, p, a, name)
    }
  }
}

function goOf(t: ApiType): string {
  if (Array.isArray(t)) return `[]${goOf(t[0] as ApiType)}`
  if (typeof t === 'object') return `map[string]${goOf((t as { m: ApiType }).m)}`
  return t as string
}

/**
 * Decode-check `body` as the struct `root` (e.g. `core/v1.Pod`); `apiVersion` and `kind` (the
 * inline TypeMeta) are accepted at the top.
 */
export function checkDecode(root: string, body: unknown): DecodeReport {
  const w = new Walker()
  const top = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : body
  if (top && typeof top === 'object' && !Array.isArray(top)) {
    const t = top as Record<string, unknown>
    for (const k of ['apiVersion', 'kind']) {
      if (t[k] !== undefined && t[k] !== null && typeof t[k] !== 'string') {
        return { typeError: `json: cannot unmarshal ${kindOf(t[k])} into Go struct field ${structName(root)}.${k} of type string`, unknown: [] }
      }
      delete t[k]
    }
  }
  w.struct(top, root, `v1.${structName(root)}`, '', '')
  return { typeError: w.error, unknown: w.unknown }
}
