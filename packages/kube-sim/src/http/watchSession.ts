/**
 * One open watch response: an ordered queue of events written as newline-delimited JSON.
 *
 * Why: the store delivers events synchronously; the socket drains at its own pace. The session
 * writes in order (initial ADDED snapshot, then the initial-events-end BOOKMARK, then live
 * events), one JSON line per event, flushed per write, and waits for 'drain' when the socket is
 * full. A consumer that stops reading while events keep coming is cut off once the backlog passes
 * MAX_BACKLOG_BYTES, so a slow client never grows the simulator's memory without bound.
 * Lifecycle: created open (headers sent) → push()/pump() → ended by timeout (clean end), fault
 * (destroy), backlog overflow (destroy), client close, or server stop. `onClose` runs once.
 */
import type { ServerResponse } from 'node:http'
import type { EventType, Rec } from '../store/types.ts'

/**
 * Queued bytes (events not yet handed to the socket plus the socket's own buffer) past which a
 * watch is ended: ~8,000 pods of 8 KB, far more than a healthy client ever lags.
 */
export const MAX_BACKLOG_BYTES = 64 * 1024 * 1024

/** Bytes handed to the response before the session waits for 'drain' (see pump()). */
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024

/** How a session turns records and bookmarks into lines (JSON or Table). */
export interface WatchEncoder {
  event(type: EventType, rec: Rec): Buffer
  bookmark(rv: number, initialEnd: boolean): Buffer
}

type Item =
  | { readonly t: 'ev'; readonly type: EventType; readonly rec: Rec }
  | { readonly t: 'bookmark'; readonly rv: number }
  | { readonly t: 'raw'; readonly buf: Buffer }
  | { readonly t: 'end' }

export interface SessionOptions {
  readonly res: ServerResponse
  readonly encoder: WatchEncoder
  /** Synthetic ADDED objects to send first (may be empty). */
  readonly initial: Rec[]
  /** When set, a BOOKMARK with `k8s.io/initial-events-end` at this version follows the initial objects. */
  readonly initialEndRv?: number
  /** True while the stall fault is on: nothing is written, not even bookmarks. */
  readonly stalled: () => boolean
  readonly onClose: (s: WatchSession) => void
}

export class WatchSession {
  private readonly o: SessionOptions
  private initialIdx = 0
  private initialEndPending: boolean
  private readonly queue: Item[] = []
  private head = 0
  private queuedBytes = 0
  private waitingDrain = false
  private closed = false
  private readonly timers: NodeJS.Timeout[] = []

  constructor(o: SessionOptions) {
    this.o = o
    this.initialEndPending = o.initialEndRv !== undefined
    o.res.on('close', () => this.finish())
  }

  /** True once the response has ended or been destroyed. */
  isClosed(): boolean {
    return this.closed
  }

  /** Queue a watch event. */
  event(type: EventType, rec: Rec): void {
    this.push({ t: 'ev', type, rec }, rec.json.length)
  }

  /** Queue a BOOKMARK at `rv` (every event up to `rv` is already queued ahead of it). */
  bookmark(rv: number): void {
    this.push({ t: 'bookmark', rv }, 200)
  }

  /** Queue raw bytes (the malformed-line fault, an ERROR event). */
  raw(buf: Buffer): void {
    this.push({ t: 'raw', buf }, buf.length)
  }

  /** Finish cleanly after everything queued so far. */
  endAfterQueue(): void {
    this.push({ t: 'end' }, 0)
  }

  /** Keep a timer that must be cleared when the session closes. */
  addTimer(t: NodeJS.Timeout): void {
    this.timers.push(t)
  }

  /** Cut the connection at once (fault hook, slow consumer). */
  destroy(): void {
    if (this.closed) return
    this.o.res.destroy()
    this.finish()
  }

  /** Write as much as the socket takes. Called after every push and on 'drain' / unstall. */
  pump(): void {
    const res = this.o.res
    while (!this.closed && !this.waitingDrain && !this.o.stalled()) {
      const buf = this.next()
      if (buf === undefined) return
      // Past the stream's 16 KB mark `write` says false, but waiting for 'drain' there moves ~2
      // pods per event-loop turn: under churn at 150k pods a turn takes ~1 s, the socket got ~8
      // events/s while 1,700/s were queued, and the watch was cut for its backlog. An apiserver
      // writes from a goroutine per watcher; the nearest here is a bigger in-socket budget.
      if (!res.write(buf) && res.writableLength >= SOCKET_BUFFER_BYTES) {
        this.waitingDrain = true
        res.once('drain', () => {
          this.waitingDrain = false
          this.pump()
        })
        return
      }
    }
  }

  private push(item: Item, bytes: number): void {
    if (this.closed) return
    this.queue.push(item)
    this.queuedBytes += bytes
    if (this.queuedBytes + this.o.res.writableLength > MAX_BACKLOG_BYTES) {
      this.destroy()
      return
    }
    this.pump()
  }

  /** The next line to write, or undefined when nothing is ready (ending the response on 'end'). */
  private next(): Buffer | undefined {
    const { initial, encoder } = this.o
    if (this.initialIdx < initial.length) {
      const rec = initial[this.initialIdx]
      // Drop the snapshot's reference as we go, so old versions of objects can be collected.
      initial[this.initialIdx++] = undefined as unknown as Rec
      return encoder.event('ADDED', rec)
    }
    if (this.initialEndPending) {
      this.initialEndPending = false
      return encoder.bookmark(this.o.initialEndRv as number, true)
    }
    if (this.head >= this.queue.length) return undefined
    const item = this.queue[this.head]
    this.queue[this.head++] = undefined as unknown as Item
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    switch (item.t) {
      case 'ev':
        this.queuedBytes -= item.rec.json.length
        return encoder.event(item.type, item.rec)
      case 'bookmark':
        this.queuedBytes -= 200
        return encoder.bookmark(item.rv, false)
      case 'raw':
        this.queuedBytes -= item.buf.length
        return item.buf
      case 'end':
        this.o.res.end()
        this.finish()
        return undefined
    }
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.length = 0
    this.queue.length = 0
    this.o.onClose(this)
  }
}
