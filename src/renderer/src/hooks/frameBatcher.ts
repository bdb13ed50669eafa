/**
 * Buffers stream deltas and applies them once per animation frame, for all lists at once.
 *
 * Why: per-event dispatch costs ~18 µs in Chromium and every zustand setState runs every
 * selector; at 5,000 events/s that is a stalled UI. One flush per frame (~16 ms) with one
 * setState keeps the cost per row at a few µs (performance-notes §4.3, §4.6).
 * Lifecycle: `push` schedules a flush if none is pending; the flush hands every list's buffered
 * ops to `apply` in arrival order; `drop` forgets a list's pending ops (its snapshot replaced
 * them, or its view closed).
 */
import type { DeltaOp } from '../stores/listStore.ts'

/** Hidden windows get no animation frames: flush on a timer instead, this often at the latest. */
const HIDDEN_FLUSH_MS = 100

export type Schedule = (fn: () => void) => () => void

/** requestAnimationFrame, with a timer fallback for hidden pages (whichever comes first). */
export const frameSchedule: Schedule = (fn) => {
  let done = false
  const run = (): void => {
    if (!done) {
      done = true
      cancelAnimationFrame(raf)
      clearTimeout(timer)
      fn()
    }
  }
  const raf = requestAnimationFrame(run)
  const timer = setTimeout(run, HIDDEN_FLUSH_MS)
  return () => {
    done = true
    cancelAnimationFrame(raf)
    clearTimeout(timer)
  }
}

export interface FrameBatcher {
  push(key: string, op: DeltaOp): void
  drop(key: string): void
  /** Apply everything buffered now (also used by tests). */
  flush(): void
  /** Ops waiting for the next frame (for tests and debug). */
  pending(): number
}

/**
 * @param apply receives each list's ops in arrival order, once per frame.
 * @param schedule the frame clock (injectable for tests).
 */
export function createFrameBatcher(apply: (batches: ReadonlyMap<string, readonly DeltaOp[]>) => void, schedule: Schedule): FrameBatcher {
  let buffer = new Map<string, DeltaOp[]>()
  let cancel: (() => void) | null = null
  let count = 0
  const flush = (): void => {
    cancel?.()
    cancel = null
    if (count === 0) return
    const batches = buffer
    buffer = new Map()
    count = 0
    apply(batches)
  }
  return {
    push(key, op) {
      let ops = buffer.get(key)
      if (!ops) {
        ops = []
        buffer.set(key, ops)
      }
      ops.push(op)
      count++
      if (!cancel) cancel = schedule(flush)
    },
    drop(key) {
      const ops = buffer.get(key)
      if (ops) {
        count -= ops.length
        buffer.delete(key)
      }
    },
    flush,
    pending: () => count
  }
}
