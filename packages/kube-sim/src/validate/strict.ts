/**
 * `fieldValidation`: unknown fields refused (Strict, kubectl's default since 1.27), reported as
 * warnings (Warn) or dropped silently (Ignore), as far as `schema.ts` describes the kind.
 *
 * Why: kubectl skips client-side validation once `/openapi/v3` says the server validates, so the
 * server must refuse a typo like `spec.replica` exactly as a real apiserver does:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
import type { KindDef } from '../kinds.ts'
import { isObject } from '../patch/json.ts'
import { StoreError } from '../store/types.ts'
import { kindSchema } from './schema.ts'
import type { Schema } from './schema.ts'

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'

/** Most unknown fields listed before the rest are summarised, to bound the message. */
const MAX_LISTED = 20

function walk(value: unknown, schema: Schema, path: string, out: string[]): void {
  if (out.length >= MAX_LISTED) return
  if (Array.isArray(schema)) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, schema[0], `${path}[${i}]`, out))
    return
  }
  if (typeof schema === 'string' || !isObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    const sub = (schema as Record<string, Schema>)[k]
    const at = path ? `${path}.${k}` : k
    if (sub === undefined) out.push(at)
    else walk(v, sub, at, out)
  }
}

/** The paths of `obj`'s fields that the kind's schema does not declare (`spec.replica`, …). */
export function unknownFields(kind: KindDef, obj: unknown): string[] {
  const out: string[] = []
  walk(obj, kindSchema(kind.id), '', out)
  return out
}

/** The `fieldValidation` query parameter. @throws StoreError 400 for any other value. */
export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation')
  if (v === null || v === '' || v === 'Warn') return 'Warn'
  if (v === 'Strict' || v === 'Ignore') return v
  throw new StoreError(400, 'BadRequest', `fieldValidation parameter unsupported: ${v}; supported values: "Ignore", "Warn", "Strict"`)
}

/**
 * Check `obj` against its kind's schema; fields in `known` (already stored) are not reported. @returns warnings (for Warn) to send as `Warning` headers.
 * @throws StoreError 400 BadRequest listing the unknown fields (Strict).
 */
export function checkFields(kind: KindDef, obj: unknown, mode: FieldValidation, known?: ReadonlySet<string>): string[] {
  if (mode === 'Ignore') return []
  const unknown = unknownFields(kind, obj).filter((f) => !known?.has(f))
  if (unknown.length === 0) return []
  const listed = unknown.map((f) => `unknown field ${JSON.stringify(f)}`)
  if (mode === 'Warn') return listed
  throw new StoreError(400, 'BadRequest', `${kind.kind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}: strict decoding error: ${listed.join(', ')}`)
}
