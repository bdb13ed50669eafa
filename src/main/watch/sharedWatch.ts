/**
 * A shared watch: one reflector + one row store + one delta history, fanned out to every
 * subscriber of one (cluster, kind, namespace) (client-go sharedIndexInformer).
 *
 * Why: however many views show a list, the apiserver sees one list-watch (spec §10). Three
 * parts: the Reflector (owns the upstream loop), the RowStore (uid → row, turns events into
 * effective deltas and relists into diffs) and the subscriber set (each gets a snapshot from the
 * cache once synced, then deltas, synchronously and in order; one throwing never affects the
 * others); a relist reaches subscribers as `onRelist` then the fresh snapshot, never as deltas.
 * Every state change goes to every subscriber with a `StateDetail` (synced yet, HTTP status,
 * permanent or not, last good time). Lifecycle: created by the registry on first subscribe and
 * started at once; `add()` / `remove()` per subscriber; `stop()` when the registry's linger timer fires or on engine close.
 * Before the first LIST lands, subscribers wait; while that first LIST pages, each waiting
 * subscriber that takes them gets early partial snapshots of the rows so far (target T2:
 * first rows after one page, not after the whole list) with the LIST's progress (rows listed,
 * and of how many when the apiserver's `remainingItemCount` tells), deferred a turn so a
 * one-page list sends none, and built at most once a second for all of them (see PARTIAL_*):
 * the first after page one, then one a second while the LIST goes on, so a view can count. A resuming subscriber
 * (`lastEventId`) whose id the history still covers gets only the missed deltas and no
 * snapshot (and never a partial). `onChanged` (the offline cache) hears of every effective
 * change, of losing `live`, and of the stop; it reads the rows later through `offlineSnapshot()`.
 */
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import type { DebugWatch } from '../../shared/api/wire.ts'
import type { ResourceSource } from '../kube/source.ts'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { isCustomToken } from '../../shared/kinds/custom.ts'
import type { BackoffOptions } from './backoff.ts'
import { newestEvents } from './eventsOrder.ts'
import { DeltaHistory } from './history.ts'
import { Reflector } from './reflector.ts'
import type { Failure, ReflectorHandler } from './reflector.ts'
import { RowStore } from './rowStore.ts'
import type { DeltaType } from './rowStore.ts'
import type { StateDetail, SubscribeOptions, WatchKeyParts, WatchState, WatchSubscriber } from './types.ts'

/**
 * An early (partial) snapshot holds at most this many rows, the first listed: more than a screen
 * and a LIST page (500), yet ~0.5 MB of JSON at most, so its copy and its extra bytes stay small
 * next to the complete snapshot that follows, even at 150k rows.
 */
export const PARTIAL_MAX_ROWS = 2_000
/**
 * After one partial snapshot went out, the next waits at least this long: a 10 s LIST costs one
 * small copy a second at most (≤ PARTIAL_MAX_ROWS rows, however many subscribers wait), and a
 * view's "N of M rows arrived" still moves every second.
 */
export const PARTIAL_MIN_INTERVAL_MS = 1_000
/** How long one snapshot array is shared by subscribers asking for it while nothing changes. */
const SNAPSHOT_SHARE_MS = 1_000

export interface SharedWatchOptions {
  readonly key: WatchKeyParts
  readonly source: ResourceSource
  readonly livenessMs: number
  readonly historySize: number
  readonly backoff?: Partial<BackoffOptions>
  /** Whether a sync may use a WatchList now (watchList.ts); absent = the paged LIST. */
  readonly watchList?: () => boolean
  /** Custom kinds: the Table-row projector (tableRows.ts); built-in kinds use the registry's. */
  readonly project?: (obj: ObjectLike) => RowDto
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
  /** Set while the kind is not served (setGone). */
  private goneReason: string | undefined
  /**
   * The snapshot array, shared by every subscriber that asks while the rows are unchanged (80
   * streams joining at once get one array, and the server encodes it once), kept at most
   * SNAPSHOT_SHARE_MS: the encoded frame it keys is megabytes.
   */
  private items?: RowDto[]
  private itemsTimer?: NodeJS.Timeout
  private readonly history: DeltaHistory
  private readonly slots = new Set<SubscriberSlot>()
  private synced = false
  private rv = ''
  private state: WatchState = 'connecting'
  private reason = ''
  /** The error behind a `reconnecting`/`error` state (undefined while connecting or live). */
  private failure: Failure | undefined
  /** When the current `error` began (for the cluster's per-kind problems). */
  private errorSince: number | undefined
  /** When the cache was last known to be current (for the polled list's `lastSeen`). */
  private lastGoodAt: number | undefined
  private stopped = false
  /** A partial snapshot scheduled for the next turn (cancelled when the LIST lands first). */
  private partialTimer: NodeJS.Immediate | undefined
  private lastPartialAt: number | undefined
  /** The latest page's `remainingItemCount` during the first LIST (undefined: not told). */
  private listRemaining: number | undefined

  constructor(opts: SharedWatchOptions) {
    this.opts = opts
    this.key = opts.key
    this.history = new DeltaHistory(opts.historySize)
    this.reflector = new Reflector({
      kind: opts.key.kind,
      source: opts.source,
      handler: this,
      livenessMs: opts.livenessMs,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.project ? { project: opts.project } : {}),
      ...(opts.watchList ? { watchList: opts.watchList } : {})
    })
  }

  start(): void {
    this.reflector.start()
  }

  stop(): Promise<void> {
    if (!this.stopped && this.state === 'live') this.lastGoodAt = Date.now()
    this.stopped = true
    this.cancelPartial()
    this.dropItems()
    if (this.synced) this.opts.onChanged?.()
    for (const s of this.slots) s.active = false
    this.slots.clear()
    return this.reflector.stop()
  }

  /**
   * The kind left the cluster's discovery (its CRD was deleted; the apiserver deleted its objects
   * first, so the rows are already gone): every subscriber is told why, and later failures of
   * the reflector (the apiserver's bare 404) keep this reason. `undefined` = served again: the
   * reflector retries at once instead of waiting out the slow retry of a 404.
   */
  setGone(reason: string | undefined): void {
    if (this.stopped || this.goneReason === reason) return
    this.goneReason = reason
    if (reason !== undefined) this.onState('error', reason, { status: 404, permanent: true, kindLevel: true })
    else this.reflector.retryNow()
  }

  /** Cut the reflector's backoff wait short (see `Reflector.retryNow`). */
  retryNow(): boolean {
    return !this.stopped && this.reflector.retryNow()
  }

  /** Drop the connection and start over from a LIST (see `Reflector.relist`). */
  relist(reason: string): boolean {
    if (this.stopped) return false
    this.reflector.relist(reason)
    return true
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
    if (sub.onState) {
      const detail = this.detail()
      this.call(slot, () => sub.onState?.(this.state, this.reason, detail))
    }
    if (this.synced) this.catchUp(slot)
    return slot
  }

  remove(slot: SubscriberSlot): void {
    slot.active = false
    this.slots.delete(slot)
  }

  /** The polled list from the cache (events: newest first). */
  polled(): RowList {
    const stale = this.state === 'reconnecting' || this.state === 'error'
    return {
      items: this.snapshotItems(),
      resourceVersion: this.rv,
      stale,
      ...(stale && this.lastGoodAt !== undefined ? { lastSeen: new Date(this.lastGoodAt).toISOString() } : {})
    }
  }

  /** The rows to keep for offline use, once synced; `lastSeen` is now while live. */
  offlineSnapshot(): { items: RowDto[]; resourceVersion: string; lastSeen: string } | undefined {
    if (!this.synced) return undefined
    const at = this.state === 'live' && !this.stopped ? Date.now() : (this.lastGoodAt ?? Date.now())
    return { items: this.snapshotItems(), resourceVersion: this.rv, lastSeen: new Date(at).toISOString() }
  }

  /**
   * The per-kind problem this watch is (an `error` the apiserver gave for this collection only,
   * e.g. 403), for the cluster list; undefined when it has none.
   */
  problem(): { reason: string; status?: number; since: string } | undefined {
    if (this.state !== 'error' || !this.failure?.kindLevel) return undefined
    const { status } = this.failure
    return { reason: this.reason, ...(status !== undefined ? { status } : {}), since: new Date(this.errorSince ?? Date.now()).toISOString() }
  }

  debug(): DebugWatch {
    const { cluster, kind, namespace } = this.key
    const note = this.reflector.watchListNote
    return {
      cluster,
      kind,
      namespace,
      subscribers: this.slots.size,
      state: this.state,
      resourceVersion: this.rv,
      rows: this.store.size,
      ...(note ? { watchList: note } : {}),
      watchesOpened: this.reflector.watchesOpened,
      ...(this.reflector.lastWatchEnd ? { lastWatchEnd: this.reflector.lastWatchEnd } : {})
    }
  }

  // ---- ReflectorHandler ----------------------------------------------------------------------

  onList(rows: Map<string, RowDto>, resourceVersion: string, relistReason: string | undefined): void {
    this.cancelPartial()
    this.store.replace(rows, isCustomToken(this.key.kind))
    this.dropItems()
    const first = !this.synced
    this.synced = true
    this.rv = resourceVersion
    this.lastGoodAt = Date.now()
    this.history.reset(resourceVersion)
    const snapshot = this.snapshotItems()
    for (const slot of [...this.slots]) {
      if (!slot.active) continue
      if (slot.waiting) {
        this.catchUp(slot, snapshot)
        continue
      }
      if (first) continue
      // A relist is `relist` + the fresh snapshot, never deltas first: the client replaces its rows
      // with the snapshot anyway, so a burst of synthesized deltas would only cost it a frame of
      // churn (and bytes on a slow link) before the same result.
      this.call(slot, () => slot.sub.onRelist(relistReason ?? 'relisted'))
      this.call(slot, () => slot.sub.onSnapshot(snapshot, resourceVersion))
    }
    this.opts.onChanged?.()
  }

  onListProgress(rowsSoFar: ReadonlyMap<string, RowDto>, remaining?: number): void {
    if (this.synced || this.stopped) return
    // The latest page's count wins (also for a send already scheduled this turn).
    this.listRemaining = remaining
    if (this.partialTimer) return
    if (this.lastPartialAt !== undefined && Date.now() - this.lastPartialAt < PARTIAL_MIN_INTERVAL_MS) return
    if (![...this.slots].some((slot) => this.wantsPartial(slot))) return
    // Deferred a turn: when this page was the last, `onList` lands first and cancels it, so a
    // one-page list sends only its complete snapshot.
    this.partialTimer = setImmediate(() => {
      this.partialTimer = undefined
      this.sendPartial(rowsSoFar)
    })
  }

  onEvent(type: DeltaType, row: RowDto, resourceVersion: string): void {
    const d = this.store.apply(type, row)
    if (d) this.dropItems()
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

  onState(state: WatchState, reason: string, failure?: Failure): void {
    if (state === 'error' && this.goneReason !== undefined) reason = this.goneReason
    if (this.state === 'live' && state !== 'live') {
      this.lastGoodAt = Date.now()
      if (this.synced) this.opts.onChanged?.()
    }
    if (state === 'error' && this.state !== 'error') this.errorSince = Date.now()
    if (state !== 'error') this.errorSince = undefined
    this.state = state
    this.reason = reason
    this.failure = state === 'reconnecting' || state === 'error' ? failure : undefined
    const detail = this.detail()
    for (const slot of [...this.slots]) {
      if (slot.active && slot.sub.onState) this.call(slot, () => slot.sub.onState?.(state, reason, detail))
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  private detail(): StateDetail {
    const status = this.failure?.status
    return {
      synced: this.synced,
      permanent: this.failure?.permanent ?? false,
      ...(status !== undefined ? { status } : {}),
      ...(this.lastGoodAt !== undefined ? { lastGood: new Date(this.lastGoodAt).toISOString() } : {})
    }
  }

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

  /** Waiting for its first snapshot, takes partials, and is not resuming. */
  private wantsPartial(slot: SubscriberSlot): boolean {
    return slot.active && slot.waiting && slot.lastEventId === undefined && slot.sub.onPartialSnapshot !== undefined
  }

  private sendPartial(rowsSoFar: ReadonlyMap<string, RowDto>): void {
    if (this.synced || this.stopped) return
    const slots = [...this.slots].filter((slot) => this.wantsPartial(slot))
    if (slots.length === 0) return
    this.lastPartialAt = Date.now()
    const items = this.partialItems(rowsSoFar)
    const received = rowsSoFar.size
    const remaining = this.listRemaining
    const progress = remaining !== undefined ? { received, total: received + remaining } : { received }
    for (const slot of slots) this.call(slot, () => slot.sub.onPartialSnapshot?.(items, progress))
  }

  /** The first PARTIAL_MAX_ROWS rows listed (events: the newest PARTIAL_MAX_ROWS of those so far). */
  private partialItems(rowsSoFar: ReadonlyMap<string, RowDto>): RowDto[] {
    if (this.key.kind === 'events') return newestEvents([...rowsSoFar.values()]).slice(0, PARTIAL_MAX_ROWS)
    const out: RowDto[] = []
    for (const row of rowsSoFar.values()) {
      if (out.length >= PARTIAL_MAX_ROWS) break
      out.push(row)
    }
    return out
  }

  private cancelPartial(): void {
    if (this.partialTimer) clearImmediate(this.partialTimer)
    this.partialTimer = undefined
  }

  /** The rows as a snapshot (events: newest first, capped); one array while unchanged. Read-only. */
  private snapshotItems(): RowDto[] {
    if (this.items) return this.items
    const rows = this.store.values()
    this.items = this.key.kind === 'events' ? newestEvents(rows) : rows
    this.itemsTimer = setTimeout(() => this.dropItems(), SNAPSHOT_SHARE_MS)
    this.itemsTimer.unref()
    return this.items
  }

  private dropItems(): void {
    this.items = undefined
    if (this.itemsTimer) clearTimeout(this.itemsTimer)
    this.itemsTimer = undefined
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
