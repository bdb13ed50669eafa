/**
 * Field errors and the 422 Invalid Status built from them, worded as the apiserver words them.
 *
 * Why: kubectl prints `The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": …`
 * from `details.kind`, `details.name` and `details.causes`, so the causes must carry the field path
 * and the message body exactly as `field.Error` renders them in Go.
 */
import type { KindDef } from '../kinds.ts'
import { StoreError } from '../store/types.ts'

/** One invalid field, as `k8s.io/apimachinery/pkg/util/validation/field.Error`. */
export interface FieldError {
  readonly type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate'
  readonly field: string
  /** The message body after the field path, e.g. `Invalid value: "x": must be …`. */
  readonly body: string
}

/** A bad value already rendered as Go prints it (`%#v` of a struct, a slice). */
export class GoLiteral {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/** A Go-like rendering of a bad value: strings quoted, numbers bare, Go literals as they are. */
function render(value: unknown): string {
  if (value instanceof GoLiteral) return value.text
  if (value === null || value === undefined) return 'null'
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)
}

export const invalidValue = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  body: `Invalid value: ${render(value)}: ${detail}`
})

export const required = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  body: detail ? `Required value: ${detail}` : 'Required value'
})

export const notSupported = (field: string, value: unknown, allowed: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  body: `Unsupported value: ${render(value)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`
})

export const forbiddenField = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` })

/**
 * The 422 Invalid error for `errs` on the object `name` of `kind`: message
 * `Deployment.apps "web" is invalid: [a, b]` (no brackets for one error), causes one per error.
 */
export function invalidError(kind: KindDef, name: string, errs: readonly FieldError[]): StoreError {
  const qualified = kind.apiGroup ? `${kind.kind}.${kind.apiGroup}` : kind.kind
  const parts = errs.map((e) => `${e.field}: ${e.body}`)
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`
  const details: Record<string, unknown> = { name, kind: kind.kind }
  if (kind.apiGroup) details.group = kind.apiGroup
  details.causes = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }))
  return new StoreError(422, 'Invalid', `${qualified} "${name}" is invalid: ${joined}`, details)
}
