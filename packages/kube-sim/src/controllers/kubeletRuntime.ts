/**
 * The simulated container runtime of one pod: a small state machine per container.
 *
 * Why: the kubelet's status is a pure rendering of runtime state (kubeletStatus.ts); keeping the
 * transitions here, driven by an explicit time, makes every state of the demo (ContainerCreating,
 * Init:N/M, Running, Completed, Error, OOMKilled, CrashLoopBackOff, ErrImagePull,
 * ImagePullBackOff) reachable and testable without timers.
 * Lifecycle: `newPodRuntime` when the kubelet first sees a bound pod; `advance` whenever its
 * timer fires; `stopAll` when the pod gets a deletion timestamp. Two clocks: `t` (real ms) paces
 * transitions, `clock` (the controllers' clock) stamps timestamps.
 */
import { randomBytes } from 'node:crypto'
import type { ImageBehaviour } from './images.ts'
import { failureExit, imageBehaviour, pullErrorMessage } from './images.ts'
import { STEPS } from './context.ts'
import type { ContainerSpec } from './pods.ts'

/** A finished run of a container. */
export interface Terminated {
  readonly reason: string
  readonly exitCode: number
  readonly startedAt: number
  readonly finishedAt: number
  readonly containerID: string
}

export interface ContainerRt {
  readonly name: string
  readonly image: string
  readonly behaviour: ImageBehaviour
  readonly init: boolean
  /** A restartable init container (restartPolicy Always): runs beside the app containers. */
  readonly sidecar: boolean
  readonly probe: boolean
  state: 'waiting' | 'running' | 'terminated'
  /** Waiting or terminated reason. */
  reason: string
  message?: string
  exitCode: number
  startedAt: number
  finishedAt: number
  ready: boolean
  restarts: number
  /** Failures so far (crashes or failed pulls): the back-off exponent. */
  failures: number
  /** Runs started; 0 = never created (no containerID / imageID yet). */
  runs: number
  containerID: string
  last?: Terminated
  /** Real time of the next transition (Infinity: none). */
  nextAt: number
  readyAt: number
  /** A restart is pending after the exit (restart policy allows it). */
  restartPending: boolean
}

export type Stage = 'sandbox' | 'init' | 'main' | 'stopped'

export interface PodRt {
  readonly uid: string
  /** `<name>_<namespace>(<uid>)`, as the kubelet names a pod in messages. */
  readonly podRef: string
  readonly restartPolicy: string
  stage: Stage
  sandboxAt: number
  sandboxReady: boolean
  readonly init: ContainerRt[]
  readonly main: ContainerRt[]
  initIndex: number
  /** When the kubelet first saw the pod (the controllers' clock). */
  readonly startTime: number
  podIP: string
  stopped: boolean
  /**
   * The phase when deletion stopped the pod, kept while it is Terminating: kubectl prints
   * `Terminating` only for a non-terminal phase, and the object lingers for its grace period.
   */
  phaseAtStop?: string
}

/** Real-time pacing: the step length in ms. */
export interface Pace {
  readonly stepMs: number
}

function container(c: ContainerSpec, init: boolean): ContainerRt {
  return {
    name: c.name,
    image: String(c.image ?? ''),
    behaviour: imageBehaviour(String(c.image ?? '')),
    init,
    sidecar: init && c.restartPolicy === 'Always',
    probe: c.readinessProbe !== undefined && c.readinessProbe !== null,
    state: 'waiting',
    reason: init ? 'PodInitializing' : 'ContainerCreating',
    exitCode: 0,
    startedAt: 0,
    finishedAt: 0,
    ready: false,
    restarts: 0,
    failures: 0,
    runs: 0,
    containerID: '',
    nextAt: Infinity,
    readyAt: Infinity,
    restartPending: false
  }
}

/** A fresh runtime for a pod just bound to this node. */
export function newPodRuntime(
  pod: { uid: string; name: string; namespace: string },
  spec: Record<string, unknown>,
  t: number,
  clock: number,
  pace: Pace
): PodRt {
  const inits = ((spec.initContainers as ContainerSpec[] | undefined) ?? []).map((c) => container(c, true))
  const main = ((spec.containers as ContainerSpec[] | undefined) ?? []).map((c) => container(c, false))
  if (inits.length > 0) for (const c of main) c.reason = 'PodInitializing'
  const slow = [...inits, ...main].some((c) => c.behaviour === 'slow')
  return {
    uid: pod.uid,
    podRef: `${pod.name}_${pod.namespace}(${pod.uid})`,
    restartPolicy: String(spec.restartPolicy ?? 'Always'),
    stage: 'sandbox',
    sandboxReady: false,
    sandboxAt: t + (slow ? STEPS.slowSandbox : STEPS.sandbox) * pace.stepMs,
    init: inits,
    main,
    initIndex: 0,
    startTime: clock,
    podIP: '',
    stopped: false
  }
}

/** The back-off after `failures` failures, in ms (doubling from 10 s to 5 min at the default pace). */
export function backoffMs(failures: number, pace: Pace): number {
  return Math.min(STEPS.backoffBase * 2 ** Math.max(0, failures - 1), STEPS.backoffMax) * pace.stepMs
}

/** A Go `time.Duration` string, as the kubelet prints back-offs (`10s`, `1m20s`, `5m0s`, `500ms`). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m}m${s % 60}s` : `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`
}

function newContainerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`
}

/** Whether a container that exited with `code` is restarted under the pod's policy. */
function restarts(pod: PodRt, c: ContainerRt, code: number): boolean {
  if (c.sidecar) return true
  if (c.init) return code !== 0 && pod.restartPolicy !== 'Never'
  return pod.restartPolicy === 'Always' || (pod.restartPolicy === 'OnFailure' && code !== 0)
}

function start(pod: PodRt, c: ContainerRt, t: number, clock: number, pace: Pace): void {
  c.message = undefined
  if (c.behaviour === 'pull-fail') {
    c.state = 'waiting'
    c.reason = 'ErrImagePull'
    c.message = pullErrorMessage(c.image)
    c.failures++
    c.nextAt = t + STEPS.pullError * pace.stepMs
    return
  }
  c.state = 'running'
  c.runs++
  c.containerID = newContainerId()
  c.startedAt = clock
  c.ready = false
  c.readyAt = c.init && !c.sidecar ? Infinity : t + (c.probe ? STEPS.readiness * pace.stepMs : 0)
  c.restartPending = false
  const failing = failureExit(c.behaviour) !== undefined
  const runSteps = failing ? STEPS.crashRun : c.sidecar ? Infinity : c.init ? STEPS.initRun : pod.restartPolicy === 'Always' ? Infinity : STEPS.jobRun
  c.nextAt = t + runSteps * pace.stepMs
}

function exit(pod: PodRt, c: ContainerRt, clock: number, reason: string, exitCode: number): void {
  c.state = 'terminated'
  c.reason = reason
  c.exitCode = exitCode
  c.finishedAt = clock
  c.ready = false
  c.readyAt = Infinity
  c.restartPending = !pod.stopped && restarts(pod, c, exitCode)
}

/** Advance one container to time `t`. @returns whether anything changed. */
function tickContainer(pod: PodRt, c: ContainerRt, t: number, clock: number, pace: Pace): boolean {
  if (c.state === 'running' && !c.ready && c.readyAt <= t) {
    c.ready = true
    c.readyAt = Infinity
    return true
  }
  if (c.nextAt > t) return false
  c.nextAt = Infinity
  if (c.state === 'running') {
    const f = failureExit(c.behaviour)
    exit(pod, c, clock, f?.reason ?? 'Completed', f?.exitCode ?? 0)
    if (c.restartPending) c.nextAt = t + STEPS.exitShown * pace.stepMs
    return true
  }
  if (c.state === 'terminated') {
    if (!c.restartPending) return false
    c.last = { reason: c.reason, exitCode: c.exitCode, startedAt: c.startedAt, finishedAt: c.finishedAt, containerID: c.containerID }
    c.failures++
    c.restarts++
    c.state = 'waiting'
    c.reason = 'CrashLoopBackOff'
    const wait = backoffMs(c.failures, pace)
    c.message = `back-off ${goDuration(wait)} restarting failed container=${c.name} pod=${pod.podRef}`
    c.nextAt = t + wait
    return true
  }
  // waiting
  if (c.reason === 'ErrImagePull') {
    c.reason = 'ImagePullBackOff'
    c.message = `Back-off pulling image "${c.image}"`
    c.nextAt = t + backoffMs(c.failures, pace)
    return true
  }
  start(pod, c, t, clock, pace)
  return true
}

function startMain(pod: PodRt, t: number, clock: number, pace: Pace): void {
  pod.stage = 'main'
  for (const c of pod.main) start(pod, c, t, clock, pace)
}

/** One transition of the pod. @returns whether anything changed. */
function tickPod(pod: PodRt, t: number, clock: number, pace: Pace): boolean {
  if (pod.stage === 'stopped') return false
  if (pod.stage === 'sandbox') {
    if (pod.sandboxAt > t) return false
    pod.sandboxReady = true
    if (pod.init.length > 0) {
      pod.stage = 'init'
      start(pod, pod.init[0], t, clock, pace)
    } else startMain(pod, t, clock, pace)
    return true
  }
  let changed = false
  for (const c of pod.init) {
    if ((c.sidecar && c.runs > 0) || c === pod.init[pod.initIndex]) changed = tickContainer(pod, c, t, clock, pace) || changed
  }
  if (pod.stage === 'init') {
    const c = pod.init[pod.initIndex]
    const done = c.sidecar ? c.state === 'running' : c.state === 'terminated' && c.exitCode === 0
    if (done) {
      pod.initIndex++
      if (pod.initIndex < pod.init.length) start(pod, pod.init[pod.initIndex], t, clock, pace)
      else startMain(pod, t, clock, pace)
      return true
    }
    if (c.state === 'terminated' && !c.restartPending) {
      pod.stage = 'stopped'
      return true
    }
    return changed
  }
  for (const c of pod.main) changed = tickContainer(pod, c, t, clock, pace) || changed
  return changed
}

/** Apply every transition due at `t`. @returns whether the pod changed. */
export function advance(pod: PodRt, t: number, clock: number, pace: Pace): boolean {
  let changed = false
  for (let i = 0; i < 64 && tickPod(pod, t, clock, pace); i++) changed = true
  return changed
}

/** The next real time something changes (Infinity: nothing more will happen). */
export function nextDue(pod: PodRt): number {
  if (pod.stage === 'stopped') return Infinity
  if (pod.stage === 'sandbox') return pod.sandboxAt
  let next = Infinity
  for (const c of [...pod.init, ...pod.main]) next = Math.min(next, c.nextAt, c.readyAt)
  return next
}

/**
 * The pod is being deleted: every running container gets SIGTERM and exits 0, nothing restarts.
 * @returns whether anything changed.
 */
export function stopAll(pod: PodRt, clock: number): boolean {
  if (pod.stopped) return false
  pod.stopped = true
  pod.stage = 'stopped'
  for (const c of [...pod.init, ...pod.main]) {
    c.nextAt = Infinity
    c.readyAt = Infinity
    c.restartPending = false
    if (c.state === 'running') exit(pod, c, clock, 'Completed', 0)
  }
  return true
}
