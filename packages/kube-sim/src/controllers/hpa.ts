/**
 * The simulated horizontal-pod-autoscaler controller, for HPAs created through the API, as it
 * behaves in a cluster without a metrics server — which the simulator is (it serves no
 * metrics.k8s.io).
 *
 * Why: a real controller reads the target's scale (AbleToScale), then asks the resource-metrics
 * API for usage; without one it reports ScalingActive False / FailedGetResourceMetric with the
 * wording of pkg/controller/podautoscaler, keeps `currentReplicas` at the target's replicas and
 * leaves `desiredReplicas` 0, with one empty `currentMetrics` entry per metric (exactly what a
 * real 1.34 cluster without metrics-server shows, and what `kubectl get hpa` prints as
 * `cpu: <unknown>/80%`). It never scales. A missing target is AbleToScale False / FailedGetScale.
 * The demo cluster's generated HPAs keep their simulated metrics (the churn's).
 * Lifecycle: started by the manager; an HPA is synced one step after it or its target changes,
 * and every 15 s (the controller's resync period).
 */
import type { Controller, Env } from './context.ts'
import { clone, isoAt, sameJson, setCondition } from './context.ts'
import type { Condition } from './context.ts'
import { subject } from './events.ts'

/** --horizontal-pod-autoscaler-sync-period. */
const RESYNC_MS = 15_000
/** The answer of the missing metrics API, as the controller quotes it. */
const NO_METRICS_API = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)'

interface Metric {
  type?: string
  resource?: { name?: string; target?: { type?: string } }
  containerResource?: { name?: string }
}
interface HpaSpec {
  scaleTargetRef?: { kind?: string; name?: string }
  metrics?: Metric[]
}

const TARGETS: Record<string, { kind: 'deployments' | 'replicasets' | 'statefulsets'; resource: string }> = {
  Deployment: { kind: 'deployments', resource: 'deployments/scale.apps' },
  ReplicaSet: { kind: 'replicasets', resource: 'replicasets/scale.apps' },
  StatefulSet: { kind: 'statefulsets', resource: 'statefulsets/scale.apps' }
}

/** The controller's message for the first metric it cannot read. */
function metricError(m: Metric | undefined): string {
  const name = m?.resource?.name ?? m?.containerResource?.name ?? 'cpu'
  const what = m?.resource?.target?.type === 'Utilization' || m?.resource?.target?.type === undefined ? 'utilization' : 'usage'
  return `failed to get ${name} ${what}: unable to get metrics for resource ${name}: ${NO_METRICS_API}`
}

/** Start the HPA controller. */
export function startHpaController(env: Env): Controller {
  const { horizontalpodautoscalers: hpas, deployments, replicasets, statefulsets } = env.informers

  const sync = (key: string): number | undefined => {
    const hpa = hpas.getByKey(key)
    if (!hpa || hpa.obj.metadata.deletionTimestamp) return undefined
    const spec = (hpa.obj.spec as HpaSpec | undefined) ?? {}
    const at = isoAt(env.now())
    const prev = (hpa.obj.status as { conditions?: Condition[] } | undefined)?.conditions ?? []
    const target = TARGETS[spec.scaleTargetRef?.kind ?? '']
    const rec = target ? env.store.get(target.kind, hpa.rec.ns, spec.scaleTargetRef?.name ?? '') : undefined
    const me = subject('HorizontalPodAutoscaler', 'autoscaling/v2', hpa.rec)
    let status: Record<string, unknown>
    if (!target || !rec) {
      const msg = `the HPA controller was unable to get the target's current scale: ${target?.resource ?? 'unknown'} "${spec.scaleTargetRef?.name ?? ''}" not found`
      status = {
        desiredReplicas: 0,
        currentMetrics: null,
        conditions: setCondition(prev, { type: 'AbleToScale', status: 'False', lastTransitionTime: at, reason: 'FailedGetScale', message: msg })
      }
      env.events.record(me, [
        'Warning',
        'FailedGetScale',
        `${target?.resource ?? 'unknown'} "${spec.scaleTargetRef?.name ?? ''}" not found`,
        'horizontal-pod-autoscaler'
      ])
    } else {
      const replicas = (env.store.object(rec).spec as { replicas?: number } | undefined)?.replicas ?? 1
      const err = metricError(spec.metrics?.[0])
      let conds = setCondition(prev, {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: at,
        reason: 'SucceededGetScale',
        message: "the HPA controller was able to get the target's current scale"
      })
      conds = setCondition(conds, {
        type: 'ScalingActive',
        status: 'False',
        lastTransitionTime: at,
        reason: 'FailedGetResourceMetric',
        message: `the HPA was unable to compute the replica count: ${err}`
      })
      status = { currentReplicas: replicas, desiredReplicas: 0, currentMetrics: (spec.metrics ?? []).map(() => ({ type: '' })), conditions: conds }
      env.events.record(me, ['Warning', 'FailedGetResourceMetric', err, 'horizontal-pod-autoscaler'])
    }
    const cur = hpas.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('horizontalpodautoscalers', obj, true)
    }
    return RESYNC_MS
  }

  const q = env.queue('horizontal-pod-autoscaler', sync)
  const all = (): void => {
    for (const h of hpas.list()) q.add(h.rec.key, env.stepMs)
  }
  const unsubs = [
    hpas.subscribe((type, cur) => {
      if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
    }),
    ...[deployments, replicasets, statefulsets].map((i) => i.subscribe(() => all()))
  ]
  all()
  return {
    stop: () => {
      for (const u of unsubs) u()
      q.stop()
    }
  }
}
