/**
 * A generic SSE channel: everything a stream route needs that is not its frames — the actor's cap
 * slot, the 200 + SSE headers, the writer (framing, heartbeat, backpressure), the `/debug/streams`
 * entry, and one idempotent cleanup.
 *
 * Why: the row stream (routes/watch.ts) is the first user; a logs stream will be the second, and
 * must be "open a channel, write frames", not a copy of the plumbing. Every stream counts against
 * the per-user cap, shows in `/debug/streams`, is closed by shutdown and settings, and frees its
 * slot exactly once whatever ends it.
 * Lifecycle: `openSseChannel` takes a slot (or answers 429 and returns null) → sends headers →
 * creates the writer → registers. Whatever ends it (client gone, slow consumer, the user's
 * `close`, `closeWhere`/`closeAll` of the registry), the cleanup runs once: the user's `onClose`
 * hooks (unsubscribe upstream) first, then the slot and the registry entry are released.
 */
import type { DebugStream } from '../../../shared/api/wire.ts'
import type { ServerContext } from '../context.ts'
import { corsHeaders } from '../guards.ts'
import { resLike, sendError } from '../respond.ts'
import type { Res } from '../respond.ts'
import { SSE_HEADERS } from './framing.ts'
import { sinkFor } from './sink.ts'
import { createSseWriter } from './writer.ts'
import type { SendOptions, SseWriter } from './writer.ts'

export interface ChannelRequest {
  readonly res: Res
  /** Who the stream counts against (the cap is per actor). */
  readonly actor: string
  /** The request's Origin, echoed by CORS when allowed. */
  readonly origin: string | undefined
  /** What `/debug/streams` shows (ids only, never a URL or token). */
  readonly info: Omit<DebugStream, 'id' | 'openedAt' | 'actor'>
}

export interface SseChannel extends SseWriter {
  /** The registry id (`s<n>`), for log lines. */
  readonly id: string
  /** Run `fn` once when the channel closes, whatever closed it (before the slot is freed). */
  onClose(fn: (reason: string) => void): void
}

/**
 * Open a channel on `r.res`.
 * @returns the channel, or null when the actor is at the cap (a 429 has been sent).
 */
export function openSseChannel(ctx: ServerContext, r: ChannelRequest): SseChannel | null {
  const got = ctx.limiter.acquire(r.actor)
  if (!got.ok) {
    sendError(
      r.res,
      429,
      `too many watch streams for ${r.actor}: ${got.open} open, the per-user limit is ${got.limit}; ` +
        'views fall back to polling (close some views, or raise the limit in settings; 0 = no cap)',
      { 'Retry-After': '5' }
    )
    return null
  }
  const res = resLike(r.res)
  res.writeHead(200, { ...SSE_HEADERS, ...corsHeaders(r.origin) })
  ;(r.res as { flushHeaders?: () => void }).flushHeaders?.()

  const hooks: ((reason: string) => void)[] = []
  let done = false
  const cleanup = (reason: string): void => {
    if (done) return
    done = true
    for (const fn of hooks.splice(0)) {
      try {
        fn(reason)
      } catch (e) {
        ctx.log(`stream ${id} close hook failed: ${(e as Error).message}`)
      }
    }
    got.slot.release()
    ctx.streams.remove(id)
    if (!writer.closed) writer.close(reason)
    if (reason.startsWith('slow consumer')) ctx.log(`stream ${id} (${r.info.cluster}/${r.info.kind}) closed: ${reason}`)
  }
  const writer = createSseWriter(sinkFor(r.res), {
    pingMs: ctx.pingMs,
    maxBufferedBytes: ctx.maxBufferedBytes,
    ...(ctx.budget ? { budget: ctx.budget } : {}),
    onClose: cleanup
  })
  const { id } = ctx.streams.add((sid) => ({
    info: { id: sid, actor: r.actor, ...r.info, openedAt: new Date().toISOString() },
    close: (reason) => writer.close(reason)
  })).info
  res.once('close', () => cleanup('client closed the stream'))
  return {
    id,
    send: (event: string, data: unknown, opts?: SendOptions) => writer.send(event, data, opts),
    sendEncoded: (frame: string, opts?: SendOptions) => writer.sendEncoded(frame, opts),
    close: (reason: string) => writer.close(reason),
    get closed() {
      return writer.closed
    },
    buffered: () => writer.buffered(),
    onClose(fn) {
      if (done) fn('already closed')
      else hooks.push(fn)
    }
  }
}
