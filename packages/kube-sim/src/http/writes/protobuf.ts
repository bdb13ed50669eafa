/**
 * Decoding a `application/vnd.kubernetes.protobuf` request body into the JSON object it encodes.
 *
 * Why: kubectl 1.33's typed clients (`kubectl create namespace|deployment|job|…`, `kubectl run`)
 * send protobuf. The body is the `k8s\0` magic, then a `runtime.Unknown` whose TypeMeta names the
 * kind and whose `raw` bytes are the object; `protoSchema.ts` maps field numbers to JSON names.
 */
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { KIND_MESSAGES } from './protoSchema.ts'
import type { ProtoMessage, ProtoType } from './protoSchema.ts'

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])

interface Field { readonly no: number; readonly wire: number; readonly num: number; readonly bytes?: Buffer }

const malformed = (why: string): StoreError => new StoreError(400, 'BadRequest', `the protobuf body could not be decoded: ${why}`)

function varint(b: Buffer, at: number): [number, number] {
  let v = 0
  let mul = 1
  for (let i = at; i < b.length && i < at + 10; i++) {
    v += (b[i] & 0x7f) * mul
    mul *= 128
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
    const no = Math.floor(tag / 8)
    const wire = tag & 7
    if (wire === 0) {
      const [v, r] = varint(b, p)
      out.push({ no, wire, num: v })
      p = r
    } else if (wire === 2) {
      const [n, r] = varint(b, p)
      if (r + n > b.length) throw malformed('length beyond the end of the message')
      out.push({ no, wire, num: n, bytes: b.subarray(r, r + n) })
      p = r + n
    } else if (wire === 1 || wire === 5) {
      p += wire === 1 ? 8 : 4
    } else throw malformed(`unsupported wire type ${wire}`)
  }
  return out
}

function scalar(type: ProtoType, f: Field): unknown {
  switch (type) {
    case 'string': return f.bytes?.toString('utf8') ?? ''
    case 'int': case 'int*': return f.num > Number.MAX_SAFE_INTEGER ? f.num - 2 ** 64 : f.num
    case 'bool': case 'bool*': return f.num !== 0
    case 'quantity': return decode({ 1: ['q', 'string'] }, f.bytes ?? Buffer.alloc(0)).q ?? '0'
    case 'time': {
      const t = decode({ 1: ['s', 'int*'] }, f.bytes ?? Buffer.alloc(0))
      return typeof t.s === 'number' && t.s > 0 ? new Date(t.s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined
    }
    case 'intOrString': {
      const v = decode({ 1: ['type', 'int*'], 2: ['i', 'int*'], 3: ['s', 'string'] }, f.bytes ?? Buffer.alloc(0))
      return v.type === 1 ? v.s ?? '' : v.i ?? 0
    }
    default: return undefined
  }
}

function value(type: ProtoType, f: Field): unknown {
  if (typeof type === 'string') return scalar(type, f)
  if ('map' in type) return undefined // handled by the caller (entries)
  return decode(type as ProtoMessage, f.bytes ?? Buffer.alloc(0))
}

/** Omitempty: drop zero values of non-pointer scalars. */
function empty(type: ProtoType, v: unknown): boolean {
  return v === undefined || (type === 'string' && v === '') || (type === 'int' && v === 0) || (type === 'bool' && v === false)
}

function decode(msg: ProtoMessage, b: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields(b)) {
    const def = msg[f.no]
    if (!def) continue
    const [name, type, repeated] = def
    if (typeof type === 'object' && 'map' in type) {
      const entry = decode({ 1: ['k', 'string'], 2: ['v', type.map] }, f.bytes ?? Buffer.alloc(0))
      const m = (out[name] ??= {}) as Record<string, unknown>
      m[String(entry.k ?? '')] = entry.v ?? ''
      continue
    }
    const v = value(type, f)
    if (repeated) ((out[name] ??= []) as unknown[]).push(v)
    else if (!empty(type, v)) out[name] = v
  }
  return out
}

/** True when the Content-Type is Kubernetes protobuf. */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/vnd.kubernetes.protobuf'
}

/**
 * Decode a protobuf request body. @throws StoreError 400 when malformed, 415 for a kind whose
 * protobuf form the simulator does not decode (send JSON instead).
 */
export function decodeProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw malformed('missing the k8s protobuf magic prefix')
  const unknown = decode({ 1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }], 2: ['raw', 'string'] }, body.subarray(4))
  const tm = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string }
  const raw = fields(body.subarray(4)).find((f) => f.no === 2)?.bytes ?? Buffer.alloc(0)
  const msg = tm.kind ? KIND_MESSAGES[tm.kind] : undefined
  if (!msg) {
    throw new StoreError(415, 'UnsupportedMediaType', `the simulated apiserver does not decode protobuf for kind ${JSON.stringify(tm.kind ?? '')}; send application/json`)
  }
  const obj = decode(msg, raw)
  return { apiVersion: tm.apiVersion, kind: tm.kind, ...obj, metadata: (obj.metadata ?? {}) as KubeObject['metadata'] }
}
