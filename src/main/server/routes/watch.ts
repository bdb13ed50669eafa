/**
 * `GET /api/clusters/{cluster}/{kind}/watch`: the row stream, a user of the generic SSE channel
 * fed by the shared watch engine.
 *
 * Why: the stream is the product's live path (spec §4). It exists only for enabled kinds (a
 * disabled kind is a 404 indistinguishable from a missing route), counts against the actor's cap
 * (the channel answers 429 at the cap; so does the route when the upstream watch ceilings refuse
 * a new watch), and resumes from `Last-Event-ID` through the engine. It
 * tells its client the truth about the upstream: `state` frames when the upstream watch changes
 * state, and when the watch fails before its first snapshot (403 listing pods), a final `error`
 * frame with the reason and the upstream status, then the end of the stream (sse/upstream.ts).
 * Lifecycle: validate → open a channel (slot, headers, registry) → subscribe. Whatever ends it
 * (client gone, slow consumer, kind disabled, shutdown, upstream failure), the channel's one
 * cleanup unsubscribes, frees the slot and unregisters.
 */
import type { Subscription } from '../../watch/types.ts'
import type { Call, ServerContext } from '../context.ts'
import type { Req } from '../respond.ts'
import { sendError, sendNotFound } from '../respond.ts'
import { openSseChannel } from '../sse/channel.ts'
import { upstreamReporter } from '../sse/upstream.ts'
import { rowFrames } from './rowFrames.ts'
import { routeKind } from './routeKind.ts'
import { isCustomToken } from '../../../shared/kinds/custom.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'

/** A resume id longer than this, or with odd characters, is ignored (fresh snapshot instead). */
const LAST_EVENT_ID = /^[\x21-\x7e]{1,128}$/

/** Serve one watch stream. */
export async function watch(ctx: ServerContext, call: Call<'watch'>): Promise<void> {
  const { res } = call
  if (!(call.route.kind ? ctx.config.isEnabled(call.route.kind.id) : isCustomToken(call.route.kindToken) && ctx.config.isEnabled(call.route.kindToken)))
    return sendNotFound(res, call.pathname)
  if (!ctx.engine.hasCluster(call.route.cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(call.route.cluster)}`)
  // A custom kind exists only where the cluster's discovery serves it (routeKind.ts).
  let resolved
  try {
    resolved = await routeKind(ctx, call.route)
  } catch (e) {
    return sendError(res, 502, `discovery of cluster ${JSON.stringify(call.route.cluster)} failed: ${(e as Error).message}`)
  }
  if (!resolved.ok) return resolved.error ? sendError(res, 404, resolved.error) : sendNotFound(res, call.pathname)
  const kind = resolved.kind
  const w = { cluster: call.route.cluster, namespace: resolved.namespace }
  const columns = (): readonly ColumnDef[] | undefined => (isCustomToken(kind.id) ? ctx.engine.columnsOf?.(w.cluster, kind.id) : undefined)
  const refused = ctx.engine.refusal?.({ cluster: w.cluster, kind: kind.id, namespace: w.namespace })
  if (refused) return sendError(res, 429, refused, { 'Retry-After': '5' })
  const channel = openSseChannel(ctx, {
    res,
    actor: call.actor,
    origin: call.origin,
    info: { type: 'rows', cluster: w.cluster, kind: kind.id, namespace: w.namespace }
  })
  if (!channel) return
  const out = rowFrames(channel)
  let sub: Subscription | null = null
  channel.onClose(() => sub?.close())
  try {
    const lastEventId = lastEventIdOf(call.req, call.query)
    sub = ctx.engine.subscribe(
      { cluster: w.cluster, kind: kind.id, namespace: w.namespace },
      {
        onSnapshot: (items, rv) => out.snapshot(items, rv, columns()),
        onPartialSnapshot: (items, progress) => out.partialSnapshot(items, progress),
        onDelta: (type, row, rv) => out.delta(type, row, rv),
        onRelist: (reason) => out.relist(reason),
        onState: upstreamReporter(out),
        onScope: (scope) => out.scope(scope)
      },
      lastEventId === undefined ? {} : { lastEventId }
    )
    // Closed while subscribing (a watch that had already failed answers at once): let go now.
    if (channel.closed) sub.close()
  } catch (e) {
    ctx.log(`stream ${channel.id} (${w.cluster}/${kind.id}) could not subscribe: ${(e as Error).message}`)
    channel.close('subscribe failed')
  }
}

function lastEventIdOf(req: Req, query: URLSearchParams): string | undefined {
  const h = req.headers['last-event-id']
  const v = typeof h === 'string' ? h : (query.get('lastEventId') ?? undefined)
  return v !== undefined && LAST_EVENT_ID.test(v) ? v : undefined
}
