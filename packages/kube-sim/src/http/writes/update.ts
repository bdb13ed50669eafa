/**
 * PUT on an object (or its /status): replace it, with optimistic concurrency; and the commit step
 * shared with PATCH.
 *
 * Why + rules (as the apiserver's update handler and the kinds' update strategies):
 * - name and namespace must match the URL (400); a stale `metadata.resourceVersion` is 409
 *   Conflict; no resourceVersion = an unconditional update;
 * - a plain update keeps the old `.status` (kinds with a status subresource); a `/status` update
 *   changes only `.status`, keeping spec and metadata;
 * - uid, creationTimestamp, deletionTimestamp and allocated values carry over; `generation`
 *   moves only when the spec changes (the store decides);
 * - a write that changes nothing is not stored (no new resourceVersion, no event);
 * - an object being deleted whose last finalizer is removed goes away (the lifecycle decides).
 */
import { isCustomKind } from '../../kinds.ts'
import { pruneCustom } from '../../crd/prune.ts'
import type { ServerResponse } from 'node:http'
import type { Rec } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { defaultOnUpdate, withDefaults } from '../../validate/defaults.ts'
import { invalidError } from '../../validate/fieldErrors.ts'
import { normalize } from '../../validate/normalize.ts'
import { validateObject } from '../../validate/object.ts'
import { updateErrors } from '../../validate/update.ts'
import { checkFields, unknownFields } from '../../validate/strict.ts'
import { StoreError } from '../../store/types.ts'
import type { WriteCtx } from './context.ts'
import { conflict, notFound, sendObject } from './context.ts'
import { asObject, sameJson } from './objects.ts'

/** Metadata only the server sets; an update cannot change it. */
const SYSTEM_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'] as const

/** The current record of the URL's object. @throws StoreError 404. */
export function currentRec(ctx: WriteCtx): Rec {
  const rec = ctx.deps.store.get(ctx.kind.id, ctx.namespace, ctx.name ?? '')
  if (!rec) throw notFound(ctx.kind, ctx.name ?? '')
  return rec
}

/**
 * Turn the written object `next` into what is stored, given the current `prev`, then store it.
 * @returns the stored bytes (or the unchanged current ones).
 * @throws StoreError 400 (name mismatch, unknown fields), 409 Conflict, 422 Invalid.
 */
export function commitUpdate(ctx: WriteCtx, prevRec: Rec, next: KubeObject): Buffer {
  const { store, lifecycle } = ctx.deps
  const { kind } = ctx
  const prev = store.object(prevRec)
  const name = next.metadata?.name
  if (name !== undefined && name !== ctx.name) {
    throw new StoreError(400, 'BadRequest', `the name of the object (${String(name)}) does not match the name on the URL (${ctx.name ?? ''})`)
  }
  let out: KubeObject
  // A custom resource is pruned by its CRD's schema before anything else (apiextensions).
  if (isCustomKind(kind.id)) next = pruneCustom(kind.id, next)
  if (ctx.subresource === 'status') {
    out = { ...prev, status: next.status, metadata: { ...prev.metadata, resourceVersion: next.metadata?.resourceVersion } }
    if (out.status === undefined) delete out.status
  } else {
    out = { ...next, metadata: { ...next.metadata, name: ctx.name } }
    // Fields already stored (generated objects may carry more than the schemas describe) are not new typos.
    ctx.warnings.push(...checkFields(kind, out, ctx.fieldValidation, new Set(unknownFields(kind, prev))))
    if (kind.status) {
      if (prev.status === undefined) delete out.status
      else out.status = prev.status
    }
    const meta: Record<string, unknown> = out.metadata
    for (const k of SYSTEM_META) {
      if (prev.metadata[k] === undefined) delete meta[k]
      else meta[k] = prev.metadata[k]
    }
    defaultOnUpdate(kind.id, out, prev)
    validateObject(kind, out)
    // Compared as the apiserver compares: both sides defaulted and as stored.
    const errs = updateErrors(kind, normalize(kind, out), normalize(kind, withDefaults(kind.id, prev)))
    if (errs.length > 0) throw invalidError(kind, ctx.name ?? '', errs)
  }
  out = normalize(kind, out)
  if (ctx.subresource !== 'status') ctx.deps.admit?.(kind, ctx.namespace, out)
  const given = out.metadata.resourceVersion
  if (given && given !== String(prevRec.rv)) throw conflict(kind, ctx.name ?? '')
  const unchanged = { ...out, metadata: { ...out.metadata, resourceVersion: String(prevRec.rv), generation: prev.metadata.generation } }
  if (sameJson(unchanged, prev)) return prevRec.json
  if (ctx.dryRun) return Buffer.from(JSON.stringify(unchanged))
  const rec = store.update(kind.id, out, true, true)
  lifecycle.afterUpdate(kind.id, rec)
  return rec.json
}

/** Handle PUT on an object or its /status. */
export function serveReplace(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const next = asObject(ctx.kind, body, ctx.namespace)
  if (next.metadata.name === undefined || next.metadata.name === '') {
    throw new StoreError(400, 'BadRequest', `the name of the object () does not match the name on the URL (${ctx.name ?? ''})`)
  }
  const prevRec = currentRec(ctx)
  sendObject(res, ctx, 200, commitUpdate(ctx, prevRec, next))
}
