/**
 * The node lifecycle controller's cordon taint: `node.kubernetes.io/unschedulable:NoSchedule`
 * follows `spec.unschedulable` (TaintNodesByCondition).
 *
 * Why: `kubectl cordon` only sets `spec.unschedulable`; on a cluster the taint appears at once
 * and `kubectl describe node` shows it (and uncordon removes it). Lifecycle: started by the
 * manager; reacts to every node change one step later; `stop()` ends it.
 */
import type { Controller, Env } from './context.ts'
import { clone, isoAt } from './context.ts'

const KEY = 'node.kubernetes.io/unschedulable'

interface Taint {
  key?: string
  effect?: string
  value?: string
  timeAdded?: string
}

/** Start the cordon-taint controller. */
export function startNodeTaintController(env: Env): Controller {
  const { nodes } = env.informers
  const sync = (key: string): undefined => {
    const n = nodes.getByKey(key)
    if (!n) return undefined
    const spec = (n.obj.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] }
    const taints = spec.taints ?? []
    const has = taints.some((t) => t.key === KEY && t.effect === 'NoSchedule')
    const want = spec.unschedulable === true
    if (has === want) return undefined
    const obj = clone(n.obj)
    const next = want
      ? [...taints, { key: KEY, effect: 'NoSchedule', timeAdded: isoAt(env.now()) }]
      : taints.filter((t) => !(t.key === KEY && t.effect === 'NoSchedule'))
    const s = { ...spec } as Record<string, unknown>
    if (next.length > 0) s.taints = next
    else delete s.taints
    obj.spec = s
    env.store.update('nodes', obj, true)
    return undefined
  }
  const q = env.queue('node-taints', sync)
  const unsub = nodes.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  return {
    stop: () => {
      unsub()
      q.stop()
    }
  }
}
