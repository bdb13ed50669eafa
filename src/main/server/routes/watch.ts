/**
 * `GET /api/clusters/{cluster}/{kind}/watch`: one SSE stream fed by the shared watch engine.
 *
 * Why: the stream is the product's live path (spec §4). It exists only for enabled kinds (a
 * disabled kind is a 404 indistinguishable from a missing route), counts against the actor's cap
 * (429 at the cap), and resumes from `Last-Event-ID` through the engine.
 * Lifecycle: validate → take a cap slot → send headers → register → subscribe. Whatever ends
 * it (client gone, slow consumer, kind disabled, shutdown, engine error), one idempotent cleanup
 * unsubscribes, frees the slot and unregisters.
 */
import type { IncomingMessage } from 'node:http'
import { constants as h2, Http2ServerResponse } from 'node:http2'
import type { Http2ServerRequest } from 'node:http2'
import type { KindDef } from '../../../shared/kinds/registry.ts'
import type { Subscription } from '../../watch/types.ts'
import type { ServerContext } from '../context.ts'
import { corsHeaders } from '../guards.ts'
import { resLike, sendError, sendNotFound } from '../respond.ts'
import type { Res } from '../respond.ts'
import { SSE_HEADERS, createSseWriter } from '../sseWriter.ts'
import type { SseSink } from '../sseWriter.ts'

/** A resume id longer than this, or with odd characters, is ignored (fresh snapshot instead). */
const LAST_EVENT_ID = /^[\x21-\x7e]{1,128}$/

export interface WatchRequest {
  readonly pathname: string
  readonly cluster: string
  readonly kind: KindDef | undefined
  readonly namespace: string
  readonly actor: string
  readonly query: URLSearchParams
  readonly origin: string | undefined
}

/** Serve one watch stream. */
export function watch(ctx: ServerContext, req: IncomingMessage | Http2ServerRequest, res: Res, w: WatchRequest): void {
  const kind = w.kind
  if (!kind || !ctx.config.isEnabled(kind.id)) return sendNotFound(res, w.pathname)
  if (!ctx.engine.hasCluster(w.cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(w.cluster)}`)
  const got = ctx.limiter.acquire(w.actor)
  if (!got.ok) {
    return sendError(res, 429,
      `too many watch streams for ${w.actor}: ${got.open} open, the per-user limit is ${got.limit}; ` +
      'views fall back to polling (close some views, or raise the limit in settings; 0 = no cap)',
      { 'Retry-After': '5' })
  }
  const r = resLike(res)
  r.writeHead(200, { ...SSE_HEADERS, ...corsHeaders(w.origin) })
  ;(res as { flushHeaders?: () => void }).flushHeaders?.()

  let sub: Subscription | null = null
  let done = false
  const cleanup = (reason: string): void => {
    if (done) return
    done = true
    sub?.close()
    got.slot.release()
    ctx.streams.remove(stream.info.id)
    if (!writer.closed) writer.close(reason)
    if (reason.startsWith('slow consumer')) ctx.log(`stream ${stream.info.id} (${w.cluster}/${kind.id}) closed: ${reason}`)
  }
  const writer = createSseWriter(sinkFor(res), { pingMs: ctx.pingMs, maxBufferedBytes: ctx.maxBufferedBytes, onClose: cleanup })
  const stream = ctx.streams.add((id) => ({
    info: { id, actor: w.actor, cluster: w.cluster, kind: kind.id, namespace: w.namespace, openedAt: new Date().toISOString() },
    close: (reason) => writer.close(reason)
  }))
  r.once('close', () => cleanup('client closed the stream'))
  try {
    const lastEventId = lastEventIdOf(req, w.query)
    sub = ctx.engine.subscribe({ cluster: w.cluster, kind: kind.id, namespace: w.namespace }, {
      onSnapshot: (items, rv) => writer.snapshot(items, rv),
      onPartialSnapshot: (items) => writer.partialSnapshot(items),
      onDelta: (type, row, rv) => writer.delta(type, row, rv),
      onRelist: (reason) => writer.relist(reason)
    }, lastEventId === undefined ? {} : { lastEventId })
    if (done) sub.close()
  } catch (e) {
    ctx.log(`stream ${stream.info.id} (${w.cluster}/${kind.id}) could not subscribe: ${(e as Error).message}`)
    writer.close('subscribe failed')
  }
}

function lastEventIdOf(req: IncomingMessage | Http2ServerRequest, query: URLSearchParams): string | undefined {
  const h = req.headers['last-event-id']
  const v = typeof h === 'string' ? h : query.get('lastEventId') ?? undefined
  return v !== undefined && LAST_EVENT_ID.test(v) ? v : undefined
}

/** Adapt either response type to the writer's sink; HTTP/2 buffers per stream. */
function sinkFor(res: Res): SseSink {
  if (res instanceof Http2ServerResponse) {
    const s = res.stream
    return {
      write: (c) => res.write(c),
      bufferedBytes: () => s.writableLength,
      end: () => { res.end() },
      destroy: () => { if (!s.destroyed) s.close(h2.NGHTTP2_CANCEL) }
    }
  }
  return {
    write: (c) => res.write(c),
    bufferedBytes: () => res.writableLength,
    end: () => { res.end() },
    destroy: () => { res.destroy() }
  }
}
