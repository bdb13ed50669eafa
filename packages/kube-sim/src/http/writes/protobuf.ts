/**
 * Decoding a `application/vnd.kubernetes.protobuf` request body into the JSON object it encodes.
 *
 * Why: kubectl 1.33's typed clients send protobuf (`kubectl create deployment|job|cronjob|
 * service|ingress|pdb|priorityclass|configmap|secret|namespace`, `run`, `autoscale`, `drain`'s
 * evictions, `debug --copy-to`) and never fall back to JSON. The body is the `k8s\0` magic, then a
 * `runtime.Unknown` whose TypeMeta names the kind and whose `raw` bytes are the object. Field
 * numbers, types and JSON names come from the real Go types (`apiTypes/`), so every field decodes;
 * a field number the types do not know is refused (415, naming it), never dropped.
 * JSON shape: what Go's encoding/json would print for the decoded struct — zero values of
 * `omitempty` non-pointer fields left out, pointers and non-omitempty fields kept.
 */
import type { ApiType } from '../../apiTypes/index.ts'
import { fieldsOf, isStruct, rootType } from '../../apiTypes/index.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])

interface Field {
  readonly no: number
  readonly wire: number
  /** Varint value (wire 0) as a BigInt, or fixed64/fixed32 raw bits. */
  readonly big: bigint
  readonly bytes?: Buffer
}

const malformed = (why: string): StoreError => new StoreError(400, 'BadRequest', `the protobuf body could not be decoded: ${why}`)

function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n
  let shift = 0n
  for (let i = at; i < b.length && i < at + 10; i++) {
    v |= BigInt(b[i] & 0x7f) << shift
    shift += 7n
    if (b[i] < 0x80) return [v, i + 1]
  }
  throw malformed('truncated varint')
}

/** Split a message into its fields (wire types 0, 1, 2 and 5). */
function fields(b: Buffer): Field[] {
  const out: Field[] = []
  let p = 0
  while (p < b.length) {
    const [tag, q] = varint(b, p)
    p = q
    const no = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    if (wire === 0) {
      const [v, r] = varint(b, p)
      out.push({ no, wire, big: v })
      p = r
    } else if (wire === 2) {
      const [n, r] = varint(b, p)
      const end = r + Number(n)
      if (end > b.length) throw malformed('length beyond the end of the message')
      out.push({ no, wire, big: n, bytes: b.subarray(r, end) })
      p = end
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4
      if (p + size > b.length) throw malformed('truncated fixed-size field')
      out.push({ no, wire, big: 0n, bytes: b.subarray(p, p + size) })
      p += size
    } else throw malformed(`unsupported wire type ${wire} (field ${no})`)
  }
  return out
}

/** A two's-complement varint as a signed integer (int32 and int64 both sign-extend to 64 bits). */
function signed(v: bigint): number {
  return Number(BigInt.asIntN(64, v))
}

const isoSeconds = (s: number): string => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** Go's time.Duration String (`1h0m0s`, `1.5s`, `300ms`). */
function goDuration(ns: number): string {
  if (ns === 0) return '0s'
  const neg = ns < 0
  let n = Math.abs(ns)
  let out: string
  if (n < 1e9) {
    out = n < 1e3 ? `${n}ns` : n < 1e6 ? `${n / 1e3}µs` : `${n / 1e6}ms`
  } else {
    const h = Math.floor(n / 3.6e12)
    n -= h * 3.6e12
    const m = Math.floor(n / 6e10)
    n -= m * 6e10
    const s = `${n / 1e9}s`
    out = h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s
  }
  return neg ? `-${out}` : out
}

/** A special type's value (Time, Quantity, IntOrString, …); undefined for a zero Time. */
function special(type: string, f: Field, where: string): unknown {
  const sub = (): Map<number, Field> => new Map(fields(f.bytes ?? Buffer.alloc(0)).map((x) => [x.no, x]))
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      const m = sub()
      const s = signed(m.get(1)?.big ?? 0n)
      const nanos = signed(m.get(2)?.big ?? 0n)
      if (s === 0 && nanos === 0) return undefined
      if (type === 'Time') return isoSeconds(s)
      return `${isoSeconds(s).slice(0, -1)}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`
    }
    case 'Duration':
      return goDuration(signed(sub().get(1)?.big ?? 0n))
    case 'Quantity':
      return sub().get(1)?.bytes?.toString('utf8') ?? '0'
    case 'IntOrString': {
      const m = sub()
      return signed(m.get(1)?.big ?? 0n) === 1 ? (m.get(3)?.bytes?.toString('utf8') ?? '') : signed(m.get(2)?.big ?? 0n)
    }
    case 'RawExtension':
    case 'FieldsV1': {
      const raw = sub().get(1)?.bytes
      if (!raw || raw.length === 0) return undefined
      try {
        return JSON.parse(raw.toString('utf8')) as unknown
      } catch {
        throw new StoreError(
          415,
          'UnsupportedMediaType',
          `the simulated apiserver cannot decode the non-JSON raw object in ${where} of a protobuf body; send application/json`
        )
      }
    }
    default:
      return undefined
  }
}

/** A scalar field's value; for packed repeated scalars, several. */
function scalar(type: string, f: Field): unknown {
  switch (type) {
    case 'string':
      return f.bytes?.toString('utf8') ?? ''
    case 'bytes':
      return (f.bytes ?? Buffer.alloc(0)).toString('base64')
    case 'bool':
      return f.big !== 0n
    case 'int32':
    case 'int64':
      return signed(f.big)
    case 'float64':
      return f.bytes && f.bytes.length === 8 ? f.bytes.readDoubleLE(0) : Number(f.big)
    default:
      return undefined
  }
}

const SCALAR_WIRE: Readonly<Record<string, number>> = { string: 2, bytes: 2, bool: 0, int32: 0, int64: 0, float64: 1 }

/** Whether a decoded non-pointer value is Go's zero value (left out under omitempty). */
function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false
}

/** Decode one value of `type` from field `f` (a list element, a map value or a single field). */
function value(type: ApiType, f: Field, where: string): unknown {
  if (typeof type !== 'string') return undefined
  if (isStruct(type)) {
    if (f.wire !== 2) throw unsupported(where, f.no, `wire type ${f.wire} for a message`)
    return message(type, f.bytes ?? Buffer.alloc(0))
  }
  if (type in SCALAR_WIRE) return scalar(type, f)
  return special(type, f, where)
}

function unsupported(struct: string, no: number, what = 'an unknown field number'): StoreError {
  return new StoreError(
    415,
    'UnsupportedMediaType',
    `the simulated apiserver cannot decode field ${no} of protobuf message ${struct} (${what}); nothing was stored. Send application/json instead`
  )
}

/** Decode a message of struct `struct` into its JSON object. */
function message(struct: string, b: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const defs = fieldsOf(struct)
  for (const f of fields(b)) {
    const def = defs.find((d) => d[1] === f.no)
    if (!def) throw unsupported(struct, f.no)
    const [name, type, flags] = [def[0], def[2], def[3]]
    const where = `${struct}.${name || '(inline)'}`
    if (flags.includes('i') && typeof type === 'string' && isStruct(type)) {
      Object.assign(out, message(type, f.bytes ?? Buffer.alloc(0)))
      continue
    }
    if (Array.isArray(type)) {
      const elem = type[0] as ApiType
      const list = (out[name] ??= []) as unknown[]
      const wire = typeof elem === 'string' ? SCALAR_WIRE[elem] : undefined
      if (wire !== undefined && wire !== 2 && f.wire === 2) {
        // A packed repeated scalar: consecutive values in one length-delimited field.
        list.push(...packed(elem as string, wire, f.bytes ?? Buffer.alloc(0)))
      } else list.push(value(elem, f, where))
      continue
    }
    if (typeof type === 'object') {
      const entry = new Map(fields(f.bytes ?? Buffer.alloc(0)).map((x) => [x.no, x]))
      const m = (out[name] ??= {}) as Record<string, unknown>
      const key = entry.get(1)?.bytes?.toString('utf8') ?? ''
      const v = entry.get(2)
      const elem = (type as { m: ApiType }).m
      // An absent value is the element's zero value ('' for strings, {} for a struct).
      const zero: Field = { no: 2, wire: 2, big: 0n, bytes: Buffer.alloc(0) }
      m[key] = v
        ? value(elem, v, where)
        : typeof elem === 'string' && isStruct(elem)
          ? {}
          : typeof elem === 'string'
            ? (scalar(elem, zero) ?? special(elem, zero, where))
            : undefined
      continue
    }
    const v = value(type, f, where)
    if (v === undefined) continue
    if (!flags.includes('p') && flags.includes('o') && isZero(v)) continue
    out[name] = v
  }
  return out
}

/** The values of a packed repeated scalar field (varints, or fixed 64/32-bit values). */
function packed(type: string, wire: number, b: Buffer): unknown[] {
  const out: unknown[] = []
  let p = 0
  while (p < b.length) {
    if (wire === 0) {
      const [v, q] = varint(b, p)
      out.push(scalar(type, { no: 0, wire, big: v }))
      p = q
    } else {
      const size = wire === 1 ? 8 : 4
      out.push(scalar(type, { no: 0, wire, big: 0n, bytes: b.subarray(p, p + size) }))
      p += size
    }
  }
  return out
}

/** True when the Content-Type is Kubernetes protobuf. */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/vnd.kubernetes.protobuf'
}

/**
 * Decode a protobuf request body. @throws StoreError 400 when malformed, 415 for a kind or a
 * field the simulator does not decode (naming it: nothing is stored).
 */
export function decodeProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw malformed('missing the k8s protobuf magic prefix')
  const envelope = new Map(fields(body.subarray(4)).map((f) => [f.no, f]))
  const tm = new Map(fields(envelope.get(1)?.bytes ?? Buffer.alloc(0)).map((f) => [f.no, f.bytes?.toString('utf8') ?? '']))
  const apiVersion = tm.get(1) ?? ''
  const kind = tm.get(2) ?? ''
  const encoding = envelope.get(3)?.bytes?.toString('utf8') ?? ''
  if (encoding !== '')
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      `the simulated apiserver does not decode protobuf with contentEncoding ${JSON.stringify(encoding)}; send application/json`
    )
  const root = rootType(apiVersion, kind)
  if (!root) {
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      `the simulated apiserver does not decode protobuf for ${JSON.stringify(kind)} in ${JSON.stringify(apiVersion)}; send application/json`
    )
  }
  const obj = message(root, envelope.get(2)?.bytes ?? Buffer.alloc(0))
  return { apiVersion, kind, ...obj, metadata: (obj.metadata ?? {}) as KubeObject['metadata'] }
}
