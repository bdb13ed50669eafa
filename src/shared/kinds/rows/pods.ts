/**
 * Pod row projection: a line-by-line port of kubectl's server-side `printPod`
 * (kubernetes/pkg/printers/internalversion/printers.go, v1.32/v1.33), so STATUS, READY and
 * RESTARTS read exactly as `kubectl get pods -o wide` prints them.
 *
 * Lifecycle: called once per pod on list and on every watch event; reads only status, the
 * container names/restart policies and the readiness gates of the spec. Never env values,
 * never volumes or annotations.
 */
import type { Projection, ObjectLike } from './types.ts'
import { parseTime } from './helpers.ts'

interface TerminatedLike {
  readonly exitCode?: number
  readonly signal?: number
  readonly reason?: string
  readonly finishedAt?: string
}
interface ContainerStateLike {
  readonly waiting?: { readonly reason?: string }
  readonly running?: { readonly startedAt?: string }
  readonly terminated?: TerminatedLike
}
interface ContainerStatusLike {
  readonly name?: string
  readonly ready?: boolean
  readonly started?: boolean
  readonly restartCount?: number
  readonly state?: ContainerStateLike
  readonly lastState?: ContainerStateLike
}
interface ConditionLike {
  readonly type?: string
  readonly status?: string
  readonly reason?: string
}
type InitContainerSpec = readonly { readonly name?: string; readonly restartPolicy?: string }[]
interface PodLike {
  readonly metadata?: { readonly deletionTimestamp?: string }
  readonly spec?: {
    readonly nodeName?: string
    readonly containers?: readonly unknown[]
    readonly initContainers?: InitContainerSpec
    readonly readinessGates?: readonly { readonly conditionType?: string }[]
  }
  readonly status?: {
    readonly phase?: string
    readonly reason?: string
    readonly podIP?: string
    readonly podIPs?: readonly { readonly ip?: string }[]
    readonly nominatedNodeName?: string
    readonly conditions?: readonly ConditionLike[]
    readonly initContainerStatuses?: readonly ContainerStatusLike[]
    readonly containerStatuses?: readonly ContainerStatusLike[]
  }
}

/** `node.NodeUnreachablePodReason`: the pod's node is lost; kubectl shows `Unknown`. */
const NODE_LOST = 'NodeLost'

/**
 * Colour class of a pod row, for the UI only (kubectl has no such column):
 * - `done`: STATUS `Completed` or phase `Succeeded` (finished successfully);
 * - `ok`: STATUS `Running` with every container ready;
 * - `pending`: phase `Pending` with a benign waiting STATUS (`Pending`, `ContainerCreating`,
 *   `PodInitializing`, `Init:N/M`, `SchedulingGated`);
 * - `warning`: `Running` but not all ready, `NotReady`, `Terminating`, or anything else unknown;
 * - `error`: phase `Failed`, `Unknown` (node lost), or a failure reason (`CrashLoopBackOff`,
 *   `Error`, `ImagePullBackOff`, `ErrImagePull`, `OOMKilled`, `ExitCode:N`, `Signal:N`,
 *   `Init:<failure>`, `Evicted`, `Create…Error`, …).
 */
export type PodStatusClass = 'ok' | 'warning' | 'error' | 'pending' | 'done'

const PENDING_REASONS = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'SchedulingGated'])
const WARNING_REASONS = new Set(['NotReady', 'Terminating'])

/** The colour class for a STATUS text (see `PodStatusClass`). */
export function podStatusClass(status: string, phase: string, ready: number, total: number): PodStatusClass {
  if (status === 'Completed' || (phase === 'Succeeded' && status === 'Succeeded')) return 'done'
  if (status === 'Running') return ready === total ? 'ok' : 'warning'
  if (PENDING_REASONS.has(status)) return 'pending'
  if (status.startsWith('Init:')) {
    // Init:N/M is progress; Init:<reason> (CrashLoopBackOff, Error, ExitCode:1, …) is a failure.
    const rest = status.slice(5)
    return rest.length > 0 && rest.charCodeAt(0) >= 48 && rest.charCodeAt(0) <= 57 && rest.includes('/') ? 'pending' : 'error'
  }
  if (WARNING_REASONS.has(status)) return 'warning'
  if (phase === 'Failed' || status === 'Unknown') return 'error'
  if (phase === 'Succeeded') return 'done'
  // Any other container reason (CrashLoopBackOff, Error, OOMKilled, ErrImagePull, ExitCode:N, …).
  return 'error'
}

function conditionTrue(conds: readonly ConditionLike[] | undefined, type: string): boolean {
  if (conds) for (const c of conds) if (c.type === type) return c.status === 'True'
  return false
}

/** `hasPodReadyCondition`: any Ready condition that is True. */
function hasPodReady(conds: readonly ConditionLike[] | undefined): boolean {
  if (conds) for (const c of conds) if (c.type === 'Ready' && c.status === 'True') return true
  return false
}

/** Names of restartable (sidecar) init containers, or null when there are none (the common case). */
function sidecarNames(init: InitContainerSpec | undefined): Set<string> | null {
  let out: Set<string> | null = null
  if (init) for (const c of init) if (c.restartPolicy === 'Always') (out ??= new Set()).add(c.name ?? '')
  return out
}

/** Project a pod: READY, STATUS, RESTARTS (+ `extra.lastRestartAt`), AGE and the wide columns. */
export function projectPod(obj: ObjectLike): Projection {
  const pod = obj as PodLike
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  const conds = status.conditions
  const initSpec = spec.initContainers
  const sidecars = sidecarNames(initSpec)

  let restarts = 0
  let sidecarRestarts = 0
  const totalContainers = (spec.containers?.length ?? 0) + (sidecars?.size ?? 0)
  let readyContainers = 0
  // The latest lastState.terminated.finishedAt seen (kept as the apiserver's own text).
  let lastRestart: Stamp = NO_STAMP
  let lastSidecarRestart: Stamp = NO_STAMP

  const phase = status.phase ?? ''
  let reason = status.reason || phase
  if (conds) {
    for (const c of conds) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'
  }

  let initializing = false
  const initStatuses = status.initContainerStatuses
  if (initStatuses) {
    for (let i = 0; i < initStatuses.length; i++) {
      const cs = initStatuses[i]
      const isSidecar = sidecars !== null && sidecars.has(cs.name ?? '')
      const rc = cs.restartCount ?? 0
      restarts += rc
      const finishedAt = cs.lastState?.terminated?.finishedAt
      if (finishedAt) {
        lastRestart = later(lastRestart, finishedAt)
        if (isSidecar) lastSidecarRestart = later(lastSidecarRestart, finishedAt)
      }
      if (isSidecar) sidecarRestarts += rc
      const term = cs.state?.terminated
      const waiting = cs.state?.waiting
      if (term && (term.exitCode ?? 0) === 0) continue
      if (isSidecar && cs.started === true) {
        if (cs.ready) readyContainers++
        continue
      }
      if (term) {
        // Initialization failed.
        if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`
        else reason = 'Init:' + term.reason
      } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
        reason = 'Init:' + waiting.reason
      } else {
        reason = `Init:${i}/${initSpec?.length ?? 0}`
      }
      initializing = true
      break
    }
  }

  if (!initializing || conditionTrue(conds, 'Initialized')) {
    restarts = sidecarRestarts
    lastRestart = lastSidecarRestart
    let hasRunning = false
    const statuses = status.containerStatuses
    if (statuses) {
      for (let i = statuses.length - 1; i >= 0; i--) {
        const cs = statuses[i]
        restarts += cs.restartCount ?? 0
        const finishedAt = cs.lastState?.terminated?.finishedAt
        if (finishedAt) lastRestart = later(lastRestart, finishedAt)
        const st = cs.state
        const term = st?.terminated
        if (st?.waiting && st.waiting.reason) reason = st.waiting.reason
        else if (term && term.reason) reason = term.reason
        else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`
        else if (cs.ready && st?.running) {
          hasRunning = true
          readyContainers++
        }
      }
    }
    // Back to "Running" when at least one container still reports running.
    if (reason === 'Completed' && hasRunning) reason = hasPodReady(conds) ? 'Running' : 'NotReady'
  }

  const deleting = !!pod.metadata?.deletionTimestamp
  if (deleting && status.reason === NODE_LOST) reason = 'Unknown'
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating'

  const ips = status.podIPs
  const ip = (ips && ips.length > 0 ? ips[0].ip : status.podIP) || '<none>'

  let readinessGates = '<none>'
  const gates = spec.readinessGates
  if (gates && gates.length > 0) {
    let trueCount = 0
    for (const g of gates) {
      if (conds) {
        for (const c of conds) {
          if (c.type === g.conditionType) {
            if (c.status === 'True') trueCount++
            break
          }
        }
      }
    }
    readinessGates = `${trueCount}/${gates.length}`
  }

  return {
    cells: {
      ready: `${readyContainers}/${totalContainers}`,
      status: reason,
      restarts,
      age: obj.metadata?.creationTimestamp ?? null,
      ip,
      node: spec.nodeName || '<none>',
      nominatedNode: status.nominatedNodeName || '<none>',
      readinessGates
    },
    extra: {
      phase,
      lastRestartAt: restarts !== 0 && lastRestart.iso !== '' ? lastRestart.iso : null,
      statusClass: podStatusClass(reason, phase, readyContainers, totalContainers)
    }
  }
}

/** A timestamp kept both as text (for the DTO) and as epoch ms (for comparison). */
interface Stamp {
  readonly iso: string
  readonly ms: number
}
/** Go's zero time: before every real timestamp. */
const NO_STAMP: Stamp = { iso: '', ms: -Infinity }

/** `lastRestartDate.Before(&terminatedDate)`: keep the later of the two; unparseable text is ignored. */
function later(cur: Stamp, iso: string): Stamp {
  const ms = parseTime(iso)
  return ms > cur.ms ? { iso, ms } : cur
}
