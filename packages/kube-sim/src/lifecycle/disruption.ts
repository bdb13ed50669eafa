/**
 * PodDisruptionBudget arithmetic, as the disruption controller computes a budget's status
 * (pkg/controller/disruption): the pods a budget covers, how many are healthy, how many must
 * stay healthy, and so how many may be disrupted now.
 *
 * Why: evictions (`kubectl drain`) are allowed or refused by the budget's `disruptionsAllowed`;
 * the simulator has no disruption controller running, so the eviction handler computes the
 * status fresh from the pods at the moment of the eviction, then writes it as the controller
 * would. Pure functions over the store.
 */
import { isObject } from '../patch/json.ts'
import type { SimStore } from '../store/store.ts'
import { matchLabels, parseLabelSelector, selectorString } from '../store/selectors.ts'
import type { KubeObject } from '../types.ts'

/** A budget's computed status. */
export interface BudgetStatus {
  readonly currentHealthy: number
  readonly desiredHealthy: number
  readonly expectedPods: number
  readonly disruptionsAllowed: number
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (isObject(v) ? v : {})

/** Whether the pod has condition Ready=True. */
export function podReady(pod: KubeObject): boolean {
  const conds = obj(pod.status).conditions
  return Array.isArray(conds) && conds.some((c) => obj(c).type === 'Ready' && obj(c).status === 'True')
}

/** The budgets in the pod's namespace whose selector matches it (policy/v1: an empty selector matches all). */
export function budgetsOf(store: SimStore, pod: KubeObject): KubeObject[] {
  const ns = pod.metadata.namespace ?? ''
  const labels = pod.metadata.labels ?? {}
  return store
    .list('poddisruptionbudgets', { namespace: ns })
    .items.map((r) => store.object(r))
    .filter((pdb) => {
      const sel = obj(pdb.spec).selector
      return isObject(sel) && matchLabels(parseLabelSelector(selectorString(sel)), labels)
    })
}

/** An IntOrString budget value resolved against `total` (percentages round up, as GetScaledValueFromIntOrPercent with roundUp). */
function scaled(v: unknown, total: number): number {
  if (typeof v === 'number') return v
  const s = String(v)
  return s.endsWith('%') ? Math.ceil((Number(s.slice(0, -1)) * total) / 100) : Number(s) || 0
}

/** The status of `pdb` now: pods matching its selector, the healthy ones (Ready, not being deleted). */
export function budgetStatus(store: SimStore, pdb: KubeObject): BudgetStatus {
  const spec = obj(pdb.spec)
  const sel = parseLabelSelector(selectorString(spec.selector))
  const pods = store
    .list('pods', { namespace: pdb.metadata.namespace })
    .items.filter((r) => matchLabels(sel, r.labels))
    .map((r) => store.object(r))
  const live = pods.filter((p) => !p.metadata.deletionTimestamp)
  const currentHealthy = live.filter(podReady).length
  const expectedPods = pods.length
  let desiredHealthy: number
  if (spec.minAvailable !== undefined) desiredHealthy = scaled(spec.minAvailable, expectedPods)
  else if (spec.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods))
  else desiredHealthy = expectedPods
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) }
}
