/**
 * The generic streaming GET of the transport: an EventSource on a stream route of the shared
 * table, with the token, JSON frames, and the generic `state` / final `error` frames decoded.
 *
 * Why: every stream (rows today, logs tomorrow) needs the same four things — a URL built by the
 * shared builder with `?token=` (EventSource cannot send headers), one JSON decoder that drops a
 * malformed frame with a warning instead of throwing in an event handler, the server's final
 * `event: error` told apart from a transport error (a browser delivers both to `onerror`; only
 * the server's carries `data`), and a closed handle that ignores anything still queued.
 * Lifecycle: `openStream(source, handlers)` wires the source; `onFailed` closes it before telling
 * (the server ended the stream on purpose: EventSource must not reconnect); `close()` is
 * idempotent and silences every handler.
 */
import type { StreamErrorData, StreamStateData } from '../../../shared/api/frames.ts'
import { apiPath } from '../../../shared/api/routes.ts'
import type { RouteParams } from '../../../shared/api/routes.ts'
import { connection } from './bridge.ts'

/** The part of EventSource we use (the browser's, or a test fake). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onerror: ((ev: Event) => void) | null
  addEventListener(type: string, fn: (ev: { data: string; lastEventId?: string }) => void): void
  close(): void
}

/** EventSource.CLOSED: the browser gave up (non-200 answer such as 404, 429, 401). */
export const EVENT_SOURCE_CLOSED = 2

/**
 * Absolute URL of a watch stream: with `?token=` when the page has a token (Electron: EventSource
 * cannot send headers), without one in browser mode (the same-origin session cookie goes along).
 * Never log the result.
 */
export function streamUrl(params: Omit<RouteParams['watch'], 'token'>): string {
  const c = connection()
  return c.baseUrl + apiPath('watch', { ...params, ...(c.token ? { token: c.token } : {}) })
}

export interface StreamHandlers {
  /** Named frames (besides `state` and `error`), JSON-decoded, with their `id:` if any. */
  readonly frames: Readonly<Record<string, (data: unknown, id: string | undefined) => void>>
  /** The connection is open (first time, or the browser's own reconnect). */
  onOpen(): void
  /** `event: state`: the upstream watch behind the stream changed state. */
  onState(data: StreamStateData): void
  /** `event: error`: the server ended the stream with a reason; the source is already closed. */
  onFailed(data: StreamErrorData): void
  /** A transport error: `closed` = the browser gave up (non-200), else it reconnects by itself. */
  onDrop(closed: boolean): void
}

export interface StreamHandle {
  close(): void
  readonly closed: boolean
}

/**
 * Wire `source` to `handlers`.
 * @param label names the stream in the warning about a malformed frame (e.g. the kind).
 */
export function openStream(source: EventSourceLike, handlers: StreamHandlers, label: string): StreamHandle {
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    source.onerror = null
    source.onopen = null
    source.close()
  }
  const parse = (data: unknown): unknown => {
    try {
      return JSON.parse(String(data))
    } catch {
      console.warn(`periscope: ignored a malformed ${label} stream frame`)
      return undefined
    }
  }
  for (const [name, fn] of Object.entries(handlers.frames)) {
    source.addEventListener(name, (ev) => {
      if (closed) return
      const data = parse(ev.data)
      if (data !== undefined) fn(data, ev.lastEventId || undefined)
    })
  }
  source.addEventListener('state', (ev) => {
    const data = closed ? undefined : parse(ev.data)
    if (data !== undefined) handlers.onState(data as StreamStateData)
  })
  source.addEventListener('error', (ev) => {
    // Only the server's `event: error` has data; a connection error reaches `onerror` below.
    if (closed || typeof ev?.data !== 'string') return
    const data = parse(ev.data) as StreamErrorData | undefined
    close()
    handlers.onFailed(data ?? { reason: 'the server ended the stream', permanent: false })
  })
  source.onopen = () => {
    if (!closed) handlers.onOpen()
  }
  source.onerror = (ev) => {
    if (closed || typeof (ev as { data?: unknown }).data === 'string') return
    handlers.onDrop(source.readyState === EVENT_SOURCE_CLOSED)
  }
  return {
    close,
    get closed() {
      return closed
    }
  }
}
