/**
 * What `kubectl get pods` prints for a pod: READY, STATUS and RESTARTS.
 *
 * Why: a TypeScript port of the decision logic of `printPod` (kubernetes
 * pkg/printers/internalversion/printers.go, 1.33) so the fixtures in `podStatus.ts` can be checked
 * against the real printer's rules, and so the simulator's `as=Table` output can reuse it.
 * Restartable (sidecar) init containers are handled as in the printer.
 */
import type { KubeObject } from '../types.ts'

/** The printed pod columns. */
export interface PodPrint {
  ready: string
  status: string
  restarts: number
  /** finishedAt of the most recent counted restart, when kubectl appends `(5m ago)`. */
  lastRestart?: string
}

type Obj = Record<string, unknown>
interface CState { waiting?: { reason?: string }, running?: Obj, terminated?: { reason?: string, exitCode?: number, signal?: number, finishedAt?: string } }
interface CStatus { name: string, ready?: boolean, started?: boolean, restartCount?: number, state?: CState, lastState?: CState }

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  b !== undefined && (a === undefined || Date.parse(b) > Date.parse(a)) ? b : a

/** Compute kubectl's READY / STATUS / RESTARTS for a pod object. */
export function kubectlPodStatus(pod: KubeObject): PodPrint {
  const spec = (pod.spec ?? {}) as { containers?: Obj[], initContainers?: { name: string, restartPolicy?: string }[] }
  const status = (pod.status ?? {}) as { phase?: string, reason?: string, conditions?: Obj[], initContainerStatuses?: CStatus[], containerStatuses?: CStatus[] }
  const inits = spec.initContainers ?? []
  const sidecar = new Set(inits.filter((c) => c.restartPolicy === 'Always').map((c) => c.name))
  const total = (spec.containers ?? []).length + sidecar.size
  let ready = 0
  let restarts = 0
  let sidecarRestarts = 0
  let lastRestart: string | undefined
  let lastSidecarRestart: string | undefined
  let reason = status.reason || status.phase || ''
  const conds = status.conditions ?? []
  if (conds.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated'

  let initializing = false
  const ics = status.initContainerStatuses ?? []
  for (let i = 0; i < ics.length; i++) {
    const c = ics[i]
    restarts += c.restartCount ?? 0
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt)
    if (sidecar.has(c.name)) {
      sidecarRestarts += c.restartCount ?? 0
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.terminated?.finishedAt)
    }
    const term = c.state?.terminated
    const wait = c.state?.waiting
    if (term && (term.exitCode ?? 0) === 0) continue
    if (sidecar.has(c.name) && c.started) {
      if (c.ready) ready++
      continue
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`
    else reason = `Init:${i}/${inits.length}`
    initializing = true
    break
  }

  const initializedTrue = conds.some((c) => c.type === 'Initialized' && c.status === 'True')
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts
    lastRestart = lastSidecarRestart
    let hasRunning = false
    const cs = status.containerStatuses ?? []
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]
      restarts += c.restartCount ?? 0
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt)
      const term = c.state?.terminated
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason
      else if (term?.reason) reason = term.reason
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`
      else if (c.ready && c.state?.running) {
        hasRunning = true
        ready++
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conds.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady'
    }
  }

  const deleting = pod.metadata.deletionTimestamp !== undefined
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown'
  else if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating'
  const out: PodPrint = { ready: `${ready}/${total}`, status: reason, restarts }
  if (restarts !== 0 && lastRestart !== undefined) out.lastRestart = lastRestart
  return out
}
