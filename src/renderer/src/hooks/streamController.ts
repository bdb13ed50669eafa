/**
 * The per-view stream state machine behind `useResourceStream` (no React, testable with a fake
 * EventSource and fake timers). See the numbered lifecycle in `useResourceStream.ts`.
 *
 * Modes: `stream` (EventSource open or reconnecting), `poll` (GET the list every POLL_MS), and
 * both at once while a stream retry is in flight during polling (polling stops at the snapshot).
 * A `snapshot` with `partial: true` (early rows of a LIST still paging, spec §4 / target T2) is
 * shown at once but keeps the badge at `connecting` with a "loading" detail; only the complete
 * snapshot makes the view `live`. Once a complete list is shown, partials are ignored.
 */
import type { RowDto, RowList } from '../../../shared/dto/row.ts'
import type { FeaturesResponse, RelistData, SnapshotData } from '../../../shared/dto/wire.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import type { DeltaOp, ListMeta } from '../stores/listStore.ts'

/** Polling period when the stream is off or refused (spec §6: "every 5 s by default"). */
export const POLL_MS = 5_000
/** This many stream errors… */
export const MAX_FAILURES = 4
/** …within this window mean the network is not going to carry a stream: fall back to polling. */
export const FAILURE_WINDOW_MS = 12_000
/** First retry of a refused/failed stream; doubles per failed retry (a cap frees up, a blip ends). */
export const RETRY_BASE_MS = 30_000
/** Retry backoff ceiling: a view never waits longer than this to get back to live. */
export const RETRY_MAX_MS = 300_000

/** A `snapshot` frame's data; `partial` marks early rows (no id, empty resourceVersion). */
type SnapshotFrame = SnapshotData & { readonly partial?: boolean }

/** The part of EventSource we use (the browser's, or a test fake). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onerror: ((ev: Event) => void) | null
  addEventListener(type: string, fn: (ev: { data: string; lastEventId?: string }) => void): void
  close(): void
}

/** EventSource.CLOSED: the browser gave up (non-200 answer such as 404, 429, 401). */
const CLOSED = 2

export interface StreamDeps {
  openStream(): EventSourceLike
  fetchList(signal: AbortSignal): Promise<RowList>
  /** Re-check `/api/features` after a refusal (tells "disabled" from "capped"). */
  fetchFeatures(): Promise<FeaturesResponse>
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface StreamSink {
  replaceAll(items: readonly RowDto[], patch: Partial<ListMeta>): void
  delta(op: DeltaOp): void
  /** Forget deltas not yet applied (a snapshot supersedes them). */
  dropPending(): void
  setHealth(patch: Partial<Pick<ListMeta, 'health' | 'detail' | 'error' | 'lastSeen'>>): void
}

/** What the controller is told from outside. */
export interface StreamInputs {
  /** The kind is in `/api/features` `watchStreams`. */
  readonly streamEnabled: boolean
  /** The cluster is reachable (`ok` or `connecting`); otherwise its reason. */
  readonly clusterDown: string
}

export interface StreamController {
  update(inputs: StreamInputs): void
  stop(): void
}

/**
 * Create the controller for one list view.
 * @param kind for messages only.
 */
export function createStreamController(kind: KindId, deps: StreamDeps, sink: StreamSink): StreamController {
  let inputs: StreamInputs | null = null
  let es: EventSourceLike | null = null
  let pollTimer: unknown = null
  let pollAbort: AbortController | null = null
  let polling = false
  let retryTimer: unknown = null
  let retryDelay = RETRY_BASE_MS
  let failures: number[] = []
  let hadSnapshot = false
  /** A complete list (snapshot or poll) has been shown: early partial rows would only hide rows. */
  let hadComplete = false
  let stopped = false
  let pollReason = ''

  const parse = <T>(data: string): T | null => {
    try { return JSON.parse(data) as T } catch { console.warn(`periscope: ignored a malformed ${kind} stream frame`); return null }
  }

  function closeStream(): void {
    if (es) { es.onerror = null; es.onopen = null; es.close(); es = null }
  }

  function openStream(): void {
    closeStream()
    const s = deps.openStream()
    es = s
    hadSnapshot = false
    s.addEventListener('snapshot', (ev) => {
      const snap = parse<SnapshotFrame>(ev.data)
      if (!snap || es !== s) return
      if (snap.partial === true) { showPartial(snap.items); return }
      hadSnapshot = true
      hadComplete = true
      failures = []
      retryDelay = RETRY_BASE_MS
      stopPolling()
      sink.dropPending()
      sink.replaceAll(snap.items, { health: 'live', detail: '', resourceVersion: snap.resourceVersion, lastSeen: '', total: 0 })
    })
    for (const type of ['added', 'modified', 'deleted'] as const) {
      s.addEventListener(type, (ev) => {
        const row = parse<RowDto>(ev.data)
        if (row && es === s && hadSnapshot) sink.delta({ type, row })
      })
    }
    s.addEventListener('relist', (ev) => {
      const r = parse<RelistData>(ev.data)
      if (es === s && !polling) sink.setHealth({ health: 'reconnecting', detail: `relisting: ${r?.reason ?? 'the server asked for a fresh list'}` })
    })
    s.onopen = () => {
      // A resumed stream (Last-Event-ID accepted) sends no snapshot: being open again is live.
      if (es === s && hadSnapshot) sink.setHealth({ health: 'live', detail: '' })
    }
    s.onerror = () => { if (es === s) onStreamError(s) }
  }

  /** Early rows: shown at once, but the view is not `live` (nor its count final) until the snapshot. */
  function showPartial(items: readonly RowDto[]): void {
    if (polling || hadComplete) return
    sink.dropPending()
    sink.replaceAll(items, { health: 'connecting', detail: `loading: ${items.length} rows so far, the complete list follows`, resourceVersion: '', lastSeen: '', total: 0 })
  }

  function onStreamError(s: EventSourceLike): void {
    if (s.readyState === CLOSED) {
      closeStream()
      void refused()
      return
    }
    const now = deps.now()
    failures = failures.filter((t) => now - t < FAILURE_WINDOW_MS)
    failures.push(now)
    if (failures.length >= MAX_FAILURES) {
      closeStream()
      fallback(`the ${kind} stream failed ${failures.length} times in ${FAILURE_WINDOW_MS / 1000} s`, true)
    } else if (!polling) {
      sink.setHealth({ health: 'reconnecting', detail: 'the stream dropped; the browser is reconnecting' })
    }
  }

  /** The server answered the stream with an error status: disabled (404), capped (429), or other. */
  async function refused(): Promise<void> {
    let enabled = true
    try {
      const f = await deps.fetchFeatures()
      enabled = f.watchStreams.includes(kind)
    } catch { /* cannot tell: treat as a transient refusal and retry later */ }
    if (stopped) return
    if (!enabled) fallback(`the ${kind} watch stream is disabled in settings`, false)
    else fallback('the server refused the stream (per-user stream cap reached, or a server error)', true)
  }

  function fallback(reason: string, retry: boolean): void {
    startPolling(reason)
    if (retry) scheduleRetry()
  }

  function scheduleRetry(): void {
    if (retryTimer !== null) deps.clearTimeout(retryTimer)
    const delay = retryDelay
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS)
    retryTimer = deps.setTimeout(() => {
      retryTimer = null
      if (!stopped && inputs?.streamEnabled && !inputs.clusterDown) openStream()
    }, delay)
  }

  function startPolling(reason: string): void {
    pollReason = reason
    sink.setHealth({ health: inputs?.clusterDown ? 'offline' : 'polling', detail: reason })
    if (polling) return
    polling = true
    void pollOnce()
  }

  function stopPolling(): void {
    polling = false
    if (pollTimer !== null) { deps.clearTimeout(pollTimer); pollTimer = null }
    pollAbort?.abort()
    pollAbort = null
  }

  async function pollOnce(): Promise<void> {
    pollTimer = null
    const ctrl = new AbortController()
    pollAbort = ctrl
    try {
      const list = await deps.fetchList(ctrl.signal)
      if (!polling || ctrl.signal.aborted) return
      const offline = list.stale || Boolean(inputs?.clusterDown)
      hadComplete = true
      sink.replaceAll(list.items, {
        health: offline ? 'offline' : 'polling',
        detail: offline && inputs?.clusterDown ? inputs.clusterDown : pollReason,
        resourceVersion: list.resourceVersion,
        lastSeen: list.stale ? (list.lastSeen ?? '') : '',
        total: list.total ?? 0
      })
    } catch (e) {
      if (!polling || ctrl.signal.aborted) return
      sink.setHealth({ health: inputs?.clusterDown ? 'offline' : 'polling', error: (e as Error).message })
    }
    if (polling && !stopped) pollTimer = deps.setTimeout(() => void pollOnce(), POLL_MS)
  }

  return {
    update(next) {
      const prev = inputs
      inputs = next
      if (stopped) return
      const wantStream = next.streamEnabled && !next.clusterDown
      const hadStream = prev ? prev.streamEnabled && !prev.clusterDown : false
      if (prev && wantStream === hadStream && prev.clusterDown === next.clusterDown) return
      if (wantStream) {
        if (retryTimer !== null) { deps.clearTimeout(retryTimer); retryTimer = null }
        retryDelay = RETRY_BASE_MS
        failures = []
        if (!es) openStream()
        if (polling) sink.setHealth({ health: 'polling', detail: 'reconnecting the stream…' })
      } else {
        closeStream()
        if (retryTimer !== null) { deps.clearTimeout(retryTimer); retryTimer = null }
        const why = next.clusterDown ? `cluster unreachable: ${next.clusterDown}` : `the ${kind} watch stream is disabled in settings`
        if (polling) { pollReason = why; sink.setHealth({ health: next.clusterDown ? 'offline' : 'polling', detail: why }) }
        else startPolling(why)
      }
    },
    stop() {
      stopped = true
      closeStream()
      stopPolling()
      if (retryTimer !== null) deps.clearTimeout(retryTimer)
      sink.dropPending()
    }
  }
}
