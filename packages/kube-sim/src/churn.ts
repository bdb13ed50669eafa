/**
 * The churn driver: applies the seeded churn's write operations at a chosen rate.
 *
 * Why: benchmarks need 20, 500 and 5,000 events/s of realistic writes. A 50 ms tick with a
 * fractional accumulator keeps the long-run rate exact at any value (0.5/s or 5,000/s = 250 ops per
 * tick), and the elapsed time is measured, so a late tick catches up instead of losing events
 * (within MAX_CATCH_UP_MS, and TICK_BUDGET_MS of work per tick: an unreachable rate is not met).
 * The same seed gives the same sequence of operations, whatever the rate.
 * Lifecycle: created stopped (rate 0) or running; `setRate` changes it live; `stop` ends it.
 */
import type { SimStore } from './store/store.ts'
import type { ChurnSource, KubeObject, SimWriteOp } from './types.ts'

/** The writer tag of the churn's own store writes (the handover ignores them). */
export const CHURN_WRITER = 'churn'

/** Tick period: 20 ticks/s keeps bursts small without costing timer overhead. */
const TICK_MS = 50
/** At most this much lag is caught up in one tick, so a long pause cannot cause a huge burst. */
const MAX_CATCH_UP_MS = 1_000
/** A tick's work stops after this long (the rest stays owed): a simulator that cannot reach the
 * rate asked must still serve its watchers, as an apiserver's writers never block its watchers. */
const TICK_BUDGET_MS = 30
/** Ops applied between two looks at the clock. */
const SLICE_OPS = 25

const touchKey = (kind: string, ns: string, name: string): string => `${kind}\u0000${ns}\u0000${name}`

export class ChurnDriver {
  private readonly store: SimStore
  private readonly source: ChurnSource
  private rate = 0
  private acc = 0
  private last = 0
  private timer: NodeJS.Timeout | undefined
  private appliedCount = 0
  private rejectedCount = 0
  /** Objects (`kind/ns/name`) someone else wrote: the churn's updates merge onto them. */
  private readonly touched = new Set<string>()
  /** Namespaces being deleted: nothing new is created in them (NamespaceLifecycle admission). */
  private readonly terminating = new Set<string>()

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
      // Finish the last step (its queued writes), so a paused world is consistent with itself.
      this.apply(this.source.drain?.() ?? [])
    }
  }

  /** Operations applied and refused so far. */
  stats(): { applied: number; rejected: number; rate: number } {
    return { applied: this.appliedCount, rejected: this.rejectedCount, rate: this.rate }
  }

  /** Apply `n` operations now (also used by tests to step deterministically). */
  step(n: number): void {
    if (n <= 0) return
    this.apply(this.source.next(n))
  }

  /** Apply ops of the churn (tagged as its writes), merging onto objects someone else wrote. */
  apply(ops: readonly SimWriteOp[]): void {
    this.store.as(CHURN_WRITER, () => {
      for (const op of ops) {
        const m = op.object.metadata
        const ns = m.namespace ?? ''
        let ok: boolean
        if (op.op === 'create' && this.terminating.has(ns)) ok = false
        else if (op.op === 'update' && this.touched.has(touchKey(op.kind, ns, m.name ?? ''))) ok = this.mergeUpdate(op)
        else ok = this.store.applyOp(op)
        if (ok) this.appliedCount++
        else {
          this.rejectedCount++
          this.source.rejected(op)
        }
      }
    })
  }

  /** Someone else wrote this object: from now on the churn's updates keep what they wrote. */
  touch(kind: string, ns: string, name: string, touched: boolean): void {
    if (touched) this.touched.add(touchKey(kind, ns, name))
    else this.touched.delete(touchKey(kind, ns, name))
  }

  /** A namespace started (or stopped) terminating. */
  namespaceTerminating(ns: string, terminating: boolean): void {
    if (terminating) this.terminating.add(ns)
    else this.terminating.delete(ns)
  }

  /**
   * The churn's update of an object someone else wrote: everything as stored, except what the
   * churn's simulated kubelet and controllers own — the status, a pod's binding and its
   * graceful-deletion stamp — as a real controller writes only those.
   */
  private mergeUpdate(op: SimWriteOp): boolean {
    const m = op.object.metadata
    const rec = this.store.get(op.kind, m.namespace, m.name ?? '')
    if (!rec) return false
    const cur = this.store.object(rec)
    const next: KubeObject = { ...cur }
    if (op.object.status !== undefined) next.status = op.object.status
    if (op.kind === 'pods') {
      const spec = (cur.spec ?? {}) as Record<string, unknown>
      const want = (op.object.spec ?? {}) as Record<string, unknown>
      if (!spec.nodeName && want.nodeName) next.spec = { ...spec, nodeName: want.nodeName }
      if (m.deletionTimestamp && !cur.metadata.deletionTimestamp) {
        next.metadata = { ...cur.metadata, deletionTimestamp: m.deletionTimestamp, deletionGracePeriodSeconds: m.deletionGracePeriodSeconds }
      }
    }
    if (op.kind === 'events') Object.assign(next, { count: op.object.count, lastTimestamp: op.object.lastTimestamp })
    return this.store.applyOp({ op: 'update', kind: op.kind, object: next })
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    const now = performance.now()
    const elapsed = Math.min(now - this.last, MAX_CATCH_UP_MS)
    this.last = now
    // Ops not applied in an earlier tick are still owed, up to one catch-up window's worth.
    this.acc = Math.min(this.acc + (this.rate * elapsed) / 1000, (this.rate * MAX_CATCH_UP_MS) / 1000 + 1)
    // In slices, for at most TICK_BUDGET_MS: the rest waits for the next tick, so the event loop
    // turns and the watch sockets drain between ticks even when the asked rate is out of reach.
    while (this.acc >= 1 && performance.now() - now < TICK_BUDGET_MS) {
      const n = Math.min(Math.floor(this.acc), SLICE_OPS)
      this.acc -= n
      this.step(n)
    }
  }
}
