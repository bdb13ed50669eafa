/**
 * The pod subresources besides `/status`: `eviction` and `binding` (POST), and `exec`, `attach`
 * and `portforward`, which the demo cluster cannot serve.
 *
 * Why: `kubectl drain` evicts through `pods/eviction` (policy/v1 Eviction, checked against the
 * pod's PodDisruptionBudget exactly as pkg/registry/core/pod/storage/eviction.go does: 429 when
 * the budget allows no disruption, the budget's status updated when it does); a scheduler binds
 * through `pods/binding`. The simulator runs no containers, so `kubectl exec|attach|port-forward`
 * get a 400 that names the subresource and says so — not a 404 that reads as if the pod were gone.
 */
import type { ServerResponse } from 'node:http'
import { budgetStatus, budgetsOf, podReady } from '../../lifecycle/disruption.ts'
import { isObject } from '../../patch/json.ts'
import { StoreError } from '../../store/types.ts'
import type { KubeObject } from '../../types.ts'
import type { WriteCtx } from './context.ts'
import { notFound, sendObject } from './context.ts'
import { deleteOptions } from './delete.ts'

/** Subresources that would need a running container. */
export const CONTAINER_SUBRESOURCES: ReadonlySet<string> = new Set(['exec', 'attach', 'portforward'])

const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const success = (code: number): object => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code })

/** The 400 of exec / attach / portforward on an existing pod (404 when the pod does not exist). */
export function containerSubresourceError(ctx: WriteCtx): StoreError {
  const name = ctx.name ?? ''
  if (!ctx.deps.store.get('pods', ctx.namespace, name)) return notFound(ctx.kind, name)
  const sub = ctx.subresource ?? ''
  return new StoreError(
    400,
    'BadRequest',
    `pods/${sub} is not available: the Periscope demo cluster simulates pod "${name}" but does not run containers, so exec, attach and port-forward cannot connect`,
    {
      name,
      kind: 'pods',
      causes: [
        { reason: 'FieldValueNotSupported', message: `subresource ${sub} needs a running container; the demo cluster does not run containers`, field: sub }
      ]
    }
  )
}

/** Pods whose eviction needs no budget check (canIgnorePDB). */
function ignoresBudget(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp
}

/** POST pods/<name>/eviction. */
export function serveEviction(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const { store, lifecycle } = ctx.deps
  const name = ctx.name ?? ''
  if (!isObject(body)) throw new StoreError(400, 'BadRequest', 'the request body must be a policy/v1 Eviction')
  const meta = isObject(body.metadata) ? body.metadata : {}
  if (meta.name !== name) throw new StoreError(400, 'BadRequest', 'name in URL does not match name in Eviction object')
  const rec = store.get('pods', ctx.namespace, name)
  if (!rec) throw notFound(ctx.kind, name)
  const pod = store.object(rec)
  const opts = deleteOptions(ctx.query, body.deleteOptions, ctx.dryRun)
  const evict = (): void => {
    lifecycle.delete('pods', ctx.namespace, name, opts)
    sendObject(res, ctx, 201, success(201))
  }
  if (ignoresBudget(pod)) return evict()
  const budgets = budgetsOf(store, pod)
  if (budgets.length > 1)
    throw new StoreError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')
  if (budgets.length === 0) return evict()
  const pdb = budgets[0]
  const st = budgetStatus(store, pdb)
  const policy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)?.unhealthyPodEvictionPolicy
  // An unready pod may go when the budget is already met (IfHealthyBudget) or always (AlwaysAllow).
  if (!podReady(pod) && (policy === 'AlwaysAllow' || st.currentHealthy >= st.desiredHealthy)) return evict()
  if (st.disruptionsAllowed <= 0) {
    throw new StoreError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: `The disruption budget ${pdb.metadata.name ?? ''} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`
        }
      ],
      retryAfterSeconds: 0
    })
  }
  if (!ctx.dryRun) {
    const prev = (pdb.status ?? {}) as { disruptedPods?: Record<string, string>; conditions?: unknown[] }
    const allowed = st.disruptionsAllowed - 1
    pdb.status = {
      ...prev,
      observedGeneration: pdb.metadata.generation ?? 1,
      currentHealthy: st.currentHealthy,
      desiredHealthy: st.desiredHealthy,
      expectedPods: st.expectedPods,
      disruptionsAllowed: allowed,
      disruptedPods: { ...prev.disruptedPods, [name]: isoNow() },
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: pdb.metadata.generation ?? 1,
          lastTransitionTime: isoNow()
        }
      ]
    }
    store.update('poddisruptionbudgets', pdb)
  }
  evict()
}

/** POST pods/<name>/binding: bind an unscheduled pod to a node. */
export function serveBinding(ctx: WriteCtx, res: ServerResponse, body: unknown): void {
  const { store } = ctx.deps
  const name = ctx.name ?? ''
  const target = isObject(body) && isObject(body.target) ? body.target : undefined
  if (!target || typeof target.name !== 'string' || target.name === '') {
    throw new StoreError(400, 'BadRequest', 'the request body must be a v1 Binding with target.name')
  }
  const rec = store.get('pods', ctx.namespace, name)
  if (!rec) throw notFound(ctx.kind, name)
  const pod = store.object(rec)
  const spec = (pod.spec ?? {}) as Record<string, unknown>
  if (pod.metadata.deletionTimestamp)
    throw new StoreError(409, 'Conflict', `pod ${name} is being deleted, cannot be assigned to a host`, { name, kind: 'pods' })
  if (spec.nodeName) throw new StoreError(409, 'Conflict', `pod ${name} is already assigned to node "${String(spec.nodeName)}"`, { name, kind: 'pods' })
  if (!ctx.dryRun) {
    pod.spec = { ...spec, nodeName: target.name }
    const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] }
    pod.status = {
      ...status,
      conditions: [
        ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoNow() }
      ]
    }
    store.update('pods', pod)
  }
  sendObject(res, ctx, 201, success(201))
}
