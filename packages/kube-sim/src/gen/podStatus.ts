/**
 * Pod status fixtures: build a pod in an exact, named state.
 *
 * Why: the app's STATUS/READY/RESTARTS columns must match `kubectl get pods`, whose printer
 * (`printPod` in kubernetes/pkg/printers/internalversion/printers.go) derives the status string from
 * phase, status.reason, conditions, init/container states and deletionTimestamp. Each state below is
 * shaped so that printer yields exactly `POD_STATUS_TEXT[state]`; `kubectlStatus.ts` is a port of
 * the printer and the tests check every state against it. The generators and the churn use these
 * builders, and other tests may call `podInState` to get a pod in a known state.
 */
import type { KubeMeta, KubeObject } from '../types.ts'
import { condition, containerStatus, running, scheduledConditions, terminated, waiting, type ContainerLike, type ContainerState } from './containerStatus.ts'
import { containerId, iso, MINUTE, SECOND } from './ids.ts'

/** Every pod state the generators produce. */
export const POD_STATES = [
  'Running',
  'RunningNotReady',
  'RunningRestarted',
  'NotReady',
  'Pending',
  'SchedulingGated',
  'ContainerCreating',
  'PodInitializing',
  'Init:0/1',
  'Init:1/2',
  'Init:CrashLoopBackOff',
  'Init:Error',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'OOMKilled',
  'Error',
  'Completed',
  'Terminating',
  'Evicted',
  'NodeLost'
] as const
export type PodState = (typeof POD_STATES)[number]

/** The STATUS column kubectl prints for each state. */
export const POD_STATUS_TEXT: Readonly<Record<PodState, string>> = {
  Running: 'Running',
  RunningNotReady: 'Running',
  RunningRestarted: 'Running',
  NotReady: 'NotReady',
  Pending: 'Pending',
  SchedulingGated: 'SchedulingGated',
  ContainerCreating: 'ContainerCreating',
  PodInitializing: 'PodInitializing',
  'Init:0/1': 'Init:0/1',
  'Init:1/2': 'Init:1/2',
  'Init:CrashLoopBackOff': 'Init:CrashLoopBackOff',
  'Init:Error': 'Init:Error',
  CrashLoopBackOff: 'CrashLoopBackOff',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImagePull: 'ErrImagePull',
  CreateContainerConfigError: 'CreateContainerConfigError',
  OOMKilled: 'OOMKilled',
  Error: 'Error',
  Completed: 'Completed',
  Terminating: 'Terminating',
  Evicted: 'Evicted',
  NodeLost: 'Unknown'
}

/** A pod spec as the status builders read it. */
export interface PodSpecLike {
  containers: ContainerLike[]
  initContainers?: ContainerLike[]
  restartPolicy?: string
  nodeName?: string
  schedulingGates?: { name: string }[]
  [field: string]: unknown
}

/** Inputs of `podInState`. `metadata` and `spec` are taken over by the result, not copied. */
export interface PodBase {
  metadata: KubeMeta
  spec: PodSpecLike
  /** Node the pod runs on (ignored for unscheduled states). */
  nodeName: string
  hostIP: string
  podIP: string
  /** When the pod was scheduled and started (ms since epoch). */
  startMs: number
  /** The clock the state is relative to (ms since epoch). */
  now: number
  /** Restart count of the first container for restarting states (default 3). */
  restarts?: number
  /** When the last restart happened (default five minutes before `now`). */
  lastRestartMs?: number
  /** Kubernetes QoS class (default Burstable). */
  qosClass?: string
  /** The scheduler's message for an unschedulable pod (default: one for a 42-node cluster). */
  unschedulableMessage?: string
}

/** The scheduler's FailedScheduling message of the demo when no node has room: every worker lacks memory. */
export const DEFAULT_UNSCHEDULABLE =
  '0/42 nodes are available: 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 39 Insufficient memory. ' +
  'preemption: 0/42 nodes are available: 3 Preemption is not helpful for scheduling, 39 No preemption victims found for incoming pod.'

/** Init containers added when a state needs more than the spec has (Init:1/2 needs two). */
const INIT_IMAGES = ['busybox:1.36.1', 'ghcr.io/groundnuty/k8s-wait-for:v2.0']
/** Grace period the apiserver sets for a plain delete. */
const GRACE_SECONDS = 30

function ensureInits(spec: PodSpecLike, n: number): ContainerLike[] {
  const inits = spec.initContainers ?? []
  while (inits.length < n) {
    const i = inits.length
    inits.push({
      name: i === 0 ? 'init-config' : `wait-deps-${i}`,
      image: INIT_IMAGES[i % INIT_IMAGES.length],
      command: ['sh', '-c', i === 0 ? 'cp /config-src/* /config/' : 'until nslookup db; do sleep 2; done'],
      resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent'
    })
  }
  spec.initContainers = inits
  return inits
}

const NEEDS_INITS: Partial<Record<PodState, number>> = {
  PodInitializing: 1,
  'Init:0/1': 1,
  'Init:1/2': 2,
  'Init:CrashLoopBackOff': 1,
  'Init:Error': 1
}
const UNSCHEDULED = new Set<PodState>(['Pending', 'SchedulingGated'])

/** Build a pod object in `state` from `base` (see POD_STATUS_TEXT for what kubectl prints). */
export function podInState(state: PodState, base: PodBase): KubeObject {
  const { metadata: meta, spec, now } = base
  const name = meta.name ?? 'pod'
  const start = base.startMs
  const t = Math.max(start + 5 * SECOND, now - MINUTE)
  const restarts = base.restarts ?? 3
  const lastRestart = base.lastRestartMs ?? now - 5 * MINUTE
  const [app, ...rest] = spec.containers
  const neededInits = NEEDS_INITS[state] ?? 0
  if (neededInits > 0 && spec.initContainers?.length !== neededInits) spec.initContainers = undefined
  const inits = neededInits > 0 ? ensureInits(spec, neededInits) : (spec.initContainers ?? [])
  const status: Record<string, unknown> = { phase: 'Running' }
  const ok = (c: ContainerLike): Record<string, unknown> => containerStatus(name, c, running(start + 2 * SECOND), { ready: true, started: true })
  const done = (c: ContainerLike, run = 0): Record<string, unknown> =>
    containerStatus(name, c, terminated(containerId(name, c.name, run), 'Completed', 0, start, start + SECOND), { started: false })
  const unstarted = (c: ContainerLike, reason: string, message?: string): Record<string, unknown> =>
    containerStatus(name, c, waiting(reason, message), { unstarted: true })
  const crashed = (c: ContainerLike, reason = 'Error', code = 1): ContainerState =>
    terminated(containerId(name, c.name, restarts - 1), reason, code, lastRestart - 40 * SECOND, lastRestart)
  const terminal = spec.restartPolicy === 'Never' || spec.restartPolicy === 'OnFailure'

  if (UNSCHEDULED.has(state)) {
    delete spec.nodeName
    status.phase = 'Pending'
    if (state === 'SchedulingGated') {
      spec.schedulingGates = [{ name: 'scheduling.example.com/capacity-reservation' }]
      status.conditions = [condition('PodScheduled', false, start, 'SchedulingGated', 'Scheduling is blocked due to non-empty scheduling gates')]
    } else {
      status.conditions = [condition('PodScheduled', false, now - 30 * SECOND, 'Unschedulable', base.unschedulableMessage ?? DEFAULT_UNSCHEDULABLE)]
    }
    status.qosClass = base.qosClass ?? 'Burstable'
    return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec, status }
  }

  spec.nodeName = base.nodeName
  const ready = { sandbox: true, initialized: true, ready: true, at: start + 8 * SECOND }
  const notReady = (reason: string | undefined, names: string[]): typeof ready & { notReadyReason?: string; notReadyContainers: string[] } => ({
    ...ready,
    ready: false,
    at: t,
    notReadyReason: reason,
    notReadyContainers: names
  })
  let cs: Record<string, unknown>[]
  let ics: Record<string, unknown>[] = inits.map((c) => done(c))
  let conds = scheduledConditions(ready, start)
  let withIp = true

  switch (state) {
    case 'Running':
    case 'Terminating':
      cs = spec.containers.map(ok)
      if (state === 'Terminating') {
        meta.deletionTimestamp = iso(now + GRACE_SECONDS * SECOND)
        meta.deletionGracePeriodSeconds = GRACE_SECONDS
      }
      break
    case 'RunningNotReady':
      cs = [containerStatus(name, app, running(start + 2 * SECOND), { ready: false, started: true }), ...rest.map(ok)]
      conds = scheduledConditions(notReady(undefined, [app.name]), start)
      break
    case 'RunningRestarted':
      cs = [
        containerStatus(name, app, running(lastRestart + SECOND), { ready: true, started: true, restarts, lastState: crashed(app, 'Error', 137) }),
        ...rest.map(ok)
      ]
      break
    case 'NotReady': {
      const last = spec.containers[spec.containers.length - 1]
      cs = [...spec.containers.slice(0, -1).map(ok), containerStatus(name, last, terminated(containerId(name, last.name, 0), 'Completed', 0, start, t), {})]
      conds = scheduledConditions(notReady(undefined, [last.name]), start)
      break
    }
    case 'ContainerCreating':
      withIp = false
      cs = spec.containers.map((c) => unstarted(c, 'ContainerCreating'))
      conds = scheduledConditions(
        {
          ...notReady(
            undefined,
            spec.containers.map((c) => c.name)
          ),
          sandbox: false
        },
        start
      )
      status.phase = 'Pending'
      break
    case 'PodInitializing':
    case 'Init:0/1':
    case 'Init:1/2':
    case 'Init:CrashLoopBackOff':
    case 'Init:Error': {
      status.phase = 'Pending'
      cs = spec.containers.map((c) => unstarted(c, 'PodInitializing'))
      const k = state === 'Init:1/2' ? 1 : 0
      if (state !== 'PodInitializing') {
        const c = inits[k]
        const st =
          state === 'Init:CrashLoopBackOff'
            ? containerStatus(
                name,
                c,
                waiting('CrashLoopBackOff', `back-off 2m40s restarting failed container=${c.name} pod=${name}_${meta.namespace ?? 'default'}`),
                { restarts, lastState: crashed(c) }
              )
            : state === 'Init:Error'
              ? containerStatus(name, c, crashed(c), { restarts: restarts - 1 })
              : containerStatus(name, c, running(t), { started: true })
        ics = [...inits.slice(0, k).map((x) => done(x)), st, ...inits.slice(k + 1).map((x) => unstarted(x, 'PodInitializing'))]
      }
      const pending = state === 'PodInitializing' ? [] : inits.slice(k).map((c) => c.name)
      conds = scheduledConditions(
        {
          ...notReady(
            undefined,
            spec.containers.map((c) => c.name)
          ),
          initialized: pending.length === 0,
          initPending: pending
        },
        start
      )
      break
    }
    case 'CrashLoopBackOff':
      cs = [
        containerStatus(
          name,
          app,
          waiting('CrashLoopBackOff', `back-off 5m0s restarting failed container=${app.name} pod=${name}_${meta.namespace ?? 'default'}`),
          { restarts, lastState: crashed(app) }
        ),
        ...rest.map(ok)
      ]
      conds = scheduledConditions(notReady(undefined, [app.name]), start)
      break
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'CreateContainerConfigError': {
      status.phase = 'Pending'
      const msg =
        state === 'ImagePullBackOff'
          ? `Back-off pulling image "${app.image}"`
          : state === 'ErrImagePull'
            ? `rpc error: code = NotFound desc = failed to pull and unpack image "${app.image}": not found`
            : `secret "${name.split('-')[0]}-credentials" not found`
      cs = [unstarted(app, state, msg), ...rest.map(ok)]
      conds = scheduledConditions(notReady(undefined, [app.name]), start)
      break
    }
    case 'OOMKilled':
    case 'Error': {
      const reason = state === 'OOMKilled' ? 'OOMKilled' : 'Error'
      const code = state === 'OOMKilled' ? 137 : 1
      const run = terminal ? 0 : restarts
      const st = terminated(containerId(name, app.name, run), reason, code, terminal ? start : lastRestart, t)
      if (terminal) {
        status.phase = 'Failed'
        cs = [
          containerStatus(name, app, st, {}),
          ...rest.map((c) => containerStatus(name, c, terminated(containerId(name, c.name, 0), 'Completed', 0, start, t), {}))
        ]
        conds = scheduledConditions({ ...notReady('PodFailed', [app.name]), sandbox: false }, start)
      } else {
        cs = [containerStatus(name, app, st, { restarts: run, lastState: crashed(app, reason, code) }), ...rest.map(ok)]
        conds = scheduledConditions(notReady(undefined, [app.name]), start)
      }
      break
    }
    case 'Completed':
      status.phase = 'Succeeded'
      cs = spec.containers.map((c) => containerStatus(name, c, terminated(containerId(name, c.name, 0), 'Completed', 0, start + 2 * SECOND, t), {}))
      conds = scheduledConditions({ ...notReady('PodCompleted', []), sandbox: false }, start)
      break
    case 'Evicted':
      // No containerStatuses: with terminated entries kubectl would print their reason instead.
      status.phase = 'Failed'
      status.reason = 'Evicted'
      status.message = `The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container ${app.name} was using 1843200Ki, request is 512Mi, has larger consumption of memory.`
      cs = []
      ics = []
      conds = [
        condition('DisruptionTarget', true, t, 'TerminationByKubelet', 'The node was low on resource: memory.'),
        ...scheduledConditions({ ...notReady('PodFailed', []), sandbox: false }, start)
      ]
      withIp = false
      break
    case 'NodeLost':
      status.reason = 'NodeLost'
      status.message = `Node ${base.nodeName} which was running pod ${name} is unresponsive`
      meta.deletionTimestamp = iso(t)
      meta.deletionGracePeriodSeconds = GRACE_SECONDS
      cs = spec.containers.map(ok)
      conds = scheduledConditions(notReady('NodeStatusUnknown', []), start)
      break
    default:
      throw new Error(`podInState: unknown pod state "${String(state)}"`)
  }
  status.conditions = conds
  status.hostIP = base.hostIP
  status.hostIPs = [{ ip: base.hostIP }]
  if (withIp) {
    status.podIP = base.podIP
    status.podIPs = [{ ip: base.podIP }]
  }
  status.startTime = iso(start)
  if (inits.length > 0 && ics.length > 0) status.initContainerStatuses = ics
  if (cs.length > 0) status.containerStatuses = cs
  status.qosClass = base.qosClass ?? 'Burstable'
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec, status }
}
