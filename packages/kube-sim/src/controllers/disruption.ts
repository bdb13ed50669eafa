/**
 * The simulated disruption controller (pkg/controller/disruption): keeps the status of every
 * PodDisruptionBudget created through the API current as its pods come, go and turn ready.
 *
 * Why: `kubectl get pdb` shows ALLOWED DISRUPTIONS from the status, and a real cluster fills it
 * within a moment of the budget's creation (observedGeneration, currentHealthy, desiredHealthy,
 * expectedPods, disruptionsAllowed and the DisruptionAllowed condition, SufficientPods or
 * InsufficientPods). The arithmetic is lifecycle/disruption.ts's, shared with the eviction path.
 * Lifecycle: started by the manager; a budget is synced one step after it or any pod of its
 * namespace changes. Generated budgets stay the churn's.
 */
import { budgetStatus } from '../lifecycle/disruption.ts'
import type { Controller, Env } from './context.ts'
import { clone, isoAt, sameJson, setCondition } from './context.ts'
import type { Condition } from './context.ts'

/** Start the disruption controller. */
export function startDisruptionController(env: Env): Controller {
  const { pods, poddisruptionbudgets: pdbs } = env.informers
  const sync = (key: string): undefined => {
    const pdb = pdbs.getByKey(key)
    if (!pdb || pdb.obj.metadata.deletionTimestamp) return undefined
    const b = budgetStatus(env.store, pdb.obj)
    const allowed = b.disruptionsAllowed > 0
    const prev = (pdb.obj.status as { conditions?: Condition[] } | undefined)?.conditions ?? []
    const conditions = setCondition(prev, {
      type: 'DisruptionAllowed',
      status: allowed ? 'True' : 'False',
      observedGeneration: pdb.rec.generation,
      lastTransitionTime: isoAt(env.now()),
      reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: ''
    })
    const status = {
      observedGeneration: pdb.rec.generation,
      disruptionsAllowed: b.disruptionsAllowed,
      currentHealthy: b.currentHealthy,
      desiredHealthy: b.desiredHealthy,
      expectedPods: b.expectedPods,
      conditions
    }
    const cur = pdbs.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('poddisruptionbudgets', obj, true)
    }
    return undefined
  }
  const q = env.queue('disruption', sync)
  const unsubs = [
    pdbs.subscribe((type, cur) => {
      if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
    }),
    pods.subscribe((_type, cur, prev) => {
      const ns = (cur ?? prev)?.rec.ns
      for (const p of pdbs.list()) if (p.rec.ns === ns) q.add(p.rec.key, env.stepMs)
    })
  ]
  for (const p of pdbs.list()) q.add(p.rec.key, env.stepMs)
  return {
    stop: () => {
      for (const u of unsubs) u()
      q.stop()
    }
  }
}
