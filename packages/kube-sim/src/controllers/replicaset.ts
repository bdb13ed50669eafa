/**
 * The simulated replicaset controller: keeps `spec.replicas` pods alive for each ReplicaSet.
 *
 * Why: deployments scale through their ReplicaSets, and a user can also create a ReplicaSet
 * directly; either way pods `<rs>-<5 chars>` appear from the template with a controller owner
 * reference, surplus pods go (unscheduled, pending, not-ready, most-restarted and newest first),
 * and the status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
 * observedGeneration) is what `kubectl get rs` and the deployment controller read.
 * Lifecycle: started by the manager; an RS is reconciled one step after it or one of its pods
 * changes, and again when a ready pod reaches `minReadySeconds`; `stop()` ends it.
 */
import type { KubeObject } from '../types.ts'
import type { Controller, Env } from './context.ts'
import { clone, controllerRef, intOr, sameJson } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import type { PodTemplateLike } from './pods.ts'
import { availableIn, deletionRank, isActive, isReady, podFromTemplate } from './pods.ts'

/** Pods created or deleted per reconcile at most (the real controller's burst is 500). */
const BURST = 500

interface RsSpec {
  replicas?: number
  minReadySeconds?: number
  template?: PodTemplateLike
}

/** Delete a pod the way a controller does (a plain DELETE; graceful deletion is the apiserver's). */
export type PodDeleter = (namespace: string, name: string) => void

/** Count a workload's pods: active, ready, available (and when the next becomes available). */
export function countPods(
  pods: readonly Cached[],
  minReadySeconds: number,
  now: number
): { active: Cached[]; ready: number; available: number; nextAvailableMs: number } {
  const active = pods.filter((p) => isActive(p.obj))
  let ready = 0
  let available = 0
  let nextAvailableMs = Infinity
  for (const p of active) {
    if (!isReady(p.obj)) continue
    ready++
    const wait = availableIn(p.obj, minReadySeconds, now)
    if (wait === 0) available++
    else nextAvailableMs = Math.min(nextAvailableMs, wait)
  }
  return { active, ready, available, nextAvailableMs }
}

function labelsMatch(pod: KubeObject, want: Record<string, string> | undefined): boolean {
  const have = pod.metadata.labels ?? {}
  for (const [k, v] of Object.entries(want ?? {})) if (have[k] !== v) return false
  return true
}

/** Start the replicaset controller. */
export function startReplicaSetController(env: Env, deletePod: PodDeleter): Controller {
  const { pods, replicasets } = env.informers

  const sync = (key: string): number | undefined => {
    const rs = replicasets.getByKey(key)
    if (!rs || rs.obj.metadata.deletionTimestamp) return undefined
    const spec = (rs.obj.spec as RsSpec | undefined) ?? {}
    const want = intOr(spec.replicas, 1)
    const minReady = intOr(spec.minReadySeconds, 0)
    const owned = (): Cached[] => pods.owned(rs.rec.uid)
    const me = subject('ReplicaSet', 'apps/v1', rs.rec)
    let active = owned().filter((p) => isActive(p.obj))
    if (active.length < want) {
      const owner = controllerRef(rs.obj, 'apps/v1', 'ReplicaSet')
      for (let i = 0; i < Math.min(BURST, want - active.length); i++) {
        const made = env.create('pods', podFromTemplate(spec.template, { namespace: rs.rec.ns, generateName: `${rs.rec.name}-`, owner }))
        if (made) env.events.record(me, ['Normal', 'SuccessfulCreate', `Created pod: ${made.name}`, 'replicaset-controller'])
      }
    } else if (active.length > want) {
      const doomed = [...active].sort((a, b) => deletionRank(a.obj, b.obj)).slice(0, Math.min(BURST, active.length - want))
      for (const p of doomed) {
        deletePod(p.rec.ns, p.rec.name)
        env.events.record(me, ['Normal', 'SuccessfulDelete', `Deleted pod: ${p.rec.name}`, 'replicaset-controller'])
      }
    }
    const now = env.now()
    const counts = countPods(owned(), minReady, now)
    active = counts.active
    const status: Record<string, unknown> = { replicas: active.length }
    const labeled = active.filter((p) => labelsMatch(p.obj, spec.template?.metadata?.labels)).length
    if (labeled > 0) status.fullyLabeledReplicas = labeled
    if (counts.ready > 0) status.readyReplicas = counts.ready
    if (counts.available > 0) status.availableReplicas = counts.available
    status.observedGeneration = rs.rec.generation
    const cur = replicasets.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('replicasets', obj, true)
    }
    return counts.nextAvailableMs === Infinity ? undefined : counts.nextAvailableMs + 50
  }

  const q = env.queue('replicaset', sync)
  const unsubRs = replicasets.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubPods = pods.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('ReplicaSet', cur, prev)) q.add(k, env.stepMs)
  })
  for (const rs of replicasets.list()) q.add(rs.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubRs()
      unsubPods()
      q.stop()
    }
  }
}
