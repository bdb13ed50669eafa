/**
 * Bounded delta history of one shared watch, for SSE resume (`Last-Event-ID`).
 *
 * Why: a reconnecting stream that missed a few deltas should get just those, not a 10k-row
 * snapshot. Every resourceVersion a subscriber may have seen as an event id is recorded: the
 * list's RV (the base), each delta's RV, and bookmark RVs (a late snapshot carries the current
 * RV, which may come from a bookmark). `since(id)` answers the deltas after `id`, or undefined
 * when `id` is not covered (too old, from before a relist, or unknown) — then the caller sends a
 * snapshot. RVs are opaque: only compared for equality. Lifecycle: `reset(rv)` after every LIST,
 * `push()` per delta, `mark()` per bookmark.
 */
import type { Delta } from './rowStore.ts'

/** A delta with the resourceVersion it brought the watch to; no delta = a bookmark / base marker. */
export interface HistoryEntry {
  readonly rv: string
  readonly delta?: Delta
}

/** Ring of the last `capacity` entries. */
export class DeltaHistory {
  private readonly capacity: number
  private entries: HistoryEntry[] = []
  /** Index of the oldest live entry in `entries` (we trim in batches to keep push O(1)). */
  private head = 0

  /** @param capacity how many deltas (and markers) to keep; default 1,000. */
  constructor(capacity = 1000) {
    this.capacity = Math.max(1, capacity)
  }

  /** Start over from a list's resourceVersion (earlier ids are no longer covered). */
  reset(rv: string): void {
    this.entries = [{ rv }]
    this.head = 0
  }

  push(rv: string, delta: Delta): void {
    this.add({ rv, delta })
  }

  /**
   * A bookmark (or any RV advance without a delta). Markers are kept, not collapsed: a late
   * subscriber's snapshot may carry a bookmark's RV as its id, and it must stay resumable.
   */
  mark(rv: string): void {
    const last = this.entries[this.entries.length - 1]
    if (last && last.rv === rv) return
    this.add({ rv })
  }

  /** Deltas after `rv`, oldest first ([] when `rv` is current); undefined when not covered. */
  since(rv: string): { rv: string; delta: Delta }[] | undefined {
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      if (this.entries[i].rv !== rv) continue
      const out: { rv: string; delta: Delta }[] = []
      for (let j = i + 1; j < this.entries.length; j++) {
        const e = this.entries[j]
        if (e.delta) out.push({ rv: e.rv, delta: e.delta })
      }
      return out
    }
    return undefined
  }

  /** Live entries (for tests and debugging). */
  get length(): number {
    return this.entries.length - this.head
  }

  private add(e: HistoryEntry): void {
    this.entries.push(e)
    if (this.entries.length - this.head > this.capacity) this.head++
    // Compact once the dead prefix is as large as the live part: amortised O(1) per push.
    if (this.head >= this.capacity) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
  }
}
