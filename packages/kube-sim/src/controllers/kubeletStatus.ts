/**
 * The pod status the simulated kubelet reports, rendered from the pod's runtime state.
 *
 * Why: kubectl's STATUS column (and the app's, see src/shared/kinds/rows/pods.ts) is derived from
 * phase, conditions and container states; rendering them exactly as the kubelet does (its
 * `getPhase`, condition reasons and messages, container status fields) makes the demo print
 * `ContainerCreating`, `Init:0/1`, `Running`, `Completed`, `Error`, `OOMKilled`,
 * `CrashLoopBackOff`, `ErrImagePull` and `ImagePullBackOff` like a real cluster.
 */
import { imageId } from '../gen/ids.ts'
import type { Condition } from './context.ts'
import { isoAt } from './context.ts'
import type { ContainerRt, PodRt, Terminated } from './kubeletRuntime.ts'

/** The kubelet's pod phase (`getPhase` in pkg/kubelet/kubelet_pods.go). */
export function podPhase(pod: PodRt): string {
  if (pod.phaseAtStop !== undefined) return pod.phaseAtStop
  if (pod.stage === 'sandbox' || pod.stage === 'init') return 'Pending'
  if (pod.init.some((c) => !c.sidecar && c.state === 'terminated' && c.exitCode !== 0 && !c.restartPending)) return 'Failed'
  let running = 0
  let waiting = 0
  let stopped = 0
  let succeeded = 0
  for (const c of pod.main) {
    if (c.state === 'running') running++
    else if (c.state === 'terminated') {
      stopped++
      if (c.exitCode === 0) succeeded++
    } else if (c.last) stopped++
    else waiting++
  }
  if (waiting > 0) return 'Pending'
  if (running > 0) return 'Running'
  if (stopped === 0) return 'Pending'
  if (pod.restartPolicy === 'Always') return 'Running'
  if (stopped === succeeded) return 'Succeeded'
  return pod.restartPolicy === 'Never' ? 'Failed' : 'Running'
}

function terminatedState(t: Terminated): Record<string, unknown> {
  return { terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: isoAt(t.startedAt), finishedAt: isoAt(t.finishedAt), containerID: t.containerID } }
}

function containerStatus(c: ContainerRt): Record<string, unknown> {
  let state: Record<string, unknown>
  if (c.state === 'running') state = { running: { startedAt: isoAt(c.startedAt) } }
  else if (c.state === 'terminated') {
    state = terminatedState({ reason: c.reason, exitCode: c.exitCode, startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID })
  } else state = { waiting: c.message === undefined ? { reason: c.reason } : { reason: c.reason, message: c.message } }
  const out: Record<string, unknown> = {
    name: c.name,
    state,
    lastState: c.last ? terminatedState(c.last) : {},
    ready: c.ready,
    restartCount: c.restarts,
    image: c.image,
    imageID: c.runs > 0 ? imageId(c.image) : '',
    started: c.state === 'running'
  }
  if (c.runs > 0) out.containerID = c.containerID
  return out
}

/** A condition that keeps its transition time while its status does not change. */
function cond(prev: readonly Condition[], type: string, ok: boolean, clock: number, reason?: string, message?: string): Condition {
  const old = prev.find((c) => c.type === type)
  const status = ok ? 'True' : 'False'
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : isoAt(clock)
  }
  if (reason !== undefined) c.reason = reason
  if (message !== undefined) c.message = message
  return c
}

/** The kubelet-owned conditions, in its order. */
const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'])

export interface NodeAddress {
  readonly hostIP: string
}

/** The full status the kubelet writes for `pod` (previous status `prev` keeps transition times). */
export function renderPodStatus(pod: PodRt, prev: Record<string, unknown>, node: NodeAddress, clock: number): Record<string, unknown> {
  const prevConds = (prev.conditions as Condition[] | undefined) ?? []
  const phase = podPhase(pod)
  const initDone = pod.stage === 'main' || (pod.stage === 'stopped' && pod.initIndex >= pod.init.length)
  const pendingInits = pod.init
    .slice(pod.initIndex)
    .filter((c) => !c.sidecar || c.state !== 'running')
    .map((c) => c.name)
  const unready = pod.main.filter((c) => !c.ready).map((c) => c.name)
  const finished = phase === 'Succeeded' || phase === 'Failed'
  const ready = !finished && unready.length === 0 && pod.stage === 'main'
  const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady'
  const notReadyMsg = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`
  const scheduled = prevConds.find((c) => c.type === 'PodScheduled')
  const conditions: Condition[] = [
    cond(prevConds, 'PodReadyToStartContainers', pod.sandboxReady && !finished, clock),
    initDone
      ? cond(prevConds, 'Initialized', true, clock)
      : cond(prevConds, 'Initialized', false, clock, 'ContainersNotInitialized', `containers with incomplete status: [${pendingInits.join(' ')}]`),
    ready ? cond(prevConds, 'Ready', true, clock) : cond(prevConds, 'Ready', false, clock, notReadyReason, notReadyMsg),
    ready ? cond(prevConds, 'ContainersReady', true, clock) : cond(prevConds, 'ContainersReady', false, clock, notReadyReason, notReadyMsg),
    scheduled && scheduled.status === 'True' ? scheduled : cond(prevConds, 'PodScheduled', true, clock),
    ...prevConds.filter((c) => !KUBELET_CONDITIONS.has(c.type))
  ]
  const status: Record<string, unknown> = { phase, conditions, hostIP: node.hostIP, hostIPs: [{ ip: node.hostIP }] }
  if (pod.podIP) {
    status.podIP = pod.podIP
    status.podIPs = [{ ip: pod.podIP }]
  }
  status.startTime = isoAt(pod.startTime)
  if (pod.init.length > 0) status.initContainerStatuses = pod.init.map(containerStatus)
  status.containerStatuses = pod.main.map(containerStatus)
  if (prev.qosClass !== undefined) status.qosClass = prev.qosClass
  return status
}
