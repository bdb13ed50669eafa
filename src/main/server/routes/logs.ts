/**
 * `GET /api/clusters/{cluster}/{kind}/objects/{name}/logs`: the log stream of a pod's container, or the
 * merged logs of a workload's pods, a user of the generic SSE channel.
 *
 * Why: same guards, token, Host/Origin checks and per-user cap as the row streams (each open log
 * stream is one stream of the cap and one `/debug/streams` entry of type `logs`), but frames of
 * its own (src/shared/api/logs.ts), an upstream of its own (the engine's `podLog`), and an output
 * that bounds memory and counts what it drops (logs/output.ts). Log streams are not governed by
 * the kinds grammar: `PERISCOPE_WATCH_STREAMS` turns list views' watch streams on and off.
 * Lifecycle: validate (the route table did) → known cluster (404) → open a channel (429 at the
 * cap) → start the pod or workload stream with `Last-Event-ID` → the channel's one cleanup stops
 * it (client gone, slow consumer, shutdown, the container stopped).
 */
import type { Call, ServerContext } from '../context.ts'
import type { Req } from '../respond.ts'
import { sendError } from '../respond.ts'
import { openSseChannel } from '../sse/channel.ts'
import { createLogBudget } from '../logs/budget.ts'
import type { LogBudget } from '../logs/budget.ts'
import { MAX_RESUME_ID, parseResumeId } from '../logs/cursor.ts'
import { createLogOutput } from '../logs/output.ts'
import { startPodStream } from '../logs/podStream.ts'
import { startWorkloadStream } from '../logs/workloadStream.ts'

/** One budget for every log stream of the process (logs/budget.ts says why). */
const sharedBudget: LogBudget = createLogBudget()

/** Serve one log stream. */
export function logs(ctx: ServerContext, call: Call<'logs'>): void {
  const { route, res } = call
  if (!ctx.engine.hasCluster(route.cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(route.cluster)}`)
  const channel = openSseChannel(ctx, {
    res,
    actor: call.actor,
    origin: call.origin,
    info: { type: 'logs', cluster: route.cluster, kind: route.kind.id, namespace: route.namespace, name: route.objectName }
  })
  if (!channel) return
  const out = createLogOutput(channel, ctx.logBudget ?? sharedBudget)
  const lastEventId = resumeIdOf(call.req, call.query)
  const resume = lastEventId === undefined ? undefined : parseResumeId(lastEventId)
  let stop: (() => void) | undefined
  let closed = false
  channel.onClose(() => {
    closed = true
    stop?.()
    out.close()
  })
  const start = route.kind.id === 'pods' ? startPodStream : startWorkloadStream
  start(ctx.engine, route, out, resume).then(
    (s) => {
      if (closed) s()
      else stop = s
    },
    (e: unknown) => {
      ctx.log(`log stream ${channel.id} (${route.cluster}/${route.kind.id}) could not start: ${(e as Error).message}`)
      channel.close('log stream failed to start')
    }
  )
}

function resumeIdOf(req: Req, query: URLSearchParams): string | undefined {
  const h = req.headers['last-event-id']
  const v = typeof h === 'string' ? h : (query.get('lastEventId') ?? undefined)
  return v !== undefined && v.length <= MAX_RESUME_ID ? v : undefined
}
