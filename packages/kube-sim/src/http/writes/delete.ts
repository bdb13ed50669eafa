/**
 * DELETE on an object: DeleteOptions from the query and the body, then the lifecycle's delete.
 *
 * Why: kubectl sends `propagationPolicy` and `gracePeriodSeconds` in a DeleteOptions body; other
 * clients use the query. The answer is the object when it is not gone yet (Terminating, waiting
 * on finalizers) or for the kinds whose registry returns the deleted object (pods, services,
 * namespaces); otherwise a Success Status naming the object, as the apiserver answers.
 */
import type { ServerResponse } from 'node:http'
import type { KindId } from '../../kinds.ts'
import type { DeleteOptions, Propagation } from '../../lifecycle/lifecycle.ts'
import { isObject } from '../../patch/json.ts'
import { StoreError } from '../../store/types.ts'
import type { WriteCtx } from './context.ts'
import { sendObject } from './context.ts'

/** Kinds whose registry sets ReturnDeletedObject (k8s.io/kubernetes/pkg/registry). */
const RETURNS_OBJECT = new Set<KindId>(['pods', 'services', 'namespaces'])
const POLICIES: readonly Propagation[] = ['Background', 'Foreground', 'Orphan']

function graceOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) throw new StoreError(400, 'BadRequest', `gracePeriodSeconds must be an integer, got ${JSON.stringify(v)}`)
  return n < 0 ? undefined : n
}

/** DeleteOptions from query parameters, overridden by the body's fields. @throws StoreError 400. */
export function deleteOptions(query: URLSearchParams, body: unknown, dryRun: boolean): DeleteOptions {
  const b = isObject(body) ? body : {}
  let policy = (b.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as string | undefined
  const orphan = b.orphanDependents ?? query.get('orphanDependents') ?? undefined
  if (policy === undefined && orphan !== undefined) policy = orphan === true || orphan === 'true' ? 'Orphan' : 'Background'
  if (policy !== undefined && !POLICIES.includes(policy as Propagation)) {
    throw new StoreError(
      422,
      'Invalid',
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
      {
        group: 'meta.k8s.io',
        kind: 'DeleteOptions',
        causes: [{ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(policy)}`, field: 'propagationPolicy' }]
      }
    )
  }
  const pre = isObject(b.preconditions) ? b.preconditions : undefined
  const bodyDry = Array.isArray(b.dryRun) && b.dryRun.includes('All')
  return {
    propagationPolicy: policy as Propagation | undefined,
    gracePeriodSeconds: graceOf(b.gracePeriodSeconds ?? query.get('gracePeriodSeconds')),
    preconditions: pre
      ? { uid: typeof pre.uid === 'string' ? pre.uid : undefined, resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined }
      : undefined,
    dryRun: dryRun || bodyDry
  }
}

/** Handle DELETE on an object. */
export function serveDelete(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const { kind } = ctx
  const name = ctx.name ?? ''
  const result = ctx.deps.lifecycle.delete(kind.id, ctx.namespace, name, deleteOptions(ctx.query, body, ctx.dryRun))
  if (!result.deleted || RETURNS_OBJECT.has(kind.id)) return sendObject(res, ctx, 200, result.object)
  sendObject(res, ctx, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...(kind.apiGroup ? { group: kind.apiGroup } : {}), kind: kind.resource, uid: result.object.metadata.uid }
  })
}
