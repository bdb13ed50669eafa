/**
 * The simulated daemonset controller: one pod of each DaemonSet on every node it fits, as
 * pkg/controller/daemon does.
 *
 * Why: a DaemonSet someone creates must get its pods (`kubectl get ds` DESIRED/CURRENT/READY…,
 * the pods on their nodes); the real apiserver judged the simulator on exactly that. A node fits
 * when it matches `nodeSelector` and every NoSchedule/NoExecute taint is tolerated by the
 * template's tolerations or by the ones the controller adds to every daemon pod (not-ready,
 * unreachable, disk/memory/pid pressure, unschedulable). Each pod is `<ds>-<5 chars>`, labelled
 * `controller-revision-hash` and `pod-template-generation`, pinned to its node through required
 * node affinity on `metadata.name` (the scheduler binds it), with the daemon tolerations added.
 * A template change replaces the outdated pods one at a time (RollingUpdate, maxUnavailable 1).
 * Status: desired/current/misscheduled/ready/available/updated numbers and observedGeneration.
 * Lifecycle: started by the manager; a DaemonSet is reconciled one step after it, one of its
 * pods, or any node changes; generated DaemonSets stay the churn's; `stop()` ends it.
 */
import type { KubeObject } from '../types.ts'
import type { Controller, Env } from './context.ts'
import { clone, controllerRef, intOr, sameJson, templateHash } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import type { PodDeleter } from './replicaset.ts'
import type { PodTemplateLike } from './pods.ts'
import { availableIn, isActive, isReady, podFromTemplate } from './pods.ts'

interface Toleration {
  key?: string
  operator?: string
  value?: string
  effect?: string
  tolerationSeconds?: number
}
interface Taint {
  key?: string
  value?: string
  effect?: string
}

/** The tolerations pkg/controller/daemon/util adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
]

interface DsSpec {
  selector?: { matchLabels?: Record<string, string> }
  template?: PodTemplateLike & { spec?: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] } }
  minReadySeconds?: number
}

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.operator === 'Exists') return !t.key || t.key === taint.key
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '')
}

/** Add the daemon tolerations the template lacks (same key and effect), as the controller does. */
function withDaemonTolerations(own: readonly Toleration[]): Toleration[] {
  const out = [...own]
  for (const d of DAEMON_TOLERATIONS) if (!out.some((t) => t.key === d.key && t.effect === d.effect)) out.push({ ...d })
  return out
}

/** Whether a daemon pod of this template may run on `node` (predicates: node selector, taints). */
function fits(node: KubeObject, spec: DsSpec): boolean {
  const labels = node.metadata.labels ?? {}
  for (const [k, v] of Object.entries(spec.template?.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false
  const tolerations = withDaemonTolerations(spec.template?.spec?.tolerations ?? [])
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
  return taints.every((taint) => tolerations.some((t) => tolerates(t, taint)))
}

/** The node a daemon pod is pinned to (its node affinity) or bound to. */
function nodeOf(pod: KubeObject): string | undefined {
  const spec = pod.spec as
    | {
        nodeName?: string
        affinity?: {
          nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } }
        }
      }
    | undefined
  if (spec?.nodeName) return spec.nodeName
  return spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.find(
    (f) => f.key === 'metadata.name'
  )?.values?.[0]
}

/** Start the daemonset controller. */
export function startDaemonSetController(env: Env, deletePod: PodDeleter): Controller {
  const { pods, nodes, daemonsets } = env.informers

  const sync = (key: string): number | undefined => {
    const ds = daemonsets.getByKey(key)
    if (!ds || ds.obj.metadata.deletionTimestamp) return undefined
    const spec = (ds.obj.spec as DsSpec | undefined) ?? {}
    const generation = ds.rec.generation
    const hash = templateHash(spec.template)
    const me = subject('DaemonSet', 'apps/v1', ds.rec)
    const wanted = nodes
      .list()
      .filter((n) => !n.obj.metadata.deletionTimestamp && fits(n.obj, spec))
      .map((n) => n.rec.name)
    const owned = (): Cached[] => pods.owned(ds.rec.uid).filter((p) => isActive(p.obj))
    const byNode = new Map<string, Cached[]>()
    for (const p of owned()) byNode.set(nodeOf(p.obj) ?? '', [...(byNode.get(nodeOf(p.obj) ?? '') ?? []), p])
    // Pods on nodes that no longer fit, and duplicates, go; one outdated pod is replaced per pass.
    for (const [node, list] of byNode) {
      const extra = wanted.includes(node) ? list.slice(1) : list
      for (const p of extra) deletePod(p.rec.ns, p.rec.name)
    }
    const outdated = owned().find((p) => p.obj.metadata.labels?.['pod-template-generation'] !== String(generation))
    if (outdated && owned().every((p) => isReady(p.obj))) deletePod(outdated.rec.ns, outdated.rec.name)
    const owner = controllerRef(ds.obj, 'apps/v1', 'DaemonSet')
    for (const node of wanted) {
      if (byNode.has(node)) continue
      const pod = podFromTemplate(spec.template, {
        namespace: ds.rec.ns,
        generateName: `${ds.rec.name}-`,
        owner,
        labels: { 'controller-revision-hash': hash, 'pod-template-generation': String(generation) },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }]
              }
            }
          },
          tolerations: withDaemonTolerations(spec.template?.spec?.tolerations ?? [])
        }
      })
      const made = env.create('pods', pod)
      if (made) env.events.record(me, ['Normal', 'SuccessfulCreate', `Created pod: ${made.name}`, 'daemonset-controller'])
    }
    const now = env.now()
    const minReady = intOr(spec.minReadySeconds, 0)
    const current = owned().filter((p) => wanted.includes(nodeOf(p.obj) ?? ''))
    const ready = current.filter((p) => isReady(p.obj))
    const available = ready.filter((p) => availableIn(p.obj, minReady, now) === 0)
    const status: Record<string, unknown> = {
      currentNumberScheduled: current.filter((p) => (p.obj.spec as { nodeName?: string } | undefined)?.nodeName).length,
      numberMisscheduled: owned().filter((p) => !wanted.includes(nodeOf(p.obj) ?? '')).length,
      desiredNumberScheduled: wanted.length,
      numberReady: ready.length,
      observedGeneration: generation,
      updatedNumberScheduled: current.filter((p) => p.obj.metadata.labels?.['pod-template-generation'] === String(generation)).length,
      numberAvailable: available.length
    }
    if (wanted.length - available.length > 0) status.numberUnavailable = wanted.length - available.length
    if (status.numberAvailable === 0) delete status.numberAvailable
    if (status.updatedNumberScheduled === 0) delete status.updatedNumberScheduled
    const cur = daemonsets.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('daemonsets', obj, true)
    }
    const waits = ready.map((p) => availableIn(p.obj, minReady, now)).filter((w) => w > 0)
    return waits.length ? Math.min(...waits) + 50 : undefined
  }

  const q = env.queue('daemonset', sync)
  const all = (): void => {
    for (const ds of daemonsets.list()) q.add(ds.rec.key, env.stepMs)
  }
  const unsubDs = daemonsets.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubPods = pods.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('DaemonSet', cur, prev)) q.add(k, env.stepMs)
  })
  const unsubNodes = nodes.subscribe(() => all())
  all()
  return {
    stop: () => {
      unsubDs()
      unsubPods()
      unsubNodes()
      q.stop()
    }
  }
}
