/**
 * The merged log stream of a workload (deployment, statefulset, daemonset, replicaset, job): every
 * container of every pod its selector matches, in timestamp order, each line tagged with its
 * source (`source` frames name pod and container), following pods as they come and go.
 *
 * Why: "all pods of a workload, merged" is what users ask peers for. Pods are found through the
 * engine's SHARED pods watch of the namespace (one upstream watch, however many views and log
 * streams use it), never by polling: a pod that appears is read once (its containers) and
 * followed from its start; a pod that changes wakes its waiting followers; a deleted pod's
 * followers end by themselves once its containers have stopped and their last lines are sent.
 * Lifecycle: `startWorkloadStream` reads the workload (404 → final `error`), sends `ready`, then
 * subscribes; pods in the first snapshot are followed from their tail (`tailLines`, per
 * container), later pods from their first line. The stop function stops every follower, the merge
 * timer and the subscription.
 */
import type { LogReadyData, LogSource } from '../../../shared/api/logs.ts'
import { logTimeSecond } from '../../../shared/api/logTime.ts'
import type { LogRoute } from '../../../shared/api/routes.ts'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { Subscription, WatchEngine } from '../../watch/types.ts'
import { resumeGate, sourceKey } from './cursor.ts'
import type { ResumePoint } from './cursor.ts'
import { Follower } from './follower.ts'
import { Merger } from './merger.ts'
import type { MergeSource } from './merger.ts'
import { FLUSH_MS } from './output.ts'
import type { LogOutput } from './output.ts'
import { fail } from './podStream.ts'
import { workloadSelector } from './selector.ts'
import { logStateReporter } from './upstreamState.ts'

/** Lines per container sent before following, unless the client asks. */
export const DEFAULT_WORKLOAD_TAIL = 1_000
/**
 * Containers one workload stream follows at most (one upstream request each): a 100-pod
 * deployment with a sidecar; beyond it the stream says how many it leaves out.
 */
export const MAX_SOURCES = 200

interface Followed extends MergeSource {
  readonly follower: Follower
  readonly pod: string
}

interface PodLike { readonly spec?: { readonly initContainers?: { name: string }[]; readonly containers?: { name: string }[] } }

/** Start the stream. @returns its stop function. */
export async function startWorkloadStream(engine: WatchEngine, route: LogRoute, out: LogOutput, resume: ResumePoint | undefined): Promise<() => void> {
  const { cluster, namespace, objectName: name, kind } = route
  let obj: unknown
  try {
    obj = await engine.getObject({ cluster, kind: kind.id, namespace }, name)
  } catch (e) {
    const status = (e as { status?: number }).status
    fail(out, status === 404 ? `${kind.id} "${name}" not found in namespace "${namespace}"` : (e as Error).message, status, status === 404 || status === 403)
    return () => undefined
  }
  const selector = workloadSelector(obj)
  if (!selector) {
    fail(out, `${kind.id} "${name}" has no selector: it selects no pods`, 400, true)
    return () => undefined
  }
  out.frame('ready', { selector: selector.text, resumed: resume !== undefined } satisfies LogReadyData)
  const merger = new Merger(out, resume)
  const timer = setInterval(() => merger.flush(), FLUSH_MS)
  const report = logStateReporter(out)
  const byPod = new Map<string, Followed[]>()
  const reading = new Set<string>()
  let nextId = 1
  let count = 0
  let leftOut = 0
  let stopped = false
  let synced = false

  const follow = (pod: string, container: string, init: boolean, initial: boolean): void => {
    if (count >= MAX_SOURCES) {
      leftOut++
      out.frame('waiting', { reason: `following ${MAX_SOURCES} containers; ${leftOut} more of this workload are not shown` })
      return
    }
    count++
    const key = sourceKey(pod, container)
    const id = nextId++
    const source: LogSource = { id, pod, container, ...(init ? { init: true } : {}) }
    out.frame('source', { source })
    const own = resume?.lagging.get(key) ?? resume?.at
    const first = own ? { sinceTime: logTimeSecond(own.t) } : initial
      ? route.sinceSeconds !== undefined ? { sinceSeconds: route.sinceSeconds } : { tailLines: route.tailLines ?? DEFAULT_WORKLOAD_TAIL }
      : {}
    const f: Followed = {
      id, key, pod, lagging: false,
      follower: new Follower({
        engine, cluster, namespace, pod, container, key, previous: false, first,
        ...(resume ? { gate: resumeGate(resume, key) } : {}),
        onLines: (lines) => merger.add(f, lines),
        onWaiting: (reason) => out.frame('waiting', { reason, source: id }),
        onUpstream: report,
        onEnded: (now) => {
          if (now.state !== 'gone') return 'next'
          merger.forget(f)
          count--
          const rest = (byPod.get(pod) ?? []).filter((x) => x !== f)
          if (rest.length > 0) byPod.set(pod, rest)
          else byPod.delete(pod)
          return 'stop'
        },
        onFailed: (reason, status) => out.frame('waiting', { reason: `${reason}${status ? ` (${status})` : ''}`, source: id })
      })
    }
    const list = byPod.get(pod) ?? []
    list.push(f)
    byPod.set(pod, list)
    f.follower.start()
  }

  const track = async (row: RowDto, initial: boolean): Promise<void> => {
    if (byPod.has(row.name) || reading.has(row.name)) return
    reading.add(row.name)
    try {
      const pod = (await engine.getObject({ cluster, kind: 'pods', namespace }, row.name)) as PodLike
      if (stopped || byPod.has(row.name)) return
      for (const c of pod.spec?.initContainers ?? []) follow(row.name, c.name, true, initial)
      for (const c of pod.spec?.containers ?? []) follow(row.name, c.name, false, initial)
    } catch (e) {
      if ((e as { status?: number }).status !== 404 && !stopped) out.frame('waiting', { reason: `could not read pod ${row.name}: ${(e as Error).message}` })
    } finally {
      reading.delete(row.name)
    }
  }

  const seen = (row: RowDto, initial: boolean): void => {
    if (!selector.matches(row.labels)) return
    const followed = byPod.get(row.name)
    if (followed) for (const f of followed) f.follower.poke()
    else void track(row, initial)
  }

  let sub: Subscription | undefined
  try {
    sub = engine.subscribe({ cluster, kind: 'pods', namespace }, {
      onSnapshot: (items) => {
        const initial = !synced
        synced = true
        for (const row of items) seen(row, initial)
      },
      onDelta: (type, row) => {
        if (type === 'deleted') for (const f of byPod.get(row.name) ?? []) f.follower.poke()
        else seen(row, false)
      },
      onRelist: () => undefined,
      onState: (state, reason, detail) => {
        if (state === 'error' && !detail.synced) fail(out, `cannot watch the pods of ${kind.id} "${name}": ${reason}`, detail.status, detail.permanent)
        else if (state === 'live' || state === 'reconnecting') report(state, reason, detail.status)
        else if (state === 'error') report('reconnecting', reason, detail.status)
      }
    })
  } catch (e) {
    fail(out, (e as Error).message, undefined, false)
  }
  return () => {
    stopped = true
    clearInterval(timer)
    sub?.close()
    for (const list of byPod.values()) for (const f of list) f.follower.stop()
    byPod.clear()
  }
}
