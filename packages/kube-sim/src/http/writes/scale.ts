/**
 * The `/scale` subresource of deployments, statefulsets and replicasets: an `autoscaling/v1`
 * Scale view of `spec.replicas`, read with GET and written with PUT or PATCH.
 *
 * Why: `kubectl scale` (1.27 through 1.33) sends a merge PATCH of `{"spec":{"replicas":N}}` to
 * /scale, or GET then PUT with `--resource-version`/`--current-replicas`; HPAs read it too. A
 * write changes only `spec.replicas` of the parent (so its generation moves, as on a cluster).
 */
import type { ServerResponse } from 'node:http'
import { applyPatch } from '../../patch/index.ts'
import { isObject } from '../../patch/json.ts'
import type { JsonObject } from '../../patch/json.ts'
import type { SimStore } from '../../store/store.ts'
import { StoreError } from '../../store/types.ts'
import type { Rec } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { invalidValue } from '../../validate/fieldErrors.ts'
import type { WriteCtx } from './context.ts'
import { conflict, sendObject } from './context.ts'
import { decodePatch } from './patch.ts'
import { selectorString } from '../../store/selectors.ts'

export { selectorString }
import { currentRec } from './update.ts'

/** The Scale of a workload record. */
export function scaleOf(store: SimStore, rec: Rec): JsonObject {
  const obj = store.object(rec)
  const spec = isObject(obj.spec) ? obj.spec : {}
  const status = isObject(obj.status) ? obj.status : {}
  const m = obj.metadata
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorString(spec.selector) }
  }
}

function invalidScale(name: string, replicas: unknown): StoreError {
  const e = invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0')
  return new StoreError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: ${e.field}: ${e.body}`, {
    name,
    group: 'autoscaling',
    kind: 'Scale',
    causes: [{ reason: e.type, message: e.body, field: e.field }]
  })
}

/** Write a Scale: its spec.replicas into the parent. */
function writeScale(ctx: WriteCtx, res: ServerResponse, prevRec: Rec, scale: unknown): void {
  const { store } = ctx.deps
  const name = ctx.name ?? ''
  if (!isObject(scale)) throw new StoreError(400, 'BadRequest', 'the request body must be a JSON object of kind Scale')
  const meta = isObject(scale.metadata) ? scale.metadata : {}
  if (meta.name !== undefined && meta.name !== name) {
    throw new StoreError(400, 'BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`)
  }
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' && meta.resourceVersion !== String(prevRec.rv)) throw conflict(ctx.kind, name)
  const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw invalidScale(name, replicas ?? null)
  const obj: KubeObject = store.object(prevRec)
  const spec = isObject(obj.spec) ? obj.spec : {}
  if (spec.replicas === replicas || ctx.dryRun) {
    const out = scaleOf(store, prevRec)
    ;(out.spec as JsonObject).replicas = replicas
    return sendObject(res, ctx, 200, out)
  }
  obj.spec = { ...spec, replicas }
  const rec = store.update(ctx.kind.id, obj)
  sendObject(res, ctx, 200, scaleOf(store, rec))
}

/** Handle GET, PUT or PATCH on `<workload>/scale`. */
export function serveScale(ctx: WriteCtx, res: ServerResponse, method: string, contentType: string | undefined, raw: Buffer, body: unknown): void {
  const prevRec = currentRec(ctx)
  if (method === 'GET') return sendObject(res, ctx, 200, scaleOf(ctx.deps.store, prevRec))
  if (method === 'PUT') return writeScale(ctx, res, prevRec, body)
  const { type, patch } = decodePatch(contentType, raw)
  writeScale(ctx, res, prevRec, applyPatch(type, ctx.kind.id, scaleOf(ctx.deps.store, prevRec), patch))
}
