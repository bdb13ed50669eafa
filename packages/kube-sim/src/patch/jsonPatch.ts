/**
 * JSON patch (RFC 6902), `application/json-patch+json`, as `kubectl patch --type=json` sends it.
 *
 * Why: the operations are applied with `fast-json-patch` on a copy; a failed operation (a `test`
 * that does not hold, a path that does not exist) is reported as the apiserver does: 422 with the
 * operation and the reason, never a partial write.
 */
import jsonpatch from 'fast-json-patch'
import type { Operation } from 'fast-json-patch'
import { StoreError } from '../store/types.ts'
import { clone, isObject } from './json.ts'

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/**
 * Apply a JSON patch document to `target`.
 * @throws StoreError 400 when the patch is not an array of operations, 422 when an operation fails.
 */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new StoreError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  patch.forEach((op, i) => {
    if (!isObject(op) || typeof op.op !== 'string' || !OPS.has(op.op) || typeof op.path !== 'string') {
      throw new StoreError(
        400,
        'BadRequest',
        `invalid JSON patch operation ${i}: each operation needs "op" (add, remove, replace, move, copy or test) and a string "path"`
      )
    }
  })
  try {
    return jsonpatch.applyPatch(clone(target), patch as Operation[], true, true, true).newDocument
  } catch (err) {
    const e = err as { name?: string; message?: string; index?: number; operation?: { op?: string; path?: string } }
    const reason = (e.message ?? String(err)).split('\n')[0]
    const where = e.operation ? ` (operation ${e.index ?? '?'}: ${e.operation.op} ${e.operation.path})` : ''
    throw new StoreError(422, 'Invalid', `the JSON patch could not be applied: ${reason}${where}`)
  }
}
