/**
 * A bench child's event-loop delay, asked over IPC (`lag`): the worst and p99 delay since the last
 * ask. Why: a process whose loop stalls stops reading and writing its sockets; an apiserver (and
 * the simulator) then cuts the watch that fell behind, so a storm's misses need both sides' lag.
 * Lifecycle: `startLoopLag()` once at start → `read()` per ask (each read starts a new window).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'

export interface LoopLag {
  readonly maxMs: number
  readonly p99Ms: number
}

/** Start measuring (10 ms resolution); the reader returns the window since the last read. */
export function startLoopLag(): () => LoopLag {
  const h = monitorEventLoopDelay({ resolution: 10 })
  h.enable()
  return () => {
    const r = { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 }
    h.reset()
    return r
  }
}
