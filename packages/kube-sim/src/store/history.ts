/**
 * The bounded event history that lets a watch resume from a resourceVersion.
 *
 * Why: the real apiserver answers a resume from its watch cache, a ring of recent events; a
 * version older than the ring is "too old" (410 Expired) and the client must relist. This ring
 * is global (one resourceVersion counter for all kinds) and holds `capacity` events.
 * Lifecycle: every store write pushes exactly one event; `expire()` drops everything (fault hook).
 */
import { StoreError } from './types.ts'
import type { StoreEvent } from './types.ts'

export class History {
  private readonly capacity: number
  private readonly ring: (StoreEvent | undefined)[]
  private start = 0
  private size = 0
  /** Every event with rv > floor is still held. */
  private floorRv = 0

  /** @param capacity events kept (at least 1). */
  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity))
    this.ring = new Array<StoreEvent | undefined>(this.capacity)
  }

  /** The newest resourceVersion a watch can no longer resume from. */
  floor(): number {
    return this.floorRv
  }

  push(ev: StoreEvent): void {
    if (this.size === this.capacity) {
      const old = this.ring[this.start]
      this.ring[this.start] = undefined
      this.start = (this.start + 1) % this.capacity
      this.size--
      if (old) this.floorRv = old.rv
    }
    this.ring[(this.start + this.size) % this.capacity] = ev
    this.size++
  }

  /** Forget every event: resuming from any version before `currentRv` becomes 410. */
  expire(currentRv: number): void {
    this.ring.fill(undefined)
    this.start = 0
    this.size = 0
    this.floorRv = currentRv
  }

  /**
   * The events after `rv`, oldest first.
   * @throws StoreError 410 Expired "too old resource version: rv (floor)" when some are gone.
   */
  since(rv: number): StoreEvent[] {
    if (rv < this.floorRv) {
      throw new StoreError(410, 'Expired', `too old resource version: ${rv} (${this.floorRv})`)
    }
    const out: StoreEvent[] = []
    // RVs in the ring are consecutive, so the first wanted event sits at a known offset.
    let i = Math.max(0, rv - this.floorRv)
    for (; i < this.size; i++) {
      const ev = this.ring[(this.start + i) % this.capacity]
      if (ev && ev.rv > rv) out.push(ev)
    }
    return out
  }
}
