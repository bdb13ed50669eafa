/**
 * One log stream's outgoing queue: lines and control frames in order, batched into `lines`
 * frames, held back while the client is behind, bounded in bytes, with drops counted and told.
 *
 * Why: the apiserver can send far faster than a window draws. Lines are read at once (so the
 * apiserver is never stalled and the view stays current); they wait here while the client's
 * socket is full (SINK_HIGH_WATER), never more than PER_STREAM_BYTES per stream and the shared
 * budget in all. A line that does not fit is dropped and counted; the client gets a `dropped`
 * frame at the place the lines went missing. The resume id still moves past dropped lines:
 * they are reported, not re-sent. A line may come without an id (a workload stream writes one
 * id per group of lines, merger.ts): a frame never ends on such a line, so every frame's `id:`
 * covers exactly the lines sent up to it.
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
  | { kind: 'drop'; count: number; id: string }
  | { readonly kind: 'close'; readonly reason: string }

export interface LogOutput {
  /**
   * Queue one line; `id` is the resume id once it is sent, or '' when the next line's id covers
   * this one too (the frame then does not end here).
   */
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
    let batch: LogLine[] = []
    let id = ''
    // Between two ids (a group of lines that one id covers): no frame may end here.
    let open = false
    let dropsHeld = 0
    // What is pending goes out: the report of dropped lines first (never after an id that moves
    // past them: a cut connection must not hide a drop), then the lines, with `upTo` as their id.
    const emit = (upTo: string): void => {
      if (dropsHeld > 0)
        channel.send('dropped', { count: dropsHeld, total: dropped } satisfies LogDroppedData, batch.length === 0 && upTo ? { id: upTo } : undefined)
      dropsHeld = 0
      if (batch.length > 0) channel.send('lines', { lines: batch }, upTo ? { id: upTo } : undefined)
      batch = []
    }
    while (head < queue.length && (open || channel.buffered() <= SINK_HIGH_WATER)) {
      const it = queue[head++]
      if (it.kind === 'line') {
        batch.push(it.line)
        held -= it.bytes
        budget.give(it.bytes)
        open = it.id === ''
        if (open) continue
        id = it.id
        if (dropsHeld > 0 || batch.length >= MAX_BATCH_LINES) emit(id)
      } else if (it.kind === 'drop') {
        // Lines complete before the drop go out with their own id; the report comes next.
        if (!open && dropsHeld === 0) emit(id)
        dropsHeld += it.count
        // The group's last line was dropped: the drop's id ends the group.
        if (it.id) {
          open = false
          id = it.id
          emit(id)
        }
      } else {
        emit(id)
        if (it.kind === 'close') return channel.close(it.reason)
        channel.send(it.event, it.data)
      }
    }
    // A group always ends with an id (merger.ts pushes a whole group at once, and a dropped last
    // line hands its id to the drop), so the queue cannot end inside one.
    emit(id)
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head)
      head = 0
    }
    if (head < queue.length) schedule()
  }

  return {
    push(line, id) {
      if (closed) return
      const bytes = line.m.length + line.t.length + 24
      if (held + bytes > perStream || !budget.take(bytes)) {
        dropped++
        // The drop carries the line's id: a resume does not fetch dropped lines again.
        const last = queue[queue.length - 1]
        if (last?.kind === 'drop' && queue.length > head) {
          last.count++
          if (id) last.id = id
        } else queue.push({ kind: 'drop', count: 1, id })
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
    get dropped() {
      return dropped
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      budget.give(held)
      held = 0
      queue.length = 0
    }
  }
}
