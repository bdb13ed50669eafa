/**
 * How the seeded churn yields to writes made by someone else (kubectl, a client, the lifecycle):
 * it forgets what it no longer owns, replaces what a user deleted, follows a cordon, and hands
 * whole workloads over to the simulated controllers.
 *
 * Why: without this the churn rewrote a generated object from its own records every few seconds,
 * reverting a user's label, scale, restart or cordon, and kept placing pods on cordoned nodes.
 * The churn's records are the only thing it trusts, so each foreign write updates or drops them;
 * the ops a reaction needs at once (a replacement pod) are returned to be applied immediately,
 * even when the churn rate is 0.
 * Lifecycle: called by the handover (handover.ts) after the write, never inside it.
 */
import type { KindId } from '../kinds.ts'
import type { ForeignHandlers, ObjectKey, SimWriteOp } from '../types.ts'
import type { ChurnIndex } from './churnState.ts'
import { keyOf } from './churnState.ts'
import type { NodeRec } from './infra.ts'
import type { PodState } from './podStatus.ts'
import type { WorkloadRec } from './workloads.ts'
import type { EventRec, PodRec, World } from './world.ts'

/** What the handlers need from the churn. */
export interface ChurnCtx {
  readonly w: World
  readonly ix: ChurnIndex
  readonly dead: Set<WorkloadRec>
  /** Workers a new pod may be placed on (ready, not cordoned); updated in place. */
  readonly schedulable: NodeRec[]
  readonly queue: SimWriteOp[]
  /** Index of the next queued op to hand out. */
  head(): number
  readonly readyStates: ReadonlySet<PodState>
  createPod(owner: WorkloadRec, like: PodRec, nodeFixed: boolean): void
  emitOwner(x: WorkloadRec): void
}

const workloadKind = (x: WorkloadRec): KindId =>
  x.kind === 'Deployment'
    ? 'deployments'
    : x.kind === 'ReplicaSet'
      ? 'replicasets'
      : x.kind === 'StatefulSet'
        ? 'statefulsets'
        : x.kind === 'DaemonSet'
          ? 'daemonsets'
          : 'jobs'

/** Build the handlers over the churn's state. */
export function foreignHandlers(c: ChurnCtx): ForeignHandlers {
  const { w, ix, dead, schedulable, queue } = c
  /** STS pods being deleted: their same-name replacement waits for the deletion to finish. */
  const pendingSts = new Map<string, PodRec>()

  const dropQueued = (kind: KindId, ns: string, name: string): void => {
    for (let i = c.head(); i < queue.length; i++) {
      const q = queue[i]
      if (q.kind === kind && q.object.metadata.name === name && (q.object.metadata.namespace ?? '') === ns) queue.splice(i--, 1)
    }
  }

  /** Stop animating pod `p`; when `uncount`, it no longer counts toward its owner. */
  /** A pod still counted by its owner (pinned pods are out of the random churn, not out of the count). */
  const counted = (p: PodRec): boolean => ix.podsOf.get(p.owner)?.has(p) === true

  const dropPod = (p: PodRec, uncount: boolean): void => {
    if (counted(p) && uncount) {
      p.owner.current--
      if (c.readyStates.has(p.state)) p.owner.ready--
    }
    ix.removePod(p)
    ix.byKey.delete(keyOf('pods', p.namespace, p.name))
    dropQueued('pods', p.namespace, p.name)
  }

  /** The workloads of a family: a deployment and its current replicaset, or one workload. */
  const familyOf = (x: WorkloadRec): WorkloadRec[] => {
    const d = x.kind === 'ReplicaSet' && x.parent ? x.parent : x
    const i = w.deployments.indexOf(d)
    return i >= 0 ? [w.deployments[i], w.replicaSets[i]] : [x]
  }

  const forgetWorkload = (x: WorkloadRec): ObjectKey[] => {
    const out: ObjectKey[] = []
    for (const y of familyOf(x)) {
      const i = w.deployments.indexOf(y)
      if (i >= 0) ix.deployments.delete(i)
      dead.add(y)
      const kind = workloadKind(y)
      ix.byKey.delete(keyOf(kind, y.namespace, y.name))
      dropQueued(kind, y.namespace, y.name)
      out.push([kind, y.namespace, y.name])
      for (const p of [...(ix.podsOf.get(y)?.items ?? [])]) {
        dropPod(p, false)
        out.push(['pods', p.namespace, p.name])
      }
    }
    return out
  }

  const forget = (kind: KindId, ns: string, name: string): void => {
    if (kind === 'endpointslices') {
      // A slice someone deleted (its Service is gone): stop maintaining that Service's slices.
      for (const [owner, svc] of ix.serviceOf) if (svc.namespace === ns && svc.slices.some((x) => `${svc.name}-${x}` === name)) ix.serviceOf.delete(owner)
      return
    }
    const key = keyOf(kind, ns, name)
    const rec = ix.byKey.get(key)
    if (!rec) return
    if (kind === 'pods') dropPod(rec as PodRec, true)
    else if (kind === 'events') ix.removeEvent(rec as EventRec)
    else if (kind === 'nodes') {
      ix.nodes.delete(rec as NodeRec)
      const s = schedulable.indexOf(rec as NodeRec)
      if (s >= 0) schedulable.splice(s, 1)
      ix.byKey.delete(key)
    } else forgetWorkload(rec as WorkloadRec)
    dropQueued(kind, ns, name)
  }

  /** Take the ops queued since `start` out of the queue, to be applied now. */
  const takeFrom = (start: number): SimWriteOp[] => queue.splice(start)

  return {
    knows: (kind, ns, name) => ix.byKey.has(keyOf(kind, ns, name)),
    forget,
    podGone(ns, name, deleted) {
      const key = keyOf('pods', ns, name)
      const start = queue.length
      const waiting = pendingSts.get(key)
      if (waiting && deleted) {
        pendingSts.delete(key)
        if (!dead.has(waiting.owner)) c.createPod(waiting.owner, waiting, false)
        return takeFrom(start)
      }
      const p = ix.byKey.get(key) as PodRec | undefined
      if (!p || !counted(p)) {
        if (p) ix.byKey.delete(key)
        return []
      }
      dropPod(p, true)
      if (dead.has(p.owner) || p.owner.current >= p.owner.replicas) return takeFrom(start)
      // The owner's controller replaces the pod: at once for a ReplicaSet or DaemonSet; a
      // StatefulSet's pod keeps its name, so it comes back once the old one is gone.
      if (p.owner.kind === 'StatefulSet' && !deleted) pendingSts.set(key, p)
      else c.createPod(p.owner, p, p.owner.kind === 'DaemonSet')
      c.emitOwner(p.owner)
      return takeFrom(start)
    },
    nodeChanged(name, unschedulable) {
      const n = ix.byKey.get(keyOf('nodes', '', name)) as NodeRec | undefined
      if (!n || n.cordoned === unschedulable) return
      n.cordoned = unschedulable
      const i = schedulable.indexOf(n)
      if (unschedulable && i >= 0) schedulable.splice(i, 1)
      else if (!unschedulable && i < 0 && n.role === 'worker' && n.ready) schedulable.push(n)
    },
    pin(ns, name) {
      const p = ix.byKey.get(keyOf('pods', ns, name)) as PodRec | undefined
      if (!p) return
      ix.pods.delete(p)
      ix.moving.delete(p)
    },
    family(kind, ns, name) {
      const rec = ix.byKey.get(keyOf(kind, ns, name))
      if (!rec || kind === 'pods' || kind === 'events' || kind === 'nodes') return []
      return forgetWorkload(rec as WorkloadRec)
    }
  }
}
