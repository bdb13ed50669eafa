/**
 * Small JSON helpers shared by the three patch forms.
 *
 * Why: patches work on plain parsed JSON (objects, arrays, scalars); these predicates keep the
 * patch code free of casts and never mutate their inputs.
 */

/** A parsed JSON object (never an array or null). */
export type JsonObject = Record<string, unknown>

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A deep copy of parsed JSON. */
export function clone<T>(v: T): T {
  return structuredClone(v)
}
