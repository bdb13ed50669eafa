/**
 * JSON merge patch (RFC 7386), what `kubectl label`, `annotate`, `scale` and
 * `patch --type=merge` send as `application/merge-patch+json`.
 *
 * Why: objects merge key by key, `null` deletes a key, and everything else (arrays included)
 * replaces the target value wholesale. Inputs are never mutated.
 */
import { isObject } from './json.ts'

/** Apply an RFC 7386 merge patch to `target`. @returns the patched value (a new object). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key], value)
  }
  return out
}
