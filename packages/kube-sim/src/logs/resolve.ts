/**
 * Which run of which container a log request reads, decided as the real kubelet decides it
 * (`validateContainerLogStatus`), with its exact error words.
 *
 * Why: `kubectl logs` of a CrashLoopBackOff pod shows the run that just crashed; `--previous`
 * the one before; a container still being created answers `container "x" in pod "y" is waiting
 * to start: ContainerCreating`. The answer is the run's identity (its containerID) and a way to
 * read that run's log at any later time (`RunSource`), from the kubelet's record when the
 * simulated kubelet ran it, else from the pod's status (pods the generator animates).
 */
import { appName, podRate, runEnd } from './book.ts'
import type { LogBook } from './book.ts'
import { logStyle } from './content.ts'
import type { RunLog } from './generate.ts'
import { imageBehaviour } from '../controllers/images.ts'

interface TermLike {
  readonly exitCode?: number
  readonly reason?: string
  readonly startedAt?: string
  readonly finishedAt?: string
  readonly containerID?: string
}
interface StateLike {
  readonly waiting?: { readonly reason?: string }
  readonly running?: { readonly startedAt?: string }
  readonly terminated?: TermLike
}
interface StatusLike {
  readonly name?: string
  readonly image?: string
  readonly containerID?: string
  readonly restartCount?: number
  readonly state?: StateLike
  readonly lastState?: StateLike
}
/** The parts of a pod a log request reads. */
export interface PodLike {
  readonly metadata: {
    readonly name?: string
    readonly namespace?: string
    readonly uid?: string
    readonly labels?: Record<string, string>
    readonly annotations?: Record<string, string>
    readonly deletionTimestamp?: string
  }
  readonly spec?: {
    readonly nodeName?: string
    readonly restartPolicy?: string
    readonly containers?: readonly { readonly name: string; readonly image?: string }[]
    readonly initContainers?: readonly { readonly name: string; readonly image?: string }[]
    readonly ephemeralContainers?: readonly { readonly name: string; readonly image?: string }[]
  }
  readonly status?: {
    readonly containerStatuses?: readonly StatusLike[]
    readonly initContainerStatuses?: readonly StatusLike[]
    readonly ephemeralContainerStatuses?: readonly StatusLike[]
  }
}

/** A run's log as it is now (a running run's end appears once it ends); undefined = gone. */
export type RunSource = () => RunLog | undefined

const ms = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN)

function statusOf(pod: PodLike, container: string): { cs: StatusLike; init: boolean } | undefined {
  const st = pod.status
  const find = (list?: readonly StatusLike[]): StatusLike | undefined => list?.find((c) => c.name === container)
  const main = find(st?.containerStatuses)
  if (main) return { cs: main, init: false }
  const init = find(st?.initContainerStatuses)
  if (init) return { cs: init, init: true }
  const eph = find(st?.ephemeralContainerStatuses)
  return eph ? { cs: eph, init: false } : undefined
}

/**
 * The containerID a request reads and which status entry describes it, or the kubelet's error.
 * @returns `{ error }` with the kubelet's words (the apiserver answers them as 400 BadRequest).
 */
export function pickRun(
  pod: PodLike,
  container: string,
  previous: boolean
): { error: string } | { id: string; which: 'running' | 'terminated' | 'last'; cs: StatusLike; init: boolean } {
  const name = pod.metadata.name ?? ''
  const found = statusOf(pod, container)
  if (!found) return { error: `container "${container}" in pod "${name}" is not available` }
  const { cs, init } = found
  const last = cs.lastState?.terminated
  const { waiting, running, terminated } = cs.state ?? {}
  const terminatedErr = { error: `container "${container}" in pod "${name}" is terminated` }
  if (previous) {
    if (!last?.containerID) return { error: `previous terminated container "${container}" in pod "${name}" not found` }
    return { id: last.containerID, which: 'last', cs, init }
  }
  if (running) return { id: cs.containerID ?? '', which: 'running', cs, init }
  if (terminated) {
    if (terminated.containerID) return { id: terminated.containerID, which: 'terminated', cs, init }
    return last?.containerID ? { id: last.containerID, which: 'last', cs, init } : terminatedErr
  }
  if (last) return last.containerID ? { id: last.containerID, which: 'last', cs, init } : terminatedErr
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') return { error: `container "${container}" in pod "${name}" is waiting to start: image can't be pulled` }
    if (waiting.reason === 'ImagePullBackOff')
      return { error: `container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image` }
    return { error: `container "${container}" in pod "${name}" is waiting to start: ${waiting.reason ?? ''}` }
  }
  return { error: `container "${container}" in pod "${name}" is waiting to start - no logs yet` }
}

/** The run `id` of `container` as its status tells (pods without a kubelet record). */
function statusRun(book: LogBook, pod: PodLike, container: string, image: string, init: boolean, id: string): RunLog | undefined {
  const found = statusOf(pod, container)
  if (!found) return undefined
  const { cs } = found
  const restarts = cs.restartCount ?? 0
  const crashes = imageBehaviour(image) === 'crash'
  const base = {
    key: '',
    style: logStyle(image, init, (pod.spec?.restartPolicy ?? 'Always') !== 'Always'),
    app: appName(pod.metadata.labels, pod.metadata.name ?? ''),
    image,
    rate: podRate(pod.metadata.annotations, book.rate)
  }
  const key = (index: number): string => `${book.seed}|${pod.metadata.uid ?? ''}|${container}|${index}`
  const ended = (t: TermLike, index: number): RunLog | undefined => {
    const startMs = ms(t.startedAt)
    if (Number.isNaN(startMs)) return undefined
    const endMs = Math.max(startMs, ms(t.finishedAt) || startMs)
    return { ...base, key: key(index), index, startMs, endMs, end: runEnd(t.reason ?? '', t.exitCode ?? 0, crashes, Boolean(pod.metadata.deletionTimestamp)) }
  }
  if (cs.containerID === id && cs.state?.running) {
    const startMs = ms(cs.state.running.startedAt)
    return Number.isNaN(startMs) ? undefined : { ...base, key: key(restarts), index: restarts, startMs }
  }
  if (cs.state?.terminated?.containerID === id) return ended(cs.state.terminated, restarts)
  if (cs.lastState?.terminated?.containerID === id) return ended(cs.lastState.terminated, Math.max(0, restarts - 1))
  return undefined
}

/**
 * How to read run `id` of `container` from now on: from the kubelet's record when it has the run,
 * else from the pod's status, re-read through `current()` (undefined once the pod is gone).
 */
export function runSource(book: LogBook, uid: string, container: string, id: string, current: () => PodLike | undefined): RunSource | undefined {
  const rec = book.pod(uid)
  const cr = rec?.containers.get(container)
  const run = cr?.runs.find((r) => r.containerID === id)
  if (rec && cr && run) return () => book.runLog(rec, cr, run)
  const pod = current()
  const spec =
    pod && [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find((c) => c.name === container)
  if (!pod || !spec) return undefined
  const init = (pod.spec?.initContainers ?? []).some((c) => c.name === container)
  const image = spec.image ?? ''
  const first = statusRun(book, pod, container, image, init, id)
  if (!first) return undefined
  let lastGood: RunLog = first
  return () => {
    const now = current()
    const next = now ? statusRun(book, now, container, image, init, id) : undefined
    if (next) lastGood = next
    else if (lastGood.endMs === undefined) lastGood = { ...lastGood, endMs: Math.max(lastGood.startMs, Date.now()), end: 'stopped' }
    return lastGood
  }
}
