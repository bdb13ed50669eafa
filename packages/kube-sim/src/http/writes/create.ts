/**
 * POST on a collection: create an object, as the apiserver's create handler does.
 *
 * Why + order (as the apiserver): decode (400) → identity checks (400) → unknown fields
 * (fieldValidation) → generateName → defaults and server-owned metadata (uid, status reset) →
 * validation (422) → namespace exists (404) and is not terminating (403) → already exists (409)
 * → store (one RV, one ADDED event) → 201 with the stored object. dryRun=All stops before the store.
 */
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { generatedName } from '../../store/records.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import { crdCreateStatus, defaultOnCreate } from '../../validate/defaults.ts'
import { normalize } from '../../validate/normalize.ts'
import { validateObject } from '../../validate/object.ts'
import { checkFields } from '../../validate/strict.ts'
import type { WriteCtx } from './context.ts'
import { qualified, sendObject } from './context.ts'
import { asObject, qosClass } from './objects.ts'
import { isCustomKind } from '../../kinds.ts'
import { pruneCustom } from '../../crd/prune.ts'
import { admitNode, admitPod, admitVolume } from '../../validate/podAdmission.ts'

/** Server-owned metadata a create ignores (or, for resourceVersion, refuses). */
const DROPPED_META = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields', 'selfLink']

/** Prepare the object to store for a create (without touching the store). */
export function prepareCreate(ctx: WriteCtx, body: unknown): KubeObject {
  const { kind } = ctx
  const obj = isCustomKind(kind.id) ? pruneCustom(kind.id, asObject(kind, body, ctx.namespace)) : asObject(kind, body, ctx.namespace)
  ctx.warnings.push(...checkFields(kind, obj, ctx.fieldValidation))
  const meta = obj.metadata
  if (meta.resourceVersion) throw new StoreError(400, 'BadRequest', 'resourceVersion should not be set on objects to be created')
  for (const k of DROPPED_META) delete meta[k]
  if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName)
  const uid = randomUUID()
  meta.uid = uid
  defaultOnCreate(kind.id, obj, uid)
  if (kind.id === 'pods') obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) }
  else if (kind.id === 'namespaces') obj.status = { phase: 'Active' }
  else if (kind.id === 'customresourcedefinitions') obj.status = crdCreateStatus(obj)
  else if (kind.status) delete obj.status
  validateObject(kind, obj)
  return normalize(kind, obj)
}

/** Handle POST on the collection of `ctx.kind`. */
export function serveCreate(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const { store, lifecycle } = ctx.deps
  const { kind } = ctx
  if (kind.namespaced && !ctx.namespace) {
    throw new StoreError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})
  }
  const obj = prepareCreate(ctx, body)
  const name = obj.metadata.name ?? ''
  ctx.deps.admit?.(kind, ctx.namespace, obj)
  if (kind.namespaced) {
    if (!store.get('namespaces', '', ctx.namespace)) {
      throw new StoreError(404, 'NotFound', `namespaces "${ctx.namespace}" not found`, { name: ctx.namespace, kind: 'namespaces' })
    }
    if (lifecycle.namespaceTerminating(ctx.namespace)) {
      throw new StoreError(
        403,
        'Forbidden',
        `${kind.resource} "${name}" is forbidden: unable to create new content in namespace ${ctx.namespace} because it is being terminated`,
        {
          name,
          ...(kind.apiGroup ? { group: kind.apiGroup } : {}),
          kind: kind.resource,
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ctx.namespace} is being terminated`, field: 'metadata.namespace' }]
        }
      )
    }
  }
  if (ctx.dryRun) {
    if (store.get(kind.id, ctx.namespace, name)) {
      throw new StoreError(409, 'AlreadyExists', `${qualified(kind)} "${name}" already exists`, {
        name,
        ...(kind.apiGroup ? { group: kind.apiGroup } : {}),
        kind: kind.resource
      })
    }
    obj.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    obj.metadata.generation = 1
    return sendObject(res, ctx, 201, obj)
  }
  const admitted =
    kind.id === 'pods' ? admitPod(store, obj) : kind.id === 'pvs' || kind.id === 'pvcs' ? admitVolume(kind.id, obj) : kind.id === 'nodes' ? admitNode(obj) : obj
  const rec = store.create(kind.id, admitted, true)
  sendObject(res, ctx, 201, rec.json)
}
