/**
 * Dispatch a PATCH body by its Content-Type to one of the three patch forms.
 *
 * Why: the apiserver accepts exactly these media types on PATCH; anything else is 415 with the
 * list of accepted types, and server-side apply is refused with a message that says so.
 */
import type { KindId } from '../kinds.ts'
import { StoreError } from '../store/types.ts'
import { isObject } from './json.ts'
import type { JsonObject } from './json.ts'
import { applyJsonPatch } from './jsonPatch.ts'
import { mergePatch } from './mergePatch.ts'
import { strategicMergePatch } from './strategic.ts'

export type PatchType = 'json' | 'merge' | 'strategic'

const TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic'
}

/**
 * The patch form of a request's Content-Type (parameters such as charset are ignored).
 * @throws StoreError 415 for server-side apply and for unknown media types.
 */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase()
  const t = TYPES[media]
  if (t) return t
  if (media === 'application/apply-patch+yaml' || media === 'application/apply-patch+cbor') {
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      'server-side apply (application/apply-patch+yaml) is not supported by the simulated apiserver; ' +
        'use client-side apply (plain `kubectl apply`, without --server-side) or another patch type'
    )
  }
  // The PATCH route declares the patch types it consumes; any other type is refused by the HTTP
  // router before the handler runs, with its generic text (the real server's exact body).
  throw new StoreError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {})
}

/**
 * Apply a parsed patch body to `target` (a parsed object of `kind`).
 * @throws StoreError 400 for a body of the wrong shape, 422 when the patch cannot be applied.
 */
export function applyPatch(type: PatchType, kind: KindId, target: JsonObject, patch: unknown): JsonObject {
  let out: unknown
  if (type === 'json') out = applyJsonPatch(target, patch)
  else if (type === 'merge') {
    if (!isObject(patch)) throw new StoreError(400, 'BadRequest', 'a merge patch must be a JSON object')
    out = mergePatch(target, patch)
  } else out = strategicMergePatch(kind, target, patch)
  if (!isObject(out)) throw new StoreError(422, 'Invalid', 'the patched document is not a JSON object')
  return out
}
