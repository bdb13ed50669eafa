/**
 * Decoding a written object as its Go type: wrong types refused, and (`fieldValidation`) unknown
 * fields refused (Strict, kubectl's default since 1.27), reported as warnings (Warn) or dropped
 * silently (Ignore). The types are the real ones (`apiTypes/`).
 *
 * Why: kubectl skips client-side validation once `/openapi/v3` says the server validates, so the
 * server must refuse a typo like `spec.replica` exactly as a real apiserver does:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
import type { KindDef } from '../kinds.ts'
import { rootType } from '../apiTypes/index.ts'
import { groupVersion } from '../kinds.ts'
import { StoreError } from '../store/types.ts'
import { checkDecode } from './decode.ts'

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'

/**
 * Decode-check `obj` as an object of `kind` (its real Go type).
 * @returns the type error (if any) and the paths of unknown fields (`spec.replica`, …).
 */
function decodeReport(kind: KindDef, obj: unknown): { typeError?: string; unknown: string[] } {
  const root = rootType(groupVersion(kind), kind.kind)
  return root ? checkDecode(root, obj) : { unknown: [] }
}

/** The paths of `obj`'s fields that the kind's Go type does not declare (`spec.replica`, …). */
export function unknownFields(kind: KindDef, obj: unknown): string[] {
  return decodeReport(kind, obj).unknown
}

/** The `fieldValidation` query parameter. @throws StoreError 400 for any other value. */
export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation')
  if (v === null || v === '' || v === 'Warn') return 'Warn'
  if (v === 'Strict' || v === 'Ignore') return v
  throw new StoreError(400, 'BadRequest', `fieldValidation parameter unsupported: ${v}; supported values: "Ignore", "Warn", "Strict"`)
}

/**
 * Decode `obj` as its kind's Go type: a wrongly typed value is always a 400; unknown fields are
 * refused (Strict), warned about (Warn) or dropped (Ignore); fields in `known` (already stored)
 * are not reported. @returns warnings (for Warn) to send as `Warning` headers.
 * @throws StoreError 400 BadRequest with the decoder's error, or listing the unknown fields (Strict).
 */
export function checkFields(kind: KindDef, obj: unknown, mode: FieldValidation, known?: ReadonlySet<string>): string[] {
  const report = decodeReport(kind, obj)
  const prefix = `${kind.kind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}`
  if (report.typeError) throw new StoreError(400, 'BadRequest', `${prefix}: ${report.typeError}`)
  if (mode === 'Ignore') return []
  const unknown = report.unknown.filter((f) => !known?.has(f))
  if (unknown.length === 0) return []
  const listed = unknown.map((f) => `unknown field ${JSON.stringify(f)}`)
  if (mode === 'Warn') return listed
  throw new StoreError(400, 'BadRequest', `${prefix}: strict decoding error: ${listed.join(', ')}`)
}
