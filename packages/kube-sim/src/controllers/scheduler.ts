/**
 * The simulated kube-scheduler: binds pending pods to simulated nodes.
 *
 * Why: pods created by the workload controllers (or by a user) have no `spec.nodeName`; a cluster
 * shows them Pending until the scheduler binds them. This one filters nodes as the real one does
 * (cordoned, untolerated taints including NotReady, nodeSelector and required node affinity,
 * pod count), spreads pods onto the least-loaded feasible node, keeps a pod with
 * `spec.schedulingGates` at `SchedulingGated` until the gates are removed, and marks a pod no
 * node can take `PodScheduled=False/Unschedulable` with the scheduler's message, retrying later.
 * Lifecycle: started by the manager; counts every pod per node from the raw store watch (the
 * generator's pods load nodes too, at one map lookup per event, no parsing); a pending pod is
 * handled one step after it appears; `stop()` cancels the watch and the queue.
 */
import { fieldNames } from '../store/fields.ts'
import type { Controller, Env } from './context.ts'
import { clone, isoAt, sameJson, STEPS } from './context.ts'
import type { Condition } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import type { PodView } from './schedulerFit.ts'
import { nodeView, unfitReason, unschedulableMessage } from './schedulerFit.ts'

const NODE_NAME_FIELD = fieldNames('pods').indexOf('spec.nodeName')
/** A sibling on a node outweighs this many other pods there (the pod-count cap is 110). */
const SIBLING_WEIGHT = 1000

interface PodSpecLike extends PodView {
  nodeName?: string
  schedulerName?: string
  schedulingGates?: { name: string }[]
}

/** A pod this scheduler must place: unbound, alive, for the default scheduler. */
function wantsScheduling(c: Cached): boolean {
  const spec = (c.obj.spec as PodSpecLike | undefined) ?? {}
  if (spec.nodeName || c.obj.metadata.deletionTimestamp) return false
  const phase = (c.obj.status as { phase?: string } | undefined)?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  return !spec.schedulerName || spec.schedulerName === 'default-scheduler'
}

function withCondition(status: Record<string, unknown>, next: Condition): Record<string, unknown> {
  const conds = (status.conditions as Condition[] | undefined) ?? []
  const old = conds.find((c) => c.type === next.type)
  const c: Condition = {
    type: next.type,
    status: next.status,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === next.status && old.lastTransitionTime ? old.lastTransitionTime : next.lastTransitionTime
  }
  if (next.reason !== undefined) c.reason = next.reason
  if (next.message !== undefined) c.message = next.message
  return { ...status, conditions: [...conds.filter((x) => x.type !== next.type), c] }
}

/** Start the scheduler. */
export function startScheduler(env: Env): Controller {
  const { pods, nodes } = env.informers
  const load = new Map<string, number>()
  const bump = (node: string, by: number): void => {
    if (!node) return
    const n = (load.get(node) ?? 0) + by
    if (n <= 0) load.delete(node)
    else load.set(node, n)
  }
  // A pod's nodeName never changes once set, so only unbound pods need remembering.
  const unbound = new Set<string>()
  const count = (type: string, rec: { key: string; fields: readonly string[] }): void => {
    const node = rec.fields[NODE_NAME_FIELD] ?? ''
    if (type === 'DELETED') {
      unbound.delete(rec.key)
      bump(node, -1)
    } else if (type === 'ADDED' || unbound.has(rec.key)) {
      if (node) {
        unbound.delete(rec.key)
        bump(node, 1)
      } else unbound.add(rec.key)
    }
  }
  const counter = env.store.watch('pods', {}, undefined, count)
  for (const rec of counter.initial) count('ADDED', rec)

  const write = (c: Cached, spec: Record<string, unknown>, status: Record<string, unknown>): void => {
    if (sameJson(spec, c.obj.spec) && sameJson(status, c.obj.status ?? {})) return
    const obj = clone(c.obj)
    obj.spec = spec
    obj.status = status
    env.store.update('pods', obj, true)
  }

  const sync = (key: string): number | undefined => {
    const c = pods.getByKey(key)
    if (!c || !wantsScheduling(c)) return undefined
    const spec = (c.obj.spec as PodSpecLike & Record<string, unknown>) ?? {}
    const status = { phase: 'Pending', ...((c.obj.status as Record<string, unknown> | undefined) ?? {}) }
    const now = isoAt(env.now())
    if (spec.schedulingGates && spec.schedulingGates.length > 0) {
      write(
        c,
        spec,
        withCondition(status, {
          type: 'PodScheduled',
          status: 'False',
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
          lastTransitionTime: now
        })
      )
      return undefined
    }
    const reasons = new Map<string, number>()
    // Siblings (same controller) per node: spreading them first, as the default topology spread does.
    const siblings = new Map<string, number>()
    const owner = c.obj.metadata.ownerReferences?.find((r) => r.controller === true)
    if (owner?.uid) {
      for (const p of pods.owned(owner.uid)) {
        const n = (p.obj.spec as PodSpecLike | undefined)?.nodeName
        if (n) siblings.set(n, (siblings.get(n) ?? 0) + 1)
      }
    }
    let best: string | undefined
    let bestScore = Infinity
    const all = nodes.list()
    for (const n of all) {
      const onNode = load.get(n.rec.name) ?? 0
      const why = unfitReason(nodeView(n.rec.name, n.obj as Record<string, unknown>), spec, onNode)
      const score = (siblings.get(n.rec.name) ?? 0) * SIBLING_WEIGHT + onNode
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1)
      else if (score < bestScore || (score === bestScore && best !== undefined && n.rec.name < best)) {
        best = n.rec.name
        bestScore = score
      }
    }
    if (!best) {
      const message = unschedulableMessage(all.length, reasons)
      write(c, spec, withCondition(status, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now }))
      env.events.record(subject('Pod', 'v1', c.rec), ['Warning', 'FailedScheduling', message, 'default-scheduler'])
      return env.stepMs * STEPS.unschedulableRetry
    }
    write(c, { ...spec, nodeName: best }, withCondition(status, { type: 'PodScheduled', status: 'True', lastTransitionTime: now }))
    env.events.record(subject('Pod', 'v1', c.rec), ['Normal', 'Scheduled', `Successfully assigned ${c.rec.ns}/${c.rec.name} to ${best}`, 'default-scheduler'])
    return undefined
  }

  const q = env.queue('scheduler', sync)
  const unsubscribe = pods.subscribe((type, cur) => {
    if (type !== 'DELETED' && wantsScheduling(cur)) q.add(cur.rec.key, env.stepMs)
  })
  for (const p of pods.list()) if (wantsScheduling(p)) q.add(p.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubscribe()
      counter.cancel()
      q.stop()
      load.clear()
      unbound.clear()
    }
  }
}
