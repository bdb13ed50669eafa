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
 * A resume (`Last-Event-ID`) starts each container from its own cursor in the id (cursor.ts),
 * and a container the id does not name from its first line: it had passed nothing.
 * When the workload itself is deleted (workloadGone.ts) no new pod is taken on; the stream ends
 * with `end` once every followed pod is gone and read to its end (their last lines are a
 * shutdown's), or after DELETED_GRACE_MS if some are left running (orphaned).
 * Lifecycle: `startWorkloadStream` reads the workload (404 → final `error`), sends `ready`, then
 * subscribes; pods in the first snapshot are followed from their tail (`tailLines`, per
 * container), later pods from their first line. The stop function stops every follower, the
 * timers and both subscriptions.
 */
import type { LogEndData, LogReadyData, LogSource } from '../../../shared/api/logs.ts'
import type { LogRoute } from '../../../shared/api/routes.ts'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { Subscription, WatchEngine } from '../../watch/types.ts'
import { sourceKey } from './cursor.ts'
import type { ResumePoint } from './cursor.ts'
import { Follower } from './follower.ts'
import { Merger } from './merger.ts'
import type { MergeSource } from './merger.ts'
import { FLUSH_MS } from './output.ts'
import type { LogOutput } from './output.ts'
import { fail } from './podStream.ts'
import { workloadSelector } from './selector.ts'
import { logStateReporter } from './upstreamState.ts'
import { watchWorkloadGone } from './workloadGone.ts'

/** Lines per container sent before following, unless the client asks. */
export const DEFAULT_WORKLOAD_TAIL = 1_000
/**
 * Containers one workload stream follows at most (one upstream request each): a 100-pod
 * deployment with a sidecar; beyond it the stream says how many it leaves out.
 */
export const MAX_SOURCES = 200
/**
 * After its workload is deleted, how long a stream waits for the pods' last lines: the default
 * 30 s termination grace period plus garbage collection. Pods still running then were orphaned.
 */
export const DELETED_GRACE_MS = 45_000

interface Followed extends MergeSource {
  readonly follower: Follower
  readonly pod: string
}

interface PodLike {
  readonly spec?: { readonly initContainers?: { name: string }[]; readonly containers?: { name: string }[] }
}

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
  /** Set once the workload is deleted: the time it was. */
  let deletedAt = 0
  let graceTimer: NodeJS.Timeout | undefined

  const finish = (): void => {
    if (stopped) return
    const running = byPod.size
    merger.flush()
    const what = `${kind.kind} ${name} was deleted`
    out.frame('end', {
      reason: running === 0 ? `${what}; the logs of its pods are complete` : `${what}; ${running} of its pods still run (orphaned?) and are no longer followed`
    } satisfies LogEndData)
    out.finish(`${kind.id} ${name} was deleted`)
    stop()
  }

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
    const from = merger.cursorOf(key)
    // A fresh stream takes the tail of the pods it finds and everything of later pods; a resumed
    // one takes each container from its own cursor, or whole when it had passed nothing.
    const first =
      !from && !resume && initial
        ? route.sinceSeconds !== undefined
          ? { sinceSeconds: route.sinceSeconds }
          : { tailLines: route.tailLines ?? DEFAULT_WORKLOAD_TAIL }
        : {}
    const f: Followed = {
      id,
      key,
      pod,
      follower: new Follower({
        engine,
        cluster,
        namespace,
        pod,
        container,
        previous: false,
        first,
        ...(from ? { from } : {}),
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
          if (deletedAt && byPod.size === 0) finish()
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
      if (stopped || deletedAt || byPod.has(row.name)) return
      for (const c of pod.spec?.initContainers ?? []) follow(row.name, c.name, true, initial)
      for (const c of pod.spec?.containers ?? []) follow(row.name, c.name, false, initial)
    } catch (e) {
      if ((e as { status?: number }).status !== 404 && !stopped) out.frame('waiting', { reason: `could not read pod ${row.name}: ${(e as Error).message}` })
    } finally {
      reading.delete(row.name)
    }
  }

  const seen = (row: RowDto, initial: boolean): Promise<void> | undefined => {
    if (!selector.matches(row.labels)) return undefined
    const followed = byPod.get(row.name)
    if (followed) {
      for (const f of followed) f.follower.poke()
      return undefined
    }
    return deletedAt ? undefined : track(row, initial)
  }

  let sub: Subscription | undefined
  try {
    sub = engine.subscribe(
      { cluster, kind: 'pods', namespace },
      {
        onSnapshot: (items) => {
          const initial = !synced
          synced = true
          const reads = items.map((row) => seen(row, initial))
          // A resumed stream forgets the cursors of containers whose pods went meanwhile.
          if (initial && resume) {
            void Promise.allSettled(reads).then(() => {
              const keys = new Set<string>()
              for (const list of byPod.values()) for (const f of list) keys.add(f.key)
              merger.retain(keys)
            })
          }
        },
        onDelta: (type, row) => {
          if (type === 'deleted') for (const f of byPod.get(row.name) ?? []) f.follower.poke()
          else void seen(row, false)
        },
        onRelist: () => undefined,
        onState: (state, reason, detail) => {
          if (state === 'error' && !detail.synced) fail(out, `cannot watch the pods of ${kind.id} "${name}": ${reason}`, detail.status, detail.permanent)
          else if (state === 'live' || state === 'reconnecting') report(state, reason, detail.status)
          else if (state === 'error') report('reconnecting', reason, detail.status)
        }
      }
    )
  } catch (e) {
    fail(out, (e as Error).message, undefined, false)
  }
  const uid = (obj as { metadata?: { uid?: string } }).metadata?.uid ?? ''
  const unwatchWorkload = watchWorkloadGone(engine, { cluster, kind: kind.id, namespace }, name, uid, () => {
    deletedAt = Date.now()
    // Wake every follower: a pod the garbage collector deletes ends its followers at once.
    for (const list of byPod.values()) for (const f of list) f.follower.poke()
    if (byPod.size === 0) finish()
    else graceTimer = setTimeout(finish, DELETED_GRACE_MS)
  })

  function stop(): void {
    if (stopped) return
    stopped = true
    clearInterval(timer)
    if (graceTimer) clearTimeout(graceTimer)
    sub?.close()
    unwatchWorkload()
    for (const list of byPod.values()) for (const f of list) f.follower.stop()
    byPod.clear()
  }
  return stop
}
