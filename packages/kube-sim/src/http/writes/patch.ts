/**
 * PATCH on an object (or its /status): apply a JSON, merge or strategic merge patch to the
 * current object, then commit it as an update.
 *
 * Why: the apiserver patches the current version, so a patch never conflicts unless it sets
 * `metadata.resourceVersion` itself; the result goes through the same rules as a PUT
 * (`commitUpdate`): status kept or alone changed, validation, finalizers, no-op detection.
 */
import { isCustomKind } from '../../kinds.ts'
import type { ServerResponse } from 'node:http'
import { applyPatch, patchTypeOf } from '../../patch/index.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import type { WriteCtx } from './context.ts'
import { sendObject } from './context.ts'
import { decodeBody } from './body.ts'
import { asObject } from './objects.ts'
import { commitUpdate, currentRec } from './update.ts'

/** Decode a PATCH body of the request's Content-Type. @throws StoreError 415, 400. */
export function decodePatch(contentType: string | undefined, raw: Buffer): { type: ReturnType<typeof patchTypeOf>; patch: unknown } {
  const type = patchTypeOf(contentType)
  const patch = decodeBody(raw, 'application/json', 'error decoding patch')
  if (patch === undefined) throw new StoreError(400, 'BadRequest', 'the patch body is empty')
  return { type, patch }
}

/** Handle PATCH on an object or its /status. */
export function servePatch(ctx: WriteCtx, res: ServerResponse, contentType: string | undefined, raw: Buffer): void {
  const { type, patch } = decodePatch(contentType, raw)
  if (type === 'strategic' && isCustomKind(ctx.kind.id)) {
    // The CR handler does not list strategic merge patch among the types it accepts.
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'
    )
  }
  const prevRec = currentRec(ctx)
  const cur = ctx.deps.store.object(prevRec)
  // A patch of another served version applies to the object as that version shows it.
  const patched = applyPatch(type, ctx.kind.id, ctx.view ? ctx.view.out(cur) : cur, patch)
  const next = asObject(ctx.kind, ctx.view ? ctx.view.in(patched as KubeObject) : patched, ctx.namespace)
  sendObject(res, ctx, 200, commitUpdate(ctx, prevRec, next))
}
