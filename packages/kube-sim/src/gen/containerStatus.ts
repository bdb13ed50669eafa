/**
 * Builders for the pieces of a pod status: container statuses and pod conditions.
 *
 * Why: `podStatus.ts` composes these into each named pod state; keeping the shapes here (exactly
 * as the kubelet reports them) keeps the state table readable.
 */
import { containerId, imageId, iso } from './ids.ts'

/** The container fields a status needs. */
export interface ContainerLike {
  name: string
  image: string
  [field: string]: unknown
}

/** A `state` / `lastState` value of a container status. */
export type ContainerState = Record<string, unknown>

/** `state.running`. */
export const running = (startedMs: number): ContainerState => ({ running: { startedAt: iso(startedMs) } })

/** `state.waiting` with a reason (and an optional message). */
export function waiting(reason: string, message?: string): ContainerState {
  return { waiting: message === undefined ? { reason } : { reason, message } }
}

/** `state.terminated` (exit 0 is `Completed`). */
export function terminated(id: string, reason: string, exitCode: number, startedMs: number, finishedMs: number): ContainerState {
  return { terminated: { exitCode, reason, startedAt: iso(startedMs), finishedAt: iso(finishedMs), containerID: id } }
}

export interface StatusOpts {
  ready?: boolean
  started?: boolean
  restarts?: number
  lastState?: ContainerState
  /** The container was never created (waiting before its first start): no containerID/imageID. */
  unstarted?: boolean
}

/** One entry of `containerStatuses` / `initContainerStatuses`. */
export function containerStatus(pod: string, c: ContainerLike, state: ContainerState, o: StatusOpts = {}): Record<string, unknown> {
  const restarts = o.restarts ?? 0
  const out: Record<string, unknown> = {
    name: c.name,
    state,
    lastState: o.lastState ?? {},
    ready: o.ready ?? false,
    restartCount: restarts,
    image: c.image,
    imageID: o.unstarted ? '' : imageId(c.image),
    started: o.started ?? false
  }
  if (!o.unstarted) out.containerID = containerId(pod, c.name, restarts)
  return out
}

/** A pod condition. */
export function condition(type: string, ok: boolean, atMs: number, reason?: string, message?: string): Record<string, unknown> {
  const c: Record<string, unknown> = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: iso(atMs) }
  if (reason !== undefined) c.reason = reason
  if (message !== undefined) c.message = message
  return c
}

/** Flags for the five standard conditions of a scheduled pod, in the kubelet's order. */
export interface CondFlags {
  sandbox: boolean
  initialized: boolean
  ready: boolean
  at: number
  notReadyReason?: string
  notReadyContainers?: string[]
  initPending?: string[]
}

/** PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled. */
export function scheduledConditions(f: CondFlags, scheduledMs: number): Record<string, unknown>[] {
  const why = f.notReadyReason ?? 'ContainersNotReady'
  const msg = f.notReadyReason === 'PodCompleted' ? undefined : `containers with unready status: [${(f.notReadyContainers ?? []).join(' ')}]`
  return [
    condition('PodReadyToStartContainers', f.sandbox, f.at),
    f.initialized
      ? condition('Initialized', true, scheduledMs)
      : condition('Initialized', false, f.at, 'ContainersNotInitialized', `containers with incomplete status: [${(f.initPending ?? []).join(' ')}]`),
    f.ready ? condition('Ready', true, f.at) : condition('Ready', false, f.at, why, msg),
    f.ready ? condition('ContainersReady', true, f.at) : condition('ContainersReady', false, f.at, why, msg),
    condition('PodScheduled', true, scheduledMs)
  ]
}
