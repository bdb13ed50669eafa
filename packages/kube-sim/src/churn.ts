/**
 * The churn driver: applies the seeded churn's write operations at a chosen rate.
 *
 * Why: benchmarks need 20, 500 and 5,000 events/s of realistic writes. A 50 ms tick with a
 * fractional accumulator keeps the long-run rate exact at any value (0.5/s or 5,000/s = 250 ops per
 * tick), and the elapsed time is measured, so a late tick catches up instead of losing events.
 * The same seed gives the same sequence of operations, whatever the rate.
 * Lifecycle: created stopped (rate 0) or running; `setRate` changes it live; `stop` ends it.
 */
import type { SimStore } from './store/store.ts'
import type { ChurnSource } from './types.ts'

/** Tick period: 20 ticks/s keeps bursts small without costing timer overhead. */
const TICK_MS = 50
/** At most this much lag is caught up in one tick, so a long pause cannot cause a huge burst. */
const MAX_CATCH_UP_MS = 1_000

export class ChurnDriver {
  private readonly store: SimStore
  private readonly source: ChurnSource
  private rate = 0
  private acc = 0
  private last = 0
  private timer: NodeJS.Timeout | undefined
  private appliedCount = 0
  private rejectedCount = 0

  constructor(store: SimStore, source: ChurnSource, eventsPerSecond = 0) {
    this.store = store
    this.source = source
    this.setRate(eventsPerSecond)
  }

  /** Change the rate (events/s); 0 pauses. */
  setRate(eventsPerSecond: number): void {
    if (!Number.isFinite(eventsPerSecond) || eventsPerSecond < 0) {
      throw new Error(`churn rate must be a non-negative number of events per second, got ${eventsPerSecond}`)
    }
    this.rate = eventsPerSecond
    if (eventsPerSecond > 0 && !this.timer) {
      this.last = performance.now()
      this.acc = 0
      this.timer = setInterval(() => this.tick(), TICK_MS)
      this.timer.unref()
    } else if (eventsPerSecond === 0 && this.timer) {
      this.stop()
    }
  }

  /** Operations applied and refused so far. */
  stats(): { applied: number; rejected: number; rate: number } {
    return { applied: this.appliedCount, rejected: this.rejectedCount, rate: this.rate }
  }

  /** Apply `n` operations now (also used by tests to step deterministically). */
  step(n: number): void {
    if (n <= 0) return
    for (const op of this.source.next(n)) {
      if (this.store.applyOp(op)) this.appliedCount++
      else {
        this.rejectedCount++
        this.source.rejected(op)
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    const now = performance.now()
    const elapsed = Math.min(now - this.last, MAX_CATCH_UP_MS)
    this.last = now
    this.acc += (this.rate * elapsed) / 1000
    const n = Math.floor(this.acc)
    this.acc -= n
    this.step(n)
  }
}
