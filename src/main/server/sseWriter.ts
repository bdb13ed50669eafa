/**
 * One Server-Sent Events stream to one client: framing, heartbeat, coalescing and backpressure.
 *
 * Why: the wire format is a contract with the renderer (spec §4), byte for byte; a slow client
 * must never make the main process buffer without bound; and a burst of deltas in one tick should
 * cost one socket write, not hundreds.
 * Lifecycle: created after the 200 + SSE headers are sent; frames are queued and flushed once per
 * tick (`setImmediate`); a `: ping` comment goes out every `pingMs`; `close(reason)` (or the
 * slow-consumer check) stops the timers, ends or destroys the sink, and calls `onClose` once.
 */
import type { RowDto } from '../../shared/dto/row.ts'

/** Heartbeat period: under the common 30–60 s proxy idle timeouts (operator guide §7). */
export const PING_INTERVAL_MS = 15_000
/**
 * Unflushed bytes allowed beyond the latest snapshot before the client counts as slow. 8 MiB is
 * thousands of deltas (a pod row is ~300 B): a live client drains that in milliseconds on
 * loopback, a stuck one is closed and resumes with `Last-Event-ID` on its next connection.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/** The exact response headers of a stream (spec §4). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no'
}

/** Where frames go: an HTTP/1.1 response or an HTTP/2 stream. */
export interface SseSink {
  write(chunk: string): boolean
  /** Bytes written but not yet taken by the kernel / the peer's flow-control window. */
  bufferedBytes(): number
  /** Graceful end (server shutdown, kind disabled). */
  end(): void
  /** Hard close (slow consumer): whatever is buffered is dropped. */
  destroy(): void
}

export interface SseWriterOptions {
  readonly pingMs?: number
  readonly maxBufferedBytes?: number
  /** Called once, with why the stream closed. */
  readonly onClose?: (reason: string) => void
}

export interface SseWriter {
  snapshot(items: readonly RowDto[], resourceVersion: string): void
  /**
   * The early rows of a LIST still in progress: a `snapshot` frame with `"resourceVersion":""`,
   * `"partial":true` and **no `id:`**, so the browser's Last-Event-ID never points at a state it
   * cannot resume from. The complete snapshot follows and replaces it.
   */
  partialSnapshot(items: readonly RowDto[]): void
  delta(type: 'added' | 'modified' | 'deleted', row: RowDto, resourceVersion: string): void
  relist(reason: string): void
  /** End the stream (idempotent). */
  close(reason: string): void
  readonly closed: boolean
}

/**
 * Encode one SSE frame. `data` is JSON on one line (JSON.stringify never emits a raw newline).
 * @param id omitted for frames the client must not resume from (relist).
 */
export function encodeFrame(event: string, data: unknown, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${oneLine(id)}\n`
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n${idLine}\n`
}

/** The heartbeat comment frame. */
export const PING_FRAME = ': ping\n\n'

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, '')
}

/**
 * Start writing a stream to `sink`.
 * @returns the writer; the heartbeat timer runs until `close`.
 */
export function createSseWriter(sink: SseSink, opts: SseWriterOptions = {}): SseWriter {
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES
  let queue: string[] = []
  let queuedBytes = 0
  let snapshotBytes = 0
  /** The partial snapshot's size: it may still sit unread when the complete one is queued. */
  let partialBytes = 0
  /**
   * Until the first flush, frames are the stream's initial state: its snapshot, or the missed
   * deltas a resume replays at once. Like a snapshot, they are allowed on top of the bound;
   * otherwise a resume that missed more than the bound is cut at once, every time, forever.
   */
  let initial = true
  let flushScheduled: NodeJS.Immediate | null = null
  let closed = false
  const ping = setInterval(() => enqueue(PING_FRAME), opts.pingMs ?? PING_INTERVAL_MS)
  ping.unref()

  /**
   * A client is slow when what it has not taken exceeds the bound plus the snapshot it is reading
   * (sizes in UTF-16 units, which equal bytes for the mostly-ASCII JSON we send).
   */
  function tooSlow(): boolean {
    return sink.bufferedBytes() + queuedBytes > maxBuffered + snapshotBytes
  }

  /** `snapshot` and `partial` frames are allowed on top of the bound, like a resume's replay. */
  function enqueue(frame: string, kind: 'snapshot' | 'partial' | 'other' = 'other'): void {
    if (closed) return
    if (kind === 'partial') snapshotBytes = partialBytes = frame.length
    else if (kind === 'snapshot') { snapshotBytes = frame.length + partialBytes; partialBytes = 0 }
    else if (initial) snapshotBytes += frame.length
    else if (tooSlow()) return finish('slow consumer: unflushed data exceeded the buffer bound', true)
    queue.push(frame)
    queuedBytes += frame.length
    flushScheduled ??= setImmediate(flush)
  }

  function flush(): void {
    flushScheduled = null
    initial = false
    if (closed || queue.length === 0) return
    const chunk = queue.length === 1 ? queue[0] : queue.join('')
    queue = []
    queuedBytes = 0
    sink.write(chunk)
    if (tooSlow()) finish('slow consumer: unflushed data exceeded the buffer bound', true)
  }

  function finish(reason: string, hard: boolean): void {
    if (closed) return
    closed = true
    clearInterval(ping)
    if (flushScheduled) clearImmediate(flushScheduled)
    flushScheduled = null
    if (hard) {
      queue = []
      sink.destroy()
    } else {
      if (queue.length > 0) sink.write(queue.join(''))
      queue = []
      sink.end()
    }
    opts.onClose?.(reason)
  }

  return {
    snapshot: (items, rv) => enqueue(encodeFrame('snapshot', { items, resourceVersion: rv }, rv), 'snapshot'),
    partialSnapshot: (items) => enqueue(encodeFrame('snapshot', { items, resourceVersion: '', partial: true }), 'partial'),
    delta: (type, row, rv) => enqueue(encodeFrame(type, row, rv)),
    relist: (reason) => enqueue(encodeFrame('relist', { reason })),
    close: (reason) => finish(reason, false),
    get closed() { return closed }
  }
}
