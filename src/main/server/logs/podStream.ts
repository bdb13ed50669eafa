/**
 * The log stream of one container of one pod: `ready`, `lines` (id = the resume cursor), `waiting`
 * while the container has no log, and `end` when it stops; then the stream closes.
 *
 * Why: the shape of `kubectl logs -f`, with what a window needs on top: a resume that neither
 * loses nor repeats a line (cursor.ts), honest upstream state, and a stream that waits for a
 * container still being created instead of failing (woken by the shared pods watch of the
 * namespace, not by polling).
 * Lifecycle: `startPodStream` reads the pod (404 → final `error`), picks the container (the one
 * asked, else the `kubectl.kubernetes.io/default-container` annotation, else the first), then runs
 * one follower; the returned stop function (the channel's close hook) stops it and unsubscribes.
 */
import type { LogEndData, LogReadyData } from '../../../shared/api/logs.ts'
import type { LogRoute } from '../../../shared/api/routes.ts'
import type { StreamErrorData } from '../../../shared/api/frames.ts'
import type { Subscription, WatchEngine } from '../../watch/types.ts'
import { advance, resumeCursor, singleId, sourceKey } from './cursor.ts'
import type { Cursor, ResumePoint } from './cursor.ts'
import { Follower, endData } from './follower.ts'
import type { LogOutput } from './output.ts'
import { logStateReporter } from './upstreamState.ts'

/** Lines of a pod's log sent before following, unless the client asks: a screenful of history, not the whole file. */
export const DEFAULT_POD_TAIL = 10_000

interface PodSpecLike {
  readonly metadata?: { readonly annotations?: Record<string, string> }
  readonly spec?: { readonly containers?: { name: string }[]; readonly initContainers?: { name: string }[]; readonly ephemeralContainers?: { name: string }[] }
}

/** The container a request means, or why there is none (the apiserver's words). */
export function pickContainer(pod: unknown, name: string, asked: string): string | { error: string } {
  const p = pod as PodSpecLike
  const all = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? []), ...(p.spec?.ephemeralContainers ?? [])].map((c) => c.name)
  if (asked) return all.includes(asked) ? asked : { error: `container ${asked} is not valid for pod ${name}` }
  const annotated = p.metadata?.annotations?.['kubectl.kubernetes.io/default-container']
  if (annotated && all.includes(annotated)) return annotated
  const first = p.spec?.containers?.[0]?.name
  return first ?? { error: `a container name must be specified for pod ${name}` }
}

/** A failure that ends the stream (`event: error`, then close). */
export function fail(out: LogOutput, reason: string, status: number | undefined, permanent: boolean): void {
  out.frame('error', { reason, ...(status !== undefined ? { status } : {}), permanent } satisfies StreamErrorData)
  out.finish(`log stream failed: ${reason}`)
}

/** Start the stream. @returns its stop function. */
export async function startPodStream(engine: WatchEngine, route: LogRoute, out: LogOutput, resume: ResumePoint | undefined): Promise<() => void> {
  const { cluster, namespace, objectName: pod } = route
  let obj: unknown
  try {
    obj = await engine.getObject({ cluster, kind: 'pods', namespace }, pod)
  } catch (e) {
    const status = (e as { status?: number }).status
    fail(out, status === 404 ? `pods "${pod}" not found in namespace "${namespace}"` : (e as Error).message, status, status === 404 || status === 403)
    return () => undefined
  }
  const container = pickContainer(obj, pod, route.container)
  if (typeof container !== 'string') {
    fail(out, container.error, 400, true)
    return () => undefined
  }
  out.frame('ready', { container, resumed: resume !== undefined } satisfies LogReadyData)
  const from = resumeCursor(resume, sourceKey(pod, container))
  let cursor: Cursor | undefined = from
  const report = logStateReporter(out)
  const follower = new Follower({
    engine,
    cluster,
    namespace,
    pod,
    container,
    previous: route.previous,
    first: route.sinceSeconds !== undefined ? { sinceSeconds: route.sinceSeconds } : { tailLines: route.tailLines ?? DEFAULT_POD_TAIL },
    ...(from ? { from } : {}),
    onLines: (lines) => {
      for (const l of lines) {
        cursor = advance(cursor, l.t)
        out.push({ t: l.t, m: l.m }, singleId(cursor))
      }
    },
    onWaiting: (reason) => out.frame('waiting', { reason }),
    onUpstream: report,
    onEnded: (now) => {
      out.frame('end', (route.previous ? { reason: "the previous run's log is complete" } : endData(now)) satisfies LogEndData)
      out.finish('the container stopped')
      return 'stop'
    },
    onFailed: (reason, status) => fail(out, reason, status, status === 403)
  })
  let sub: Subscription | undefined
  try {
    sub = engine.subscribe(
      { cluster, kind: 'pods', namespace },
      {
        onSnapshot: () => follower.poke(),
        onDelta: (_type, row) => {
          if (row.name === pod) follower.poke()
        },
        onRelist: () => undefined
      }
    )
  } catch {
    /* no pods watch: the follower looks again on its own timer */
  }
  follower.start()
  return () => {
    follower.stop()
    sub?.close()
  }
}
