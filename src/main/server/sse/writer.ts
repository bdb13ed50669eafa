/**
 * One Server-Sent Events stream to one client: heartbeat, coalescing and backpressure, for any
 * kind of frame (the row stream's, a future logs stream's).
 *
 * Why: a slow client must never make the main process buffer without bound, and a burst of frames
 * in one tick should cost one socket write, not hundreds. What a frame *means* is the stream
 * user's business; the writer only needs each frame's role for the slow-consumer bound: a
 * `baseline` (a snapshot that replaces the client's state) and a `provisional` baseline (an early
 * partial snapshot) are allowed on top of the bound, an `incremental` frame is not.
 * Lifecycle: created after the 200 + SSE headers are sent; frames are queued and flushed once per
 * tick (`setImmediate`); a `: ping` comment goes out every `pingMs`; `close(reason)` (or the
 * slow-consumer check) stops the timers, ends or destroys the sink, and calls `onClose` once.
 */
import type { BufferBudget } from './budget.ts'
import { PING_FRAME, PING_INTERVAL_MS, encodeFrame } from './framing.ts'
import type { SseSink } from './sink.ts'

export { PING_FRAME, PING_INTERVAL_MS, SSE_HEADERS, encodeFrame } from './framing.ts'
export type { SseSink } from './sink.ts'

/**
 * Unflushed bytes allowed beyond the latest baseline before the client counts as slow. 8 MiB is
 * thousands of deltas (a pod row is ~300 B): a live client drains that in milliseconds on
 * loopback, a stuck one is closed and resumes with `Last-Event-ID` on its next connection.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/** How a frame counts against the slow-consumer bound (see the file comment). */
export type FrameRole = 'baseline' | 'provisional' | 'incremental'

export interface SendOptions {
  /** The frame's `id:` (what the client resumes from); omitted = no id line. */
  readonly id?: string
  /** Default `incremental`. */
  readonly role?: FrameRole
}

export interface SseWriterOptions {
  readonly pingMs?: number
  readonly maxBufferedBytes?: number
  /** The server-wide budget of unflushed bytes (budget.ts); the writer registers with it. */
  readonly budget?: BufferBudget
  /** Called once, with why the stream closed. */
  readonly onClose?: (reason: string) => void
}

/** The frame-level surface every stream user writes to (a writer, or a channel around one). */
export interface SseWriter {
  /** Queue one frame (`data` as one-line JSON); dropped once closed. */
  send(event: string, data: unknown, opts?: SendOptions): void
  /** Queue one frame already encoded by `encodeFrame` (shared by many streams); `opts.id` unused. */
  sendEncoded(frame: string, opts?: SendOptions): void
  /** Flush what is queued and end the stream (idempotent). */
  close(reason: string): void
  readonly closed: boolean
  /**
   * Bytes queued here or written and not yet taken by the client: a stream user that can wait
   * (logs) holds its frames back above a mark, rather than meeting the slow-consumer bound.
   */
  buffered(): number
}

/**
 * Start writing a stream to `sink`.
 * @returns the writer; the heartbeat timer runs until `close`.
 */
export function createSseWriter(sink: SseSink, opts: SseWriterOptions = {}): SseWriter {
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES
  let queue: string[] = []
  let queuedBytes = 0
  let baselineBytes = 0
  /** The provisional baseline's size: it may still sit unread when the complete one is queued. */
  let provisionalBytes = 0
  /**
   * Until the first flush, frames are the stream's initial state: its baseline, or the missed
   * deltas a resume replays at once. Like a baseline, they are allowed on top of the bound;
   * otherwise a resume that missed more than the bound is cut at once, every time, forever.
   */
  let initial = true
  let flushScheduled: NodeJS.Immediate | null = null
  let closed = false
  const ping = setInterval(() => enqueue(PING_FRAME), opts.pingMs ?? PING_INTERVAL_MS)
  ping.unref()
  const unregister = opts.budget?.register({
    unflushed: () => (closed ? 0 : sink.bufferedBytes() + queuedBytes),
    evict: (reason) => finish(reason, true)
  })

  /**
   * A client is slow when what it has not taken exceeds the bound plus the baseline it is reading
   * (sizes in UTF-16 units, which equal bytes for the mostly-ASCII JSON we send).
   */
  function tooSlow(): boolean {
    return sink.bufferedBytes() + queuedBytes > maxBuffered + baselineBytes
  }

  function enqueue(frame: string, role: FrameRole = 'incremental'): void {
    if (closed) return
    if (role === 'provisional') baselineBytes = provisionalBytes = frame.length
    else if (role === 'baseline') {
      baselineBytes = frame.length + provisionalBytes
      provisionalBytes = 0
    } else if (initial) baselineBytes += frame.length
    else if (tooSlow()) return finish('slow consumer: unflushed data exceeded the buffer bound', true)
    queue.push(frame)
    queuedBytes += frame.length
    flushScheduled ??= setImmediate(flush)
    if (role !== 'incremental') opts.budget?.touch(true)
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
    else opts.budget?.touch()
  }

  function finish(reason: string, hard: boolean): void {
    if (closed) return
    closed = true
    unregister?.()
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
    send: (event, data, o = {}) => enqueue(encodeFrame(event, data, o.id), o.role),
    sendEncoded: (frame, o = {}) => enqueue(frame, o.role),
    close: (reason) => finish(reason, false),
    get closed() {
      return closed
    },
    buffered: () => (closed ? 0 : sink.bufferedBytes() + queuedBytes)
  }
}
