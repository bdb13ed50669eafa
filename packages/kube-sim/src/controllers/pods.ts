/**
 * Pods from templates, and the pod predicates every workload controller uses.
 *
 * Why: the replicaset, statefulset and job controllers all stamp pods out of a template the same
 * way (the apiserver's pod defaults, an owner reference, a Pending status with a QoS class), and
 * all count them the same way (active, ready, available), as the real controllers'
 * `FilterActivePods` / `IsPodAvailable` do.
 */
import type { KubeObject, OwnerRef } from '../types.ts'
import type { Condition } from './context.ts'
import { clone, findCondition, msOf } from './context.ts'

/** A pod template as workloads carry it. */
export interface PodTemplateLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown }
  spec?: Record<string, unknown>
}

/** A container as the controllers read it. */
export interface ContainerSpec {
  name: string
  image: string
  restartPolicy?: string
  readinessProbe?: unknown
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> }
  command?: string[]
  args?: string[]
  [k: string]: unknown
}

/** Tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
]

/** `imagePullPolicy` defaulting: Always for `:latest` or no tag, else IfNotPresent. */
function pullPolicy(image: string): string {
  const tagAt = image.lastIndexOf(':')
  const hasTag = tagAt > image.lastIndexOf('/') && !image.includes('@')
  return !hasTag || image.slice(tagAt + 1) === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultContainer(c: ContainerSpec): ContainerSpec {
  return {
    ...c,
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    imagePullPolicy: c.imagePullPolicy ?? pullPolicy(String(c.image ?? ''))
  }
}

/** Kubernetes QoS class of a pod spec (BestEffort, Guaranteed or Burstable). */
export function qosClass(spec: Record<string, unknown>): string {
  const all = [...((spec.initContainers as ContainerSpec[] | undefined) ?? []), ...((spec.containers as ContainerSpec[] | undefined) ?? [])]
  let any = false
  let guaranteed = true
  for (const c of all) {
    const req = c.resources?.requests ?? {}
    const lim = c.resources?.limits ?? {}
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

export interface PodStamp {
  readonly namespace: string
  /** An exact name (statefulsets)... */
  readonly name?: string
  /** ...and/or a prefix (without a name, the store completes it with five random characters). */
  readonly generateName?: string
  readonly owner: OwnerRef
  readonly labels?: Record<string, string>
  readonly annotations?: Record<string, string>
  /** Extra spec fields (hostname, subdomain). */
  readonly spec?: Record<string, unknown>
}

/** A new pod from `template` with the apiserver's defaults and a Pending status. */
export function podFromTemplate(template: PodTemplateLike | undefined, s: PodStamp): KubeObject {
  const t = clone(template ?? {})
  const spec: Record<string, unknown> = { ...(t.spec ?? {}), ...(s.spec ?? {}) }
  spec.containers = ((spec.containers as ContainerSpec[] | undefined) ?? []).map(defaultContainer)
  if (Array.isArray(spec.initContainers)) spec.initContainers = (spec.initContainers as ContainerSpec[]).map(defaultContainer)
  spec.restartPolicy ??= 'Always'
  spec.terminationGracePeriodSeconds ??= 30
  spec.dnsPolicy ??= 'ClusterFirst'
  spec.serviceAccountName ??= 'default'
  spec.serviceAccount ??= spec.serviceAccountName
  spec.securityContext ??= {}
  spec.schedulerName ??= 'default-scheduler'
  spec.tolerations ??= clone(DEFAULT_TOLERATIONS)
  spec.priority ??= 0
  spec.enableServiceLinks ??= true
  spec.preemptionPolicy ??= 'PreemptLowerPriority'
  const labels = { ...(t.metadata?.labels ?? {}), ...(s.labels ?? {}) }
  const annotations = { ...(t.metadata?.annotations ?? {}), ...(s.annotations ?? {}) }
  const metadata: KubeObject['metadata'] = { namespace: s.namespace, labels }
  if (s.name) metadata.name = s.name
  // A StatefulSet pod has both: its chosen name and the set's `<name>-` prefix (as the real controller).
  if (s.generateName) metadata.generateName = s.generateName
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  metadata.ownerReferences = [s.owner]
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: { phase: 'Pending', qosClass: qosClass(spec) } }
}

/** The pod's status as the controllers read it. */
export interface PodStatusLike {
  phase?: string
  conditions?: Condition[]
  containerStatuses?: { restartCount?: number }[]
  [k: string]: unknown
}

export function podStatus(pod: KubeObject): PodStatusLike {
  return (pod.status as PodStatusLike | undefined) ?? {}
}

/** Terminating: a deletion timestamp is set. */
export function isTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp
}

/** Finished: phase Succeeded or Failed. */
export function isFinished(pod: KubeObject): boolean {
  const p = podStatus(pod).phase
  return p === 'Succeeded' || p === 'Failed'
}

/** Active, as `controller.IsPodActive`: not finished and not terminating. */
export function isActive(pod: KubeObject): boolean {
  return !isFinished(pod) && !isTerminating(pod)
}

/** The pod's Ready condition is True. */
export function isReady(pod: KubeObject): boolean {
  return findCondition(podStatus(pod).conditions, 'Ready')?.status === 'True'
}

/**
 * Available, as `podutil.IsPodAvailable`: ready for at least `minReadySeconds` at `now`.
 * @returns true, false, or the ms until it becomes available.
 */
export function availableIn(pod: KubeObject, minReadySeconds: number, now: number): number {
  const ready = findCondition(podStatus(pod).conditions, 'Ready')
  if (ready?.status !== 'True') return Infinity
  if (minReadySeconds <= 0) return 0
  const since = msOf(ready.lastTransitionTime)
  if (!Number.isFinite(since)) return 0
  return Math.max(0, since + minReadySeconds * 1000 - now)
}

/** Sum of the containers' restart counts. */
export function restartsOf(pod: KubeObject): number {
  let n = 0
  for (const c of podStatus(pod).containerStatuses ?? []) n += c.restartCount ?? 0
  return n
}

/**
 * Order in which a controller deletes surplus pods (first = deleted first), as the replicaset
 * controller's `ActivePods` ranking: unscheduled, then pending, then not ready, then more restarts,
 * then the newest.
 */
export function deletionRank(a: KubeObject, b: KubeObject): number {
  const spec = (p: KubeObject): Record<string, unknown> => (p.spec as Record<string, unknown> | undefined) ?? {}
  const assigned = (p: KubeObject): number => (spec(p).nodeName ? 1 : 0)
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b)
  const phase = (p: KubeObject): number => (({ Pending: 0, Unknown: 1, Running: 2 }) as Record<string, number>)[podStatus(p).phase ?? ''] ?? 0
  if (phase(a) !== phase(b)) return phase(a) - phase(b)
  const ready = (p: KubeObject): number => (isReady(p) ? 1 : 0)
  if (ready(a) !== ready(b)) return ready(a) - ready(b)
  if (restartsOf(a) !== restartsOf(b)) return restartsOf(b) - restartsOf(a)
  return (msOf(b.metadata.creationTimestamp) || 0) - (msOf(a.metadata.creationTimestamp) || 0)
}
