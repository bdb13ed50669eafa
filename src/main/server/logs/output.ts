/**
 * One log stream's outgoing queue: lines and control frames in order, batched into `lines`
 * frames, held back while the client is behind, bounded in bytes, with drops counted and told.
 *
 * Why: the apiserver can send far faster than a window draws. Lines are read at once (so the
 * apiserver is never stalled and the view stays current); they wait here while the client's
 * socket is full (SINK_HIGH_WATER), never more than PER_STREAM_BYTES per stream and the shared
 * budget in all. A line that does not fit is dropped and counted; the client gets a `dropped`
 * frame at the place the lines went missing. The resume id still moves past dropped lines:
 * they are reported, not re-sent.
 * Lifecycle: created with the channel; `push` and `frame` from the stream's followers; a timer
 * flushes every FLUSH_MS while anything is queued; `close()` returns every reserved byte.
 */
import type { LogDroppedData, LogLine } from '../../../shared/api/logs.ts'
import type { SseChannel } from '../sse/channel.ts'
import type { LogBudget } from './budget.ts'

/** Batching period: a line waits at most this long here (spec §10: write to screen p99 ≤ 150 ms). */
export const FLUSH_MS = 20
/** Bytes the client may have unread before lines wait here instead (well under the writer's 8 MiB slow-consumer bound). */
export const SINK_HIGH_WATER = 512 * 1024
/** Unsent lines one stream may hold: a few seconds of a very busy container. */
export const PER_STREAM_BYTES = 4 * 1024 * 1024
/** Lines per `lines` frame: a frame the renderer parses well inside one animation frame. */
export const MAX_BATCH_LINES = 2_000

type Item =
  | { readonly kind: 'line'; readonly line: LogLine; readonly id: string; readonly bytes: number }
  | { readonly kind: 'frame'; readonly event: string; readonly data: unknown }
  | { kind: 'drop'; count: number }
  | { readonly kind: 'close'; readonly reason: string }

export interface LogOutput {
  /** Queue one line; `id` is the resume id once it is sent. */
  push(line: LogLine, id: string): void
  /** Queue a control frame (after the lines queued so far). */
  frame(event: string, data: unknown): void
  /** Close the channel once everything queued before has been sent. */
  finish(reason: string): void
  /** Lines dropped since the stream opened. */
  readonly dropped: number
  /** Stop flushing and free the reserved bytes (the channel is closing). */
  close(): void
}

/** The output of `channel`, reserving from `budget`. */
export function createLogOutput(channel: SseChannel, budget: LogBudget, perStream = PER_STREAM_BYTES): LogOutput {
  const queue: Item[] = []
  let head = 0
  let held = 0
  let dropped = 0
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const schedule = (): void => {
    if (!timer && !closed) timer = setTimeout(flush, FLUSH_MS)
  }

  function flush(): void {
    timer = undefined
    if (closed || channel.closed) return
    if (channel.buffered() > SINK_HIGH_WATER) return schedule()
    let batch: LogLine[] = []
    let id = ''
    const sendBatch = (): void => {
      if (batch.length > 0) channel.send('lines', { lines: batch }, { id })
      batch = []
    }
    while (head < queue.length && channel.buffered() <= SINK_HIGH_WATER) {
      const it = queue[head++]
      if (it.kind === 'line') {
        batch.push(it.line)
        id = it.id
        held -= it.bytes
        budget.give(it.bytes)
        if (batch.length >= MAX_BATCH_LINES) sendBatch()
      } else {
        sendBatch()
        if (it.kind === 'drop') channel.send('dropped', { count: it.count, total: dropped } satisfies LogDroppedData)
        else if (it.kind === 'close') return channel.close(it.reason)
        else channel.send(it.event, it.data)
      }
    }
    sendBatch()
    if (head > 1024 && head * 2 > queue.length) { queue.splice(0, head); head = 0 }
    if (head < queue.length) schedule()
  }

  return {
    push(line, id) {
      if (closed) return
      const bytes = line.m.length + line.t.length + 24
      if (held + bytes > perStream || !budget.take(bytes)) {
        dropped++
        const last = queue[queue.length - 1]
        if (last?.kind === 'drop' && queue.length > head) last.count++
        else queue.push({ kind: 'drop', count: 1 })
        // The next line's id is past this one: a resume does not fetch dropped lines again.
        schedule()
        return
      }
      held += bytes
      queue.push({ kind: 'line', line, id, bytes })
      schedule()
    },
    frame(event, data) {
      if (closed) return
      queue.push({ kind: 'frame', event, data })
      schedule()
    },
    finish(reason) {
      if (closed) return
      queue.push({ kind: 'close', reason })
      schedule()
    },
    get dropped() { return dropped },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      budget.give(held)
      held = 0
      queue.length = 0
    }
  }
}
