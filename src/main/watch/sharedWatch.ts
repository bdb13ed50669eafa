/**
 * A shared watch: one reflector + one row store + one delta history, fanned out to every
 * subscriber of one (cluster, kind, namespace) (client-go sharedIndexInformer).
 *
 * Why: however many views show a list, the apiserver sees one list-watch (spec §10). Three
 * parts: the Reflector (owns the upstream loop), the RowStore (uid → row, turns events into
 * effective deltas and relists into diffs) and the subscriber set (each gets a snapshot from the
 * cache once synced, then deltas, synchronously and in order; one throwing never affects the
 * others). Lifecycle: created by the registry on first subscribe and started at once; `add()` /
 * `remove()` per subscriber; `stop()` when the registry's linger timer fires or on engine close.
 * Before the first LIST lands, subscribers wait; a resuming subscriber (`lastEventId`) whose id
 * the history still covers gets only the missed deltas and no snapshot. `onChanged` (the offline
 * cache) hears of every effective change, of losing `live`, and of the stop; it reads the rows
 * later through `offlineSnapshot()`.
 */
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import type { DebugWatch } from '../../shared/dto/wire.ts'
import type { ResourceSource } from '../kube/source.ts'
import type { BackoffOptions } from './backoff.ts'
import { newestEvents } from './eventsOrder.ts'
import { DeltaHistory } from './history.ts'
import { Reflector } from './reflector.ts'
import type { ReflectorHandler } from './reflector.ts'
import { RowStore } from './rowStore.ts'
import type { DeltaType } from './rowStore.ts'
import type { SubscribeOptions, WatchKeyParts, WatchState, WatchSubscriber } from './types.ts'

export interface SharedWatchOptions {
  readonly key: WatchKeyParts
  readonly source: ResourceSource
  readonly livenessMs: number
  readonly historySize: number
  readonly eventsCap: number
  readonly backoff?: Partial<BackoffOptions>
  /** The rows (or the time they were last known good) changed: the offline cache listens. */
  readonly onChanged?: () => void
}

/** One subscriber's place in the fan-out. */
export interface SubscriberSlot {
  readonly sub: WatchSubscriber
  active: boolean
  /** Joined before the first LIST: gets its snapshot (or resume) when it lands. */
  waiting: boolean
  lastEventId?: string
}

export class SharedWatch implements ReflectorHandler {
  readonly key: WatchKeyParts
  private readonly opts: SharedWatchOptions
  private readonly reflector: Reflector
  private readonly store = new RowStore()
  private readonly history: DeltaHistory
  private readonly slots = new Set<SubscriberSlot>()
  private synced = false
  private rv = ''
  private state: WatchState = 'connecting'
  private reason = ''
  /** When the cache was last known to be current (for the polled list's `lastSeen`). */
  private lastGoodAt: number | undefined
  private stopped = false

  constructor(opts: SharedWatchOptions) {
    this.opts = opts
    this.key = opts.key
    this.history = new DeltaHistory(opts.historySize)
    this.reflector = new Reflector({ kind: opts.key.kind, source: opts.source, handler: this, livenessMs: opts.livenessMs, ...(opts.backoff ? { backoff: opts.backoff } : {}) })
  }

  start(): void {
    this.reflector.start()
  }

  stop(): Promise<void> {
    if (!this.stopped && this.state === 'live') this.lastGoodAt = Date.now()
    this.stopped = true
    if (this.synced) this.opts.onChanged?.()
    for (const s of this.slots) s.active = false
    this.slots.clear()
    return this.reflector.stop()
  }

  /** True once the first LIST has landed (the cache can answer without going upstream). */
  get isSynced(): boolean {
    return this.synced
  }

  get subscriberCount(): number {
    return this.slots.size
  }

  /** Add a subscriber; it may be called back synchronously (state, snapshot or missed deltas). */
  add(sub: WatchSubscriber, opts: SubscribeOptions = {}): SubscriberSlot {
    const slot: SubscriberSlot = { sub, active: true, waiting: !this.synced, ...(opts.lastEventId !== undefined ? { lastEventId: opts.lastEventId } : {}) }
    this.slots.add(slot)
    if (sub.onState) this.call(slot, () => sub.onState?.(this.state, this.reason))
    if (this.synced) this.catchUp(slot)
    return slot
  }

  remove(slot: SubscriberSlot): void {
    slot.active = false
    this.slots.delete(slot)
  }

  /** The polled list from the cache (events: newest first, capped). */
  polled(): RowList {
    const stale = this.state === 'reconnecting' || this.state === 'error'
    return {
      items: this.snapshotItems(), resourceVersion: this.rv, stale,
      ...(stale && this.lastGoodAt !== undefined ? { lastSeen: new Date(this.lastGoodAt).toISOString() } : {})
    }
  }

  /** The rows to keep for offline use, once synced; `lastSeen` is now while live. */
  offlineSnapshot(): { items: RowDto[]; resourceVersion: string; lastSeen: string } | undefined {
    if (!this.synced) return undefined
    const at = this.state === 'live' && !this.stopped ? Date.now() : (this.lastGoodAt ?? Date.now())
    return { items: this.snapshotItems(), resourceVersion: this.rv, lastSeen: new Date(at).toISOString() }
  }

  debug(): DebugWatch {
    const { cluster, kind, namespace } = this.key
    return { cluster, kind, namespace, subscribers: this.slots.size, state: this.state, resourceVersion: this.rv, rows: this.store.size }
  }

  // ---- ReflectorHandler ----------------------------------------------------------------------

  onList(rows: Map<string, RowDto>, resourceVersion: string, relistReason: string | undefined): void {
    const deltas = this.store.replace(rows)
    const first = !this.synced
    this.synced = true
    this.rv = resourceVersion
    this.lastGoodAt = Date.now()
    this.history.reset(resourceVersion)
    const snapshot = this.snapshotItems()
    for (const slot of [...this.slots]) {
      if (!slot.active) continue
      if (slot.waiting) { this.catchUp(slot, snapshot); continue }
      if (first) continue
      for (const d of deltas) this.call(slot, () => slot.sub.onDelta(d.type, d.row, resourceVersion))
      this.call(slot, () => slot.sub.onRelist(relistReason ?? 'relisted'))
      this.call(slot, () => slot.sub.onSnapshot(snapshot, resourceVersion))
    }
    this.opts.onChanged?.()
  }

  onEvent(type: DeltaType, row: RowDto, resourceVersion: string): void {
    const d = this.store.apply(type, row)
    const advanced = resourceVersion !== this.rv
    this.rv = resourceVersion
    if (this.state === 'live') this.lastGoodAt = Date.now()
    if (!d) {
      if (advanced) this.history.mark(resourceVersion)
      return
    }
    this.history.push(resourceVersion, d)
    for (const slot of [...this.slots]) {
      if (slot.active && !slot.waiting) this.call(slot, () => slot.sub.onDelta(d.type, d.row, resourceVersion))
    }
    this.opts.onChanged?.()
  }

  onBookmark(resourceVersion: string): void {
    this.rv = resourceVersion
    if (this.state === 'live') this.lastGoodAt = Date.now()
    this.history.mark(resourceVersion)
  }

  onState(state: WatchState, reason: string): void {
    if (this.state === 'live' && state !== 'live') {
      this.lastGoodAt = Date.now()
      if (this.synced) this.opts.onChanged?.()
    }
    this.state = state
    this.reason = reason
    for (const slot of [...this.slots]) {
      if (slot.active && slot.sub.onState) this.call(slot, () => slot.sub.onState?.(state, reason))
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Bring a synced-watch newcomer up to date: missed deltas when covered, else one snapshot. */
  private catchUp(slot: SubscriberSlot, snapshot?: readonly RowDto[]): void {
    slot.waiting = false
    const missed = slot.lastEventId !== undefined ? this.history.since(slot.lastEventId) : undefined
    delete slot.lastEventId
    if (missed) {
      for (const m of missed) this.call(slot, () => slot.sub.onDelta(m.delta.type, m.delta.row, m.rv))
      return
    }
    const items = snapshot ?? this.snapshotItems()
    this.call(slot, () => slot.sub.onSnapshot(items, this.rv))
  }

  private snapshotItems(): RowDto[] {
    const rows = this.store.values()
    return this.key.kind === 'events' ? newestEvents(rows, this.opts.eventsCap) : rows
  }

  /** Call a subscriber; a throw is logged (without data) and never reaches the others. */
  private call(slot: SubscriberSlot, fn: () => void): void {
    if (!slot.active) return
    try {
      fn()
    } catch (err) {
      const { cluster, kind, namespace } = this.key
      console.error(`periscope: a subscriber of ${cluster}/${kind}${namespace ? `/${namespace}` : ''} threw: ${(err as Error)?.message ?? String(err)}`)
    }
  }
}
