/**
 * The reflector: the list-then-watch loop of one collection, and nothing else (client-go
 * reflector.go).
 *
 * Why: client-node's ListWatch stops on any non-410 error (issues #795, #1933), so we own the
 * restart loop. Lifecycle:
 *   1. LIST (paginated), projecting each page straight to rows → `onList(rows, rv)`; during the
 *      first list only, `onListProgress(rowsSoFar)` after each page (early rows, target T2);
 *      or, where the owner allows it (`watchList`, watchList.ts), a WatchList: one watch whose
 *      initial ADDED events are the list, its initial-events-end bookmark the `onList`, and whose
 *      later events are step 2 on the same request. A server that refuses it (400/422) or ignores
 *      it (no end bookmark, then quiet) gets LISTs for `WATCH_LIST_RETRY_AFTER_MS`; a stream cut
 *      before the bookmark tries the WatchList again (client-go does the same), up to
 *      `WATCH_LIST_MAX_INCOMPLETE` times in a row before one LIST;
 *   2. WATCH from the last RV with bookmarks; each event → `onEvent`, each BOOKMARK → `onBookmark`
 *      (a bookmark only advances the RV, never a row);
 *   3. a clean close (the apiserver's timeoutSeconds) → watch again from the last RV at once;
 *   4. 410 Gone (HTTP status or in-stream ERROR) → back to 1, reported as a relist (a second 410
 *      in a row backs off first, to break 410 loops);
 *   5. any other error → state `reconnecting` (transient) or `error` (needs a fix), backoff
 *      (Retry-After wins on 429), then watch again from the last RV (or list, if never listed);
 *      a permanent refusal (403 Forbidden, 404 not served) waits minutes instead (no storm).
 * It writes only to its handler (the shared watch) and never talks to subscribers. `stop()`
 * aborts the request in flight and the backoff sleep through one AbortController; each attempt
 * has its own as well, so `relist()` can drop just the attempt and start over from a LIST.
 */
import type { RowDto } from '../../shared/dto/row.ts'
import type { AnyKindId } from '../../shared/kinds/anyKind.ts'
import { isKindId } from '../../shared/kinds/registry.ts'
import { projectRow } from '../../shared/kinds/rows/index.ts'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { UpstreamError, isGone, isKindLevel, isPermanent, isTransient, retryAfterMs } from '../kube/errors.ts'
import type { ResourceSource, WatchEvent } from '../kube/source.ts'
import { Backoff } from './backoff.ts'
import { isInitialEventsEnd } from './watchList.ts'
import type { BackoffOptions } from './backoff.ts'
import { compactRow } from './intern.ts'
import type { DeltaType } from './rowStore.ts'
import type { WatchState } from './types.ts'

/**
 * A watch that ends cleanly this soon after opening, having delivered nothing, is treated as a
 * failure (backoff) so a server that accepts and closes at once cannot spin us in a hot loop.
 */
const MIN_HEALTHY_WATCH_MS = 1_000
/** A WatchList's early rows are offered this often (a LIST offers them once per 500-object page). */
const WATCH_LIST_PROGRESS_EVERY = 500
/**
 * A server that refused the WatchList parameters (400/422: an apiserver with the gate off) or
 * ignored them is asked again after this long: its gate may be turned on by an upgrade, and one
 * refused request per kind every 10 minutes costs nothing.
 */
export const WATCH_LIST_RETRY_AFTER_MS = 10 * 60_000
/**
 * Before the initial-events-end bookmark, this long without any event means the server ignored
 * `sendInitialEvents` (an apiserver older than 1.27, or a proxy that strips the parameters): one
 * that honours it sends the bookmark right after the last initial event. 10 s also covers the
 * apiserver's wait for a fresh watch cache (up to 3 s) before the first event.
 */
export const WATCH_LIST_QUIET_MS = 10_000
/**
 * Streams cut before the bookmark (a proxy's timeout, a dropped connection at scale) are retried
 * as WatchLists this many times in a row; then one sync is a LIST, so a cluster whose path always
 * cuts long streams still gets its rows.
 */
const WATCH_LIST_MAX_INCOMPLETE = 3

/** How a WatchList attempt ended (see `Reflector.watchList`). */
type WatchListOutcome = 'synced' | 'refused' | 'ignored' | 'incomplete' | 'short'

/** What the reflector reports to its owner (the shared watch). */
export interface ReflectorHandler {
  /** A complete LIST. `relistReason` is undefined for the first list. */
  onList(rows: Map<string, RowDto>, resourceVersion: string, relistReason: string | undefined): void
  /**
   * After each page of the *initial* LIST (never a relist): the rows so far, live (the same Map
   * later handed to `onList`, so it must not be kept or changed; copy what you need, rarely).
   */
  onListProgress?(rowsSoFar: ReadonlyMap<string, RowDto>, remaining?: number): void
  onEvent(type: DeltaType, row: RowDto, resourceVersion: string): void
  onBookmark(resourceVersion: string): void
  /** A state change; `failure` describes the error behind `reconnecting`/`error`. */
  onState(state: WatchState, reason: string, failure?: Failure): void
}

/** The error behind a `reconnecting` or `error` state. */
export interface Failure {
  /** Upstream HTTP status, when there was one. */
  readonly status?: number
  /** 403/404: retried after `Backoff.nextPermanent()` (minutes), not at the backoff. */
  readonly permanent: boolean
  /** The apiserver refused this collection only (see `isKindLevel`): a per-kind problem. */
  readonly kindLevel: boolean
}

export interface ReflectorOptions {
  readonly kind: AnyKindId
  readonly source: ResourceSource
  /** The projection of a kind the registry has no projector for (a custom kind's Table rows). */
  readonly project?: (obj: ObjectLike) => RowDto
  readonly handler: ReflectorHandler
  /** No byte for this long → reconnect (client-node #596/#958 silent stalls). */
  readonly livenessMs: number
  readonly backoff?: Partial<BackoffOptions>
  /** Whether a sync may use a WatchList now (watchList.ts); absent = always the paged LIST. */
  readonly watchList?: () => boolean
  /** `WATCH_LIST_QUIET_MS`, shorter in tests. */
  readonly watchListQuietMs?: number
}

const EVENT_TYPES: Record<Exclude<WatchEvent['type'], 'BOOKMARK'>, DeltaType> = {
  ADDED: 'added',
  MODIFIED: 'modified',
  DELETED: 'deleted'
}

/** One collection's list-watch loop. */
export class Reflector {
  state: WatchState = 'connecting'
  reason = ''
  /** The last resourceVersion seen (list, event or bookmark); opaque, compared for equality only. */
  resourceVersion = ''
  private readonly opts: ReflectorOptions
  private readonly backoff: Backoff
  private readonly ac = new AbortController()
  private loop: Promise<void> | undefined
  private listed = false
  /** Ends the backoff sleep in progress, if any. */
  private wake: (() => void) | undefined
  /** Aborts the current attempt (its LIST or watch request) only. */
  private attempt: AbortController | undefined
  /** The server refused or ignored a WatchList: this reflector LISTs until then (epoch ms). */
  private noWatchListUntil = 0
  /** Why the last WatchList attempt did not sync (for `/debug`); '' after a synced one. */
  watchListNote = ''
  /** Watch requests opened, and how the last one ended (for `/debug`: a watch that keeps ending
   * says why, e.g. the apiserver cutting a consumer that fell behind). */
  watchesOpened = 0
  lastWatchEnd = ''
  /** Completed WatchList syncs (to tell a failure after the sync from one before it). */
  private syncs = 0
  /** Set by `relist()`: the next attempt starts with a LIST, reported with this reason. */
  private forcedRelist: string | undefined

  constructor(opts: ReflectorOptions) {
    this.opts = opts
    this.backoff = new Backoff(opts.backoff)
  }

  start(): void {
    this.loop ??= this.run()
  }

  /** Abort the request in flight and any backoff sleep; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.ac.abort()
    await this.loop
  }

  /**
   * Retry now: a loop waiting out its backoff tries again at once, from a fresh backoff (the
   * kubeconfig entry of its cluster changed, so the next attempt may well succeed). A loop that is
   * live or has a request in flight is left alone.
   * @returns whether the loop was waiting.
   */
  retryNow(): boolean {
    const wake = this.wake
    if (!wake) return false
    this.backoff.reset()
    wake()
    return true
  }

  /**
   * Start over from a fresh LIST now, dropping the request in flight (a live watch too) and any
   * backoff wait: the cluster's server or CA changed, so the resourceVersions held so far belong
   * to another apiserver and cannot be resumed from. Subscribers get a relist with `reason`.
   */
  relist(reason: string): void {
    if (this.ac.signal.aborted) return
    this.forcedRelist = reason
    this.backoff.reset()
    this.setState('reconnecting', reason)
    this.attempt?.abort()
    this.wake?.()
  }

  private async run(): Promise<void> {
    let needList = true
    let relistReason: string | undefined
    let goneStreak = 0
    /** WatchLists cut before their bookmark, in a row; and whether the next sync must LIST. */
    let incomplete = 0
    let listOnce = false
    /** The open watch request: when it opened (0: none) and its events so far. */
    let opened = 0
    let events = 0
    const stopped = this.ac.signal
    while (!stopped.aborted) {
      const attempt = new AbortController()
      const abortAttempt = (): void => attempt.abort()
      stopped.addEventListener('abort', abortAttempt, { once: true })
      this.attempt = attempt
      const signal = attempt.signal
      if (this.forcedRelist !== undefined) {
        needList = true
        relistReason = this.listed ? this.forcedRelist : undefined
        this.forcedRelist = undefined
      }
      try {
        if (needList && !listOnce && this.opts.watchList?.() && Date.now() >= this.noWatchListUntil) {
          // A WatchList lists and then watches in one request; when it ends, watch on from its RV.
          const syncs = this.syncs
          let outcome: WatchListOutcome
          try {
            outcome = await this.watchList(relistReason, signal)
          } finally {
            // Synced, then failed (410, network): resume from its RV, not another full sync.
            if (this.syncs !== syncs) needList = false
          }
          if (outcome === 'synced') incomplete = 0
          else if (outcome === 'refused' || outcome === 'ignored') this.noWatchListUntil = Date.now() + WATCH_LIST_RETRY_AFTER_MS
          else {
            // Cut before the bookmark: try again after the backoff; a close at once (client-go's
            // "very short watch"), or too many cuts in a row, makes the next sync a LIST.
            if (outcome === 'short' || ++incomplete >= WATCH_LIST_MAX_INCOMPLETE) {
              listOnce = true
              incomplete = 0
            }
            await this.sleep(this.backoff.next())
          }
          continue
        }
        if (needList) {
          await this.list(relistReason, signal)
          needList = false
          listOnce = false
        }
        opened = Date.now()
        events = 0
        this.watchesOpened++
        await this.opts.source.watch({
          resourceVersion: this.resourceVersion,
          signal,
          livenessMs: this.opts.livenessMs,
          onOpen: () => {
            this.backoff.healthy()
            this.setState('live', '')
          },
          onEvent: (ev) => {
            events++
            goneStreak = 0
            this.handle(ev)
          }
        })
        this.lastWatchEnd = endNote('ended by the server', events, opened)
        if (events === 0 && Date.now() - opened < MIN_HEALTHY_WATCH_MS) await this.sleep(this.backoff.next())
      } catch (err) {
        if (stopped.aborted) break
        if (signal.aborted) continue // relist(): start over at once
        const message = (err as Error).message ?? String(err)
        if (opened) this.lastWatchEnd = endNote(message, events, opened)
        if (isGone(err)) {
          needList = true
          relistReason = this.listed ? `${message}; relisting` : undefined
          if (++goneStreak > 1) {
            this.setState('reconnecting', message, failureOf(err))
            await this.sleep(this.backoff.next())
          }
          continue
        }
        this.setState(isTransient(err) ? 'reconnecting' : 'error', message, failureOf(err))
        await this.sleep(isPermanent(err) ? this.backoff.nextPermanent() : Math.max(retryAfterMs(err) ?? 0, this.backoff.next()))
      } finally {
        opened = 0
        stopped.removeEventListener('abort', abortAttempt)
        this.attempt = undefined
      }
    }
  }

  private async list(relistReason: string | undefined, signal: AbortSignal): Promise<void> {
    const rows = new Map<string, RowDto>()
    const initial = !this.listed
    const { resourceVersion } = await this.opts.source.list({
      signal,
      onPage: (items, info) => {
        for (const obj of items) {
          const row = this.project(obj)
          rows.set(row.uid, row)
        }
        if (initial) this.opts.handler.onListProgress?.(rows, info?.remainingItemCount)
      }
    })
    this.resourceVersion = resourceVersion
    this.listed = true
    this.opts.handler.onList(rows, resourceVersion, relistReason)
  }

  /**
   * Sync by WatchList: ADDED events build the rows, the initial-events-end bookmark is the LIST's
   * end (`onList` with its resourceVersion), later events are live.
   * @returns `synced` when the watch ended cleanly after the sync; `refused` when the server
   * answered 400/422 (the parameters are not allowed there); `ignored` when no bookmark came and
   * the stream went quiet for `WATCH_LIST_QUIET_MS` (the server treats it as a plain watch);
   * `incomplete` when the stream ended cleanly before the bookmark; `short` when it ended at once
   * with nothing. Other failures throw, as a watch's do.
   */
  private async watchList(relistReason: string | undefined, signal: AbortSignal): Promise<WatchListOutcome> {
    const rows = new Map<string, RowDto>()
    const initial = !this.listed
    let synced = false
    let ignored = false
    let events = 0
    const opened = Date.now()
    const local = new AbortController()
    const abort = (): void => local.abort()
    signal.addEventListener('abort', abort, { once: true })
    const quietMs = this.opts.watchListQuietMs ?? WATCH_LIST_QUIET_MS
    let quiet: ReturnType<typeof setTimeout> | undefined
    const arm = (): void => {
      clearTimeout(quiet)
      quiet = setTimeout(() => {
        ignored = true
        local.abort()
      }, quietMs)
    }
    try {
      await this.opts.source.watch({
        resourceVersion: '',
        initialEvents: true,
        signal: local.signal,
        livenessMs: this.opts.livenessMs,
        onOpen: () => {
          this.backoff.healthy()
          arm()
        },
        onEvent: (ev) => {
          events++
          if (synced) return this.handle(ev)
          arm()
          if (isInitialEventsEnd(ev)) {
            clearTimeout(quiet)
            synced = true
            this.syncs++
            this.watchListNote = ''
            this.resourceVersion = ev.object.metadata?.resourceVersion ?? ''
            this.listed = true
            this.opts.handler.onList(rows, this.resourceVersion, relistReason)
            this.setState('live', '')
            return
          }
          if (ev.type === 'BOOKMARK') return
          const row = this.project(ev.object)
          if (ev.type === 'DELETED') rows.delete(row.uid)
          else rows.set(row.uid, row)
          if (initial && rows.size % WATCH_LIST_PROGRESS_EVERY === 0) this.opts.handler.onListProgress?.(rows)
        }
      })
    } catch (err) {
      if (signal.aborted || !ignored || synced) {
        const status = err instanceof UpstreamError ? err.status : undefined
        if (!synced && !signal.aborted && (status === 400 || status === 422)) {
          this.watchListNote = `WatchList refused (${status}: ${(err as Error).message}); listing for ${WATCH_LIST_RETRY_AFTER_MS / 60_000} min`
          return 'refused'
        }
        throw err
      }
    } finally {
      clearTimeout(quiet)
      signal.removeEventListener('abort', abort)
    }
    if (signal.aborted) throw new Error('aborted') // stop() or relist(): the loop decides
    if (synced) return 'synced'
    if (ignored && !signal.aborted) {
      this.watchListNote = `no initial-events-end bookmark after ${events} events and ${quietMs / 1000} s of quiet: the server ignores sendInitialEvents; listing for ${WATCH_LIST_RETRY_AFTER_MS / 60_000} min`
      return 'ignored'
    }
    this.watchListNote = `the WatchList stream ended after ${events} events, before its initial-events-end bookmark`
    return events === 0 && Date.now() - opened < MIN_HEALTHY_WATCH_MS ? 'short' : 'incomplete'
  }

  private handle(ev: WatchEvent): void {
    const rv = ev.object.metadata?.resourceVersion ?? ''
    if (ev.type === 'BOOKMARK') {
      if (rv && rv !== this.resourceVersion) {
        this.resourceVersion = rv
        this.opts.handler.onBookmark(rv)
      }
      return
    }
    const row = this.project(ev.object)
    if (rv) this.resourceVersion = rv
    this.opts.handler.onEvent(EVENT_TYPES[ev.type], row, this.resourceVersion)
  }

  /**
   * Project (and intern) with a safety net: a projector bug must not kill the watch; the object
   * still gets a row with its identity and no cells.
   */
  private project(obj: ObjectLike): RowDto {
    let row: RowDto
    try {
      const { kind, project } = this.opts
      if (project) row = project(obj)
      else if (isKindId(kind)) row = projectRow(kind, obj)
      else throw new Error(`no projector for ${kind}`)
    } catch {
      const m = obj.metadata ?? {}
      row = {
        uid: m.uid ?? '',
        kind: this.opts.kind,
        namespace: m.namespace ?? '',
        name: m.name ?? '',
        createdAt: m.creationTimestamp ?? '',
        resourceVersion: m.resourceVersion ?? '',
        labels: m.labels ?? {},
        cells: {}
      }
    }
    return compactRow(row.uid ? row : { ...row, uid: `${row.namespace}/${row.name}` })
  }

  private setState(state: WatchState, reason: string, failure?: Failure): void {
    if (state === this.state && reason === this.reason) return
    this.state = state
    this.reason = reason
    this.opts.handler.onState(state, reason, failure)
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.ac.signal
    if (signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t)
        signal.removeEventListener('abort', done)
        this.wake = undefined
        resolve()
      }
      const t = setTimeout(done, ms)
      this.wake = done
      signal.addEventListener('abort', done, { once: true })
    })
  }
}

/** How a watch request ended, for `/debug`: what ended it, its events, how long it ran. */
function endNote(what: string, events: number, opened: number): string {
  return `${what} after ${events} events and ${((Date.now() - opened) / 1000).toFixed(1)} s, at ${new Date().toISOString()}`
}

/** What a stream and the cluster list need to know about an error. */
function failureOf(err: unknown): Failure {
  const status = err instanceof UpstreamError ? err.status : undefined
  return { ...(status !== undefined ? { status } : {}), permanent: isPermanent(err), kindLevel: isKindLevel(err) }
}
