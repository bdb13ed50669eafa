/**
 * The controller manager of the simulated cluster: shared informers, then every controller.
 *
 * Why: one place builds the caches every controller reads (so a pod event is parsed once, not
 * once per controller), decides which objects belong to the demo generator (left to the churn),
 * and stops everything at once. Lifecycle: `startControllers` after the generated cluster is
 * loaded (sim.ts passes `existingAreGenerated: true`); `stop()` before the store goes away.
 */
import type { KindId } from '../kinds.ts'
import { dependentsOf } from '../lifecycle/gc.ts'
import type { SimStore } from '../store/store.ts'
import type { Controller, ControllerName, ControllerOptions, Env, Informers } from './context.ts'
import { CONTROLLER_NAMES, DEFAULT_STEP_MS, isRetryable } from './context.ts'
import { startCronJobController } from './cronjob.ts'
import { startDaemonSetController } from './daemonset.ts'
import { startDisruptionController } from './disruption.ts'
import { startDeploymentController } from './deployment.ts'
import { EventRecorder } from './events.ts'
import { GeneratedSet, Informer } from './informer.ts'
import { startJobController } from './job.ts'
import { startHpaController } from './hpa.ts'
import { startKubelet } from './kubelet.ts'
import { startNodeRegistration } from './nodeRegistration.ts'
import { startNodeTaintController } from './nodeTaints.ts'
import { startEndpointSliceController } from './endpointSlices.ts'
import { startNamespaceDefaultsController } from './namespaceDefaults.ts'
import type { KubeObject } from '../types.ts'
import type { QueueHandler } from './queue.ts'
import { WorkQueue } from './queue.ts'
import { startReplicaSetController } from './replicaset.ts'
import { startScheduler } from './scheduler.ts'
import { startStatefulSetController } from './statefulset.ts'
import { startVolumeBinder } from './volumeBinder.ts'
import { admitPod } from '../validate/podAdmission.ts'

export type { ControllerName, ControllerOptions } from './context.ts'

/** Smallest step accepted (tests); below this the queues would spin. */
const MIN_STEP_MS = 5

/** The running controllers. */
export interface Controllers {
  /** End every controller, queue and informer. */
  stop(): void
  /**
   * Hand a generated object and everything it owns over to the controllers (the churn let go of
   * it): a deployment with its replicasets and their pods, a statefulset with its pods, a cronjob
   * with its jobs and their pods, a pod alone.
   */
  adopt(kind: KindId, ns: string, name: string): void
}

/** Start the simulated controllers on `store`. @returns a handle whose `stop()` ends them all. */
export function startControllers(store: SimStore, opts: ControllerOptions = {}): Controllers {
  const stepMs = Math.max(MIN_STEP_MS, opts.stepMs ?? DEFAULT_STEP_MS)
  const onError = opts.onError ?? ((m: string) => console.warn(m))
  const generated = new GeneratedSet()
  const existing = opts.existingAreGenerated === true
  // Owners before what they own, so a generated owner's uid is known when its children are seen.
  const inf = (kind: KindId, all = false): Informer => new Informer(store, kind, generated, { all, existingAreGenerated: existing })
  const cronjobs = inf('cronjobs')
  const deployments = inf('deployments')
  const statefulsets = inf('statefulsets')
  const jobs = inf('jobs')
  const replicasets = inf('replicasets')
  // Generated DaemonSets and their pods stay the churn's; the ones created through the API get pods.
  const daemonsets = inf('daemonsets')
  const services = inf('services')
  const informers: Informers = {
    cronjobs,
    deployments,
    statefulsets,
    jobs,
    replicasets,
    daemonsets,
    pods: inf('pods'),
    nodes: inf('nodes', true),
    services,
    horizontalpodautoscalers: inf('horizontalpodautoscalers'),
    pvs: inf('pvs'),
    pvcs: inf('pvcs'),
    poddisruptionbudgets: inf('poddisruptionbudgets')
  }
  const queues: WorkQueue[] = []
  const events = new EventRecorder(store, opts.now ?? Date.now)
  const env: Env = {
    store,
    stepMs,
    informers,
    events,
    ...(opts.logBook ? { logBook: opts.logBook } : {}),
    now: opts.now ?? Date.now,
    create: (kind, obj) => {
      const ns = store.get('namespaces', '', obj.metadata.namespace ?? '')
      if (!ns || store.object(ns).metadata.deletionTimestamp) return undefined
      // Controllers' pods pass the same admission as the API's (ServiceAccount, Priority, tolerations).
      return store.create(kind, kind === 'pods' ? admitPod(store, obj) : obj)
    },
    remove: (kind, ns, name, o) => {
      try {
        if (opts.delete) opts.delete(kind, ns, name, o)
        else store.delete(kind, ns, name)
      } catch (err) {
        if (!isRetryable(err)) throw err
      }
    },
    queue: (name: string, handler: QueueHandler) => {
      const q = new WorkQueue(name, handler, { stepMs, retryable: isRetryable, onError })
      queues.push(q)
      return q
    }
  }
  const deletePod = (ns: string, name: string): void => env.remove('pods', ns, name)
  const want = new Set<ControllerName>(opts.only ?? CONTROLLER_NAMES)
  const running: Controller[] = []
  if (want.has('scheduler')) running.push(startScheduler(env))
  if (want.has('kubelet')) running.push(startKubelet(env), startNodeRegistration(env))
  if (want.has('replicaset')) running.push(startReplicaSetController(env, deletePod))
  if (want.has('deployment')) running.push(startDeploymentController(env))
  if (want.has('statefulset')) running.push(startStatefulSetController(env, deletePod))
  if (want.has('daemonset')) running.push(startDaemonSetController(env, deletePod))
  if (want.has('job')) running.push(startJobController(env, deletePod))
  if (want.has('cronjob')) running.push(startCronJobController(env, deletePod))
  if (want.has('horizontalpodautoscaler')) running.push(startHpaController(env))
  if (want.has('volumebinder')) running.push(startVolumeBinder(env))
  if (want.has('disruption')) running.push(startDisruptionController(env))
  if (want.has('nodetaints')) running.push(startNodeTaintController(env))
  if (want.has('endpointslice')) running.push(startEndpointSliceController(env))
  if (want.has('namespacedefaults')) running.push(startNamespaceDefaultsController(env))
  let stopped = false
  const adoptable: Partial<Record<KindId, Informer>> = { deployments, replicasets, statefulsets, jobs, cronjobs, pods: informers.pods, services }
  /** The Services of `ns` that select a workload's pods (their EndpointSlices come along). */
  const servicesOf = (ns: string, workload: KubeObject): void => {
    const labels = (workload.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels ?? {}
    for (const r of store.list('services', { namespace: ns }).items) {
      const sel = (store.object(r).spec as { selector?: Record<string, string> } | undefined)?.selector
      if (sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v)) services.adopt(r)
    }
  }
  const adopt = (kind: KindId, ns: string, name: string): void => {
    const inf = adoptable[kind]
    const rec = store.get(kind, ns, name)
    if (stopped || !inf || !rec) return
    inf.adopt(rec)
    if (kind === 'deployments' || kind === 'statefulsets') servicesOf(ns, store.object(rec))
    if (kind !== 'pods' && kind !== 'services') for (const dep of dependentsOf(store, kind, ns, rec.uid)) adopt(dep.kind, dep.rec.ns, dep.rec.name)
  }
  return {
    adopt,
    stop: () => {
      if (stopped) return
      stopped = true
      for (const c of running) c.stop()
      for (const q of queues) q.stop()
      for (const i of Object.values(informers)) i.stop()
      events.clear()
    }
  }
}
