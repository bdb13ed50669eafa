/**
 * The React-free core of a live view: one stream's lifecycle, its retry and backoff, the
 * fallback to polling, and the health it shows (`connecting` | `live` | `reconnecting` |
 * `polling` | `offline` | `error`). What the stream's frames *mean* is its user's business (the
 * row sink, hooks/streamController.ts); everything about staying live is here, so a logs view
 * reuses it as is.
 *
 * Lifecycle (numbers as in hooks/useResourceStream.ts):
 *  - `update(inputs)`: a stream when the kind is enabled and the cluster reachable, else poll
 *    (`offline` with the cluster's reason when it is down).
 *  - The user reports its baseline (the snapshot) with `baseline()`: polling stops, failures and
 *    backoff reset, and the view is `live` — unless the upstream said otherwise on this connection.
 *  - `event: state` (the upstream watch): after the baseline, `reconnecting`/`error` with the
 *    reason and the last good time, `live` again when it recovers; before it, why the first list
 *    is late. A (re)opened connection starts as `live`: the server repeats a non-live state.
 *  - `event: error` (the server ended the stream: the upstream failed before a snapshot, e.g.
 *    403): poll (the polled list answers the same refusal, shown as the view's error) and retry
 *    the stream later — after PERMANENT_RETRY_MS for a permanent refusal, at once when a poll
 *    succeeds (someone fixed the RoleBinding), else with the backoff.
 *  - A refusal (EventSource CLOSED: 404 disabled, 429 capped, 401): ask whether the stream is still
 *    enabled; disabled → poll until settings re-enable it; else poll and retry with backoff.
 *  - MAX_FAILURES drops within FAILURE_WINDOW_MS → poll and retry with backoff; fewer show
 *    `reconnecting` while the browser reconnects with Last-Event-ID.
 *  - No rows at all CONNECT_TIMEOUT_MS after opening (no snapshot, no partial `progress()`): the
 *    view turns `error` saying what did not answer (the local server, or the cluster's list); the
 *    stream stays open and later rows still make it live.
 *  - `retryNow()` (the user's "Retry now" / "Go live"): reopen the stream at once, backoff reset.
 *  - A cluster that is down is `offline` when unreachable, `error` when it refuses us (401,
 *    TLS, a broken kubeconfig entry): `clusterError`.
 *  - `stop()`: close the stream, stop the timers and the poll in flight.
 */
import type { NamespaceScope, StreamErrorData, StreamStateData } from '../../../shared/api/frames.ts'
import type { StreamHandle, StreamHandlers } from '../api/stream.ts'
import { createConnectWatch } from './connectWatch.ts'
import { FAILURE_WINDOW_MS, MAX_FAILURES, PERMANENT_RETRY_MS, POLL_MS, retryBackoff } from './policy.ts'

/** What a live view's badge shows. `connecting` only before the first data of a list. */
export type LiveHealth = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline' | 'error' | 'noaccess'

/** A change to what the view shows about its health. */
export interface HealthPatch {
  readonly health?: LiveHealth
  /** Why the view is not live ('' when it is). */
  readonly detail?: string
  /** The last error loading the list ('' clears it). */
  readonly error?: string
  /** When the rows were last known good ('' when they are current). */
  readonly lastSeen?: string
  /** `no access`: the user may not list this here, and why ('' clears it). */
  readonly noAccess?: string
  /** Which namespaces an "all namespaces" union covers (the stream's `scope` frame). */
  readonly scope?: NamespaceScope | null
}

/** What the view is told from outside. */
export interface LiveInputs {
  /** The kind is in `/api/features` `watchStreams`. */
  readonly streamEnabled: boolean
  /** The cluster is reachable (`ok` or `connecting`): ''; otherwise its reason. */
  readonly clusterDown: string
  /** The cluster is down because it refuses us (credentials, TLS, kubeconfig), not unreachable. */
  readonly clusterError?: boolean
}

/** What a polled answer must say about itself. */
export interface Polled {
  /** Served from a cache that is not being kept current (offline). */
  readonly stale: boolean
  readonly lastSeen?: string
}

/** The stream's lifecycle handlers (the user adds its frames to them). */
export type LiveEvents = Omit<StreamHandlers, 'frames'>

export interface LiveDeps<P extends Polled> {
  /** Open the stream with these lifecycle handlers. */
  open(events: LiveEvents): StreamHandle
  poll(signal: AbortSignal): Promise<P>
  /** After a refusal: is the stream still enabled on the server? (A throw means "cannot tell".) */
  streamEnabled(): Promise<boolean>
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface LiveSink<P> {
  setHealth(patch: HealthPatch): void
  /** A polled answer arrived while polling: show it with `patch`. */
  showPolled(result: P, patch: HealthPatch): void
}

export interface LiveCore {
  update(inputs: LiveInputs): void
  stop(): void
  /** The current stream delivered its baseline (snapshot). @returns the health to show with it. */
  baseline(): HealthPatch
  /** The current stream has delivered its baseline: its deltas apply. */
  readonly hasBaseline: boolean
  readonly polling: boolean
  /** The server relists: not live until the next baseline. */
  relisting(reason: string): void
  /** The stream delivered early rows (a partial snapshot): it is answering. */
  progress(): void
  /** Reopen the stream now (backoff and failures reset); polling goes on until its baseline. */
  retryNow(): void
}

const LIVE: StreamStateData = { state: 'live', reason: '' }

/** The health that an upstream state means once the view has its rows. */
export function upstreamHealth(u: StreamStateData): HealthPatch {
  if (u.state === 'live') return { health: 'live', detail: '', lastSeen: '' }
  return { health: u.state, detail: u.reason, lastSeen: u.lastGood ?? '' }
}

/**
 * Create the core of one live view.
 * @param label names the stream in messages (e.g. the kind, `pods`).
 */
export function createLiveCore<P extends Polled>(label: string, deps: LiveDeps<P>, sink: LiveSink<P>): LiveCore {
  let inputs: LiveInputs | null = null
  let stream: StreamHandle | null = null
  let pollTimer: unknown = null
  let pollAbort: AbortController | null = null
  let polling = false
  let retryTimer: unknown = null
  const backoff = retryBackoff()
  let failures: number[] = []
  let hadBaseline = false
  /** The upstream's state as this connection last said (a new connection starts live). */
  let upstream: StreamStateData = LIVE
  /** The last stream ended with a permanent refusal: a good poll means it was fixed. */
  let permanent = false
  let stopped = false
  let pollReason = ''

  const wantStream = (): boolean => !stopped && Boolean(inputs?.streamEnabled) && !inputs?.clusterDown
  /** The health of a view whose cluster is down. */
  const downHealth = (): LiveHealth => (inputs?.clusterError ? 'error' : 'offline')

  const connect = createConnectWatch(label, deps, (what) => {
    if (!hadBaseline && !polling && stream) sink.setHealth({ health: 'error', detail: what, error: what })
  })

  function closeStream(): void {
    connect.answered()
    stream?.close()
    stream = null
  }

  function openStream(): void {
    closeStream()
    hadBaseline = false
    upstream = LIVE
    connect.start()
    stream = deps.open({
      onOpen() {
        connect.opened()
        upstream = LIVE
        // A resumed stream (Last-Event-ID accepted) sends no snapshot: being open again is live.
        if (hadBaseline) sink.setHealth({ health: 'live', detail: '', lastSeen: '' })
      },
      onState(data) {
        upstream = data
        if (polling) return
        if (hadBaseline) sink.setHealth(upstreamHealth(data))
        else if (data.state !== 'live') {
          const waiting = `waiting for the cluster: ${data.reason}`
          connect.waiting(waiting)
          // After the timeout the view says `error`; a later upstream reason updates its detail only.
          sink.setHealth(connect.running ? { health: 'connecting', detail: waiting } : { detail: waiting })
        }
      },
      onFailed: (data) => failed(data),
      onDrop: (closed) => dropped(closed)
    })
  }

  function failed(data: StreamErrorData): void {
    connect.answered()
    stream = null
    permanent = data.permanent
    startPolling(data.reason)
    // No access is an answer, not a failure: say so; the poll (cheap: the server caches the
    // access reviews) notices a RoleBinding granted meanwhile.
    if (data.noAccess) sink.setHealth({ health: 'noaccess', noAccess: data.reason, error: '' })
    scheduleRetry(data.permanent ? PERMANENT_RETRY_MS : backoff.next())
  }

  function dropped(closed: boolean): void {
    if (closed) {
      closeStream()
      void refused()
      return
    }
    const now = deps.now()
    failures = failures.filter((t) => now - t < FAILURE_WINDOW_MS)
    failures.push(now)
    if (failures.length >= MAX_FAILURES) {
      closeStream()
      fallback(`the ${label} stream failed ${failures.length} times in ${FAILURE_WINDOW_MS / 1000} s`, true)
    } else if (!polling) {
      sink.setHealth({ health: 'reconnecting', detail: 'the stream dropped; the browser is reconnecting' })
    }
  }

  /** The server answered the stream with an error status: disabled (404), capped (429), or other. */
  async function refused(): Promise<void> {
    let enabled = true
    try {
      enabled = await deps.streamEnabled()
    } catch {
      /* cannot tell: treat as a transient refusal and retry later */
    }
    if (stopped) return
    if (!enabled) fallback(`the ${label} watch stream is disabled in settings`, false)
    else fallback('the server refused the stream (per-user stream cap reached, or a server error)', true)
  }

  function fallback(reason: string, retry: boolean): void {
    startPolling(reason)
    if (retry) scheduleRetry(backoff.next())
  }

  function cancelRetry(): void {
    if (retryTimer !== null) deps.clearTimeout(retryTimer)
    retryTimer = null
  }

  function scheduleRetry(delay: number): void {
    cancelRetry()
    retryTimer = deps.setTimeout(() => {
      retryTimer = null
      if (wantStream()) openStream()
    }, delay)
  }

  function startPolling(reason: string): void {
    pollReason = reason
    sink.setHealth({ health: inputs?.clusterDown ? downHealth() : 'polling', detail: reason })
    if (polling) return
    polling = true
    void pollOnce()
  }

  function stopPolling(): void {
    polling = false
    if (pollTimer !== null) {
      deps.clearTimeout(pollTimer)
      pollTimer = null
    }
    pollAbort?.abort()
    pollAbort = null
  }

  async function pollOnce(): Promise<void> {
    pollTimer = null
    const ctrl = new AbortController()
    pollAbort = ctrl
    try {
      const result = await deps.poll(ctrl.signal)
      if (!polling || ctrl.signal.aborted) return
      const offline = result.stale || Boolean(inputs?.clusterDown)
      sink.showPolled(result, {
        health: inputs?.clusterDown ? downHealth() : offline ? 'offline' : 'polling',
        noAccess: '',
        detail: offline && inputs?.clusterDown ? inputs.clusterDown : pollReason,
        lastSeen: result.stale ? (result.lastSeen ?? '') : ''
      })
      // The stream ended with a 403/404, and now the list works: someone fixed it. Stream again
      // now rather than minutes later (polling goes on until its snapshot).
      if (permanent && !result.stale && wantStream() && !stream) {
        permanent = false
        cancelRetry()
        backoff.reset()
        openStream()
      }
    } catch (e) {
      if (!polling || ctrl.signal.aborted) return
      if ((e as { noAccess?: unknown }).noAccess === true)
        sink.setHealth({ health: 'noaccess', noAccess: (e as Error).message.replace(/^403 Forbidden: /, ''), error: '' })
      else sink.setHealth({ health: inputs?.clusterDown ? downHealth() : 'polling', error: (e as Error).message })
    }
    if (polling && !stopped) pollTimer = deps.setTimeout(() => void pollOnce(), POLL_MS)
  }

  return {
    get hasBaseline() {
      return hadBaseline
    },
    get polling() {
      return polling
    },
    baseline() {
      connect.answered()
      hadBaseline = true
      failures = []
      permanent = false
      backoff.reset()
      stopPolling()
      return upstreamHealth(upstream)
    },
    progress() {
      connect.answered()
    },
    retryNow() {
      if (stopped) return
      if (polling) {
        // Poll at once too: a cluster that is back shows rows now, not at the next tick.
        if (pollTimer !== null) {
          deps.clearTimeout(pollTimer)
          pollTimer = null
        }
        pollAbort?.abort()
        void pollOnce()
      }
      if (!wantStream()) return
      cancelRetry()
      backoff.reset()
      failures = []
      permanent = false
      openStream()
      if (!polling && !hadBaseline) sink.setHealth({ health: 'connecting', detail: 'retrying now…', error: '' })
    },
    relisting(reason) {
      if (!polling) sink.setHealth({ health: 'reconnecting', detail: `relisting: ${reason}` })
    },
    update(next) {
      const prev = inputs
      inputs = next
      if (stopped) return
      const want = next.streamEnabled && !next.clusterDown
      const had = prev ? prev.streamEnabled && !prev.clusterDown : false
      if (prev && want === had && prev.clusterDown === next.clusterDown && Boolean(prev.clusterError) === Boolean(next.clusterError)) return
      if (want) {
        cancelRetry()
        backoff.reset()
        failures = []
        if (!stream) openStream()
        if (polling) sink.setHealth({ health: 'polling', detail: 'reconnecting the stream…' })
      } else {
        closeStream()
        cancelRetry()
        const why = next.clusterDown
          ? `${next.clusterError ? 'the cluster refuses us' : 'cluster unreachable'}: ${next.clusterDown}`
          : `the ${label} watch stream is disabled in settings`
        if (polling) {
          pollReason = why
          sink.setHealth({ health: next.clusterDown ? downHealth() : 'polling', detail: why })
        } else startPolling(why)
      }
    },
    stop() {
      stopped = true
      closeStream()
      stopPolling()
      cancelRetry()
    }
  }
}
