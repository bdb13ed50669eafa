/**
 * Node feasibility for the simulated scheduler, with the real scheduler's failure reasons.
 *
 * Why: an unschedulable pod must explain itself exactly as kube-scheduler does
 * ("0/5 nodes are available: 1 node(s) were unschedulable, 4 node(s) didn't match Pod's node
 * affinity/selector. preemption: ..."), so each filter here returns the reason string its plugin
 * reports, checked in the default plugin order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodePorts-free pod count).
 */

interface Taint {
  key?: string
  value?: string
  effect?: string
}
interface Toleration {
  key?: string
  operator?: string
  value?: string
  effect?: string
}
interface Requirement {
  key?: string
  operator?: string
  values?: string[]
}

/** The node fields the filters read. */
export interface NodeView {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly unschedulable: boolean
  readonly taints: readonly Taint[]
  readonly ready: boolean
  /** `status.allocatable.pods`. */
  readonly maxPods: number
}

/** The pod fields the filters read. */
export interface PodView {
  readonly nodeSelector?: Record<string, string>
  readonly tolerations?: readonly Toleration[]
  readonly affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: Requirement[]; matchFields?: Requirement[] }[] }
    }
  }
}

/** Read a Node object into the view the filters use. */
export function nodeView(name: string, obj: Record<string, unknown>): NodeView {
  const meta = (obj.metadata as { labels?: Record<string, string> } | undefined) ?? {}
  const spec = (obj.spec as { unschedulable?: boolean; taints?: Taint[] } | undefined) ?? {}
  const status = (obj.status as { conditions?: { type?: string; status?: string }[]; allocatable?: { pods?: string } } | undefined) ?? {}
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True'
  const maxPods = Number(status.allocatable?.pods ?? 110)
  return {
    name,
    labels: meta.labels ?? {},
    unschedulable: spec.unschedulable === true,
    taints: spec.taints ?? [],
    ready,
    maxPods: Number.isFinite(maxPods) ? maxPods : 110
  }
}

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.operator === 'Exists') return !t.key || t.key === taint.key
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '')
}

function matchesRequirement(labels: Readonly<Record<string, string>>, r: Requirement): boolean {
  const v = r.key ? labels[r.key] : undefined
  const values = r.values ?? []
  switch (r.operator) {
    case 'In':
      return v !== undefined && values.includes(v)
    case 'NotIn':
      return v === undefined || !values.includes(v)
    case 'Exists':
      return v !== undefined
    case 'DoesNotExist':
      return v === undefined
    case 'Gt':
      return v !== undefined && Number(v) > Number(values[0])
    case 'Lt':
      return v !== undefined && Number(v) < Number(values[0])
    default:
      return false
  }
}

/**
 * Why `node` cannot take `pod` (the scheduler's reason text), or undefined when it fits.
 * @param podsOnNode pods already bound to the node
 */
export function unfitReason(node: NodeView, pod: PodView, podsOnNode: number): string | undefined {
  const tolerations = pod.tolerations ?? []
  if (node.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return 'node(s) were unschedulable'
  }
  const taints = [...node.taints]
  if (!node.ready && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable')) {
    taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' })
  }
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
    if (!tolerations.some((t) => tolerates(t, taint))) return `node(s) had untolerated taint {${taint.key ?? ''}: ${taint.value ?? ''}}`
  }
  for (const [k, v] of Object.entries(pod.nodeSelector ?? {})) {
    if (node.labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector"
  }
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  // matchFields selects on the node's fields; `metadata.name` is the only one (DaemonSet pods pin their node with it).
  const fields = { 'metadata.name': node.name }
  if (
    terms &&
    terms.length > 0 &&
    !terms.some(
      (term) =>
        (term.matchExpressions ?? []).every((r) => matchesRequirement(node.labels, r)) && (term.matchFields ?? []).every((r) => matchesRequirement(fields, r))
    )
  ) {
    return "node(s) didn't match Pod's node affinity/selector"
  }
  if (podsOnNode >= node.maxPods) return 'Too many pods'
  return undefined
}

/** The FailedScheduling message for `total` nodes and their reasons (sorted, as the scheduler prints them). */
export function unschedulableMessage(total: number, reasons: ReadonlyMap<string, number>): string {
  const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort()
  const head = `0/${total} nodes are available${parts.length > 0 ? ': ' + parts.join(', ') : ''}.`
  return `${head} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`
}
