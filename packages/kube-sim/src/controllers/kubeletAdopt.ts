/**
 * The simulated kubelet taking over a pod that was already running (a generated pod handed over
 * to the controllers when a user scaled, restarted, drained or deleted what owns it).
 *
 * Why: a handed-over pod must not restart — its containers keep running with their start times,
 * restart counts and readiness, as a kubelet that restarts would find them. Containers that were
 * waiting (back-off, image pull) or had exited get started again at the next step, as the kubelet
 * retries them. Builds a runtime (kubeletRuntime.ts) from the pod's reported status.
 */
import { STEPS } from './context.ts'
import { failureExit } from './images.ts'
import type { Pace, PodRt } from './kubeletRuntime.ts'
import { newPodRuntime } from './kubeletRuntime.ts'

interface ContainerStatusLike {
  name?: string
  ready?: boolean
  restartCount?: number
  containerID?: string
  state?: { running?: { startedAt?: string }; waiting?: { reason?: string }; terminated?: { exitCode?: number } }
}

/** Whether the pod's status shows containers that ran before this kubelet saw it. */
export function ranBefore(status: Record<string, unknown> | undefined): boolean {
  const cs = (status?.containerStatuses as ContainerStatusLike[] | undefined) ?? []
  return cs.some((c) => c.state?.running !== undefined || c.state?.terminated !== undefined || (c.restartCount ?? 0) > 0)
}

/**
 * A runtime for a pod that already ran, from its status: running containers keep running,
 * the others start again one step from now.
 */
export function adoptPodRuntime(
  pod: { uid: string; name: string; namespace: string },
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  t: number,
  clock: number,
  pace: Pace
): PodRt {
  const rt = newPodRuntime(pod, spec, t, clock, pace)
  const byName = new Map(((status.containerStatuses as ContainerStatusLike[] | undefined) ?? []).map((c) => [c.name ?? '', c]))
  rt.stage = 'main'
  rt.sandboxReady = true
  rt.initIndex = rt.init.length
  for (const c of rt.init) {
    c.state = 'terminated'
    c.reason = 'Completed'
    c.runs = 1
  }
  const podIP = status.podIP
  if (typeof podIP === 'string') rt.podIP = podIP
  for (const c of rt.main) {
    const s = byName.get(c.name)
    c.restarts = s?.restartCount ?? 0
    c.failures = c.restarts
    if (s?.containerID) c.containerID = s.containerID
    const started = Date.parse(s?.state?.running?.startedAt ?? '')
    if (s?.state?.running && Number.isFinite(started)) {
      c.state = 'running'
      c.runs = 1 + c.restarts
      c.startedAt = started
      c.ready = s.ready === true
      c.readyAt = c.ready ? Infinity : t + pace.stepMs
      // A long-running container keeps running; a job's finishes, a failing image's exits (as after a start).
      const failing = failureExit(c.behaviour) !== undefined
      c.nextAt = failing ? t + STEPS.crashRun * pace.stepMs : rt.restartPolicy === 'Always' ? Infinity : t + STEPS.jobRun * pace.stepMs
      continue
    }
    // Waiting or exited: the kubelet tries again.
    c.state = 'waiting'
    c.reason = s?.state?.waiting?.reason ?? 'ContainerCreating'
    c.runs = c.restarts
    c.nextAt = t + pace.stepMs
  }
  return rt
}
