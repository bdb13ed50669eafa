/**
 * The React-free core of a log view: one log stream's lifecycle and the health it shows
 * (`connecting` | `live` | `reconnecting` | `ended` | `error`).
 *
 * Why: a log stream is not a list: there is nothing to poll instead (a log has no "current
 * state"), and it has an end (the container stopped). So it keeps the list core's rules where
 * they apply — the browser reconnects a dropped stream with Last-Event-ID (the server resumes
 * exactly), a refusal (429 at the cap) is retried with the same backoff (policy.ts) from the last
 * id received — and adds its own: `end` is final (`ended`), a permanent `error` (pod not found)
 * is final too, a transient one is retried from the last id.
 * A workload stream numbers its sources per connection; a resumed connection may number them
 * differently, so the sink gets ids of its own, stable for the life of the view (one per
 * pod/container), and every line is translated.
 * Lifecycle: `createLogStream(params, sink, deps)` opens at once; `stop()` closes everything.
 */
import type { StreamErrorData, StreamStateData } from '../../../shared/api/frames.ts'
import type { LogDroppedData, LogEndData, LogLinesData, LogReadyData, LogSourceData, LogWaitingData } from '../../../shared/api/logs.ts'
import type { RouteParams } from '../../../shared/api/routes.ts'
import { openStream } from '../api/stream.ts'
import type { EventSourceLike, StreamHandle } from '../api/stream.ts'
import { logStreamUrl } from '../api/logs.ts'
import { retryBackoff } from './policy.ts'
import { MAX_URL_LENGTH } from '../../../shared/api/params.ts'

/** Length of a URL's request target (path and query), which the server bounds. */
function targetLength(url: string): number {
  const u = new URL(url)
  return u.pathname.length + u.search.length
}

export type LogHealth = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error'

/** What the log view is told. */
export interface LogSink {
  health(h: LogHealth, detail: string): void
  ready(d: LogReadyData): void
  lines(d: LogLinesData): void
  source(d: LogSourceData): void
  waiting(d: LogWaitingData): void
  dropped(d: LogDroppedData): void
  end(d: LogEndData): void
  /** The stream starts over without resuming (lines kept so far would be sent again): drop them. */
  restart(reason: string): void
}

export interface LogStreamDeps {
  open(url: string): EventSourceLike
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(h: unknown): void
}

/** The browser's EventSource and timers. */
export const browserDeps: LogStreamDeps = {
  open: (url) => new EventSource(url) as unknown as EventSourceLike,
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number)
}

export interface LogStreamCore {
  stop(): void
}

/** Open the stream of `params` and keep it going (see the file comment). */
export function createLogStream(params: Omit<RouteParams['logs'], 'token' | 'lastEventId'>, sink: LogSink, deps: LogStreamDeps = browserDeps): LogStreamCore {
  let handle: StreamHandle | null = null
  let lastId: string | undefined
  /** Stable source id per `pod/container`, and this connection's wire id → stable id. */
  const stable = new Map<string, number>()
  let wire = new Map<number, number>()
  /** In place: the frame's lines were just parsed and belong to no one else (no copy per line). */
  const translate = (d: LogLinesData): LogLinesData => {
    if (wire.size === 0) return d
    for (const l of d.lines as unknown as { s?: number }[]) if (l.s !== undefined) l.s = wire.get(l.s) ?? l.s
    return d
  }
  let retry: unknown = null
  let stopped = false
  let finished = false
  const backoff = retryBackoff()

  const open = (): void => {
    handle?.close()
    let url = logStreamUrl({ ...params, ...(lastId ? { lastEventId: lastId } : {}) })
    if (lastId && targetLength(url) > MAX_URL_LENGTH) {
      // The browser resumes with a Last-Event-ID header, which has room for any id; a stream the
      // browser gave up on is reopened here, in a URL, where the id of a very large workload may
      // not fit. Then it starts over, and says so, rather than repeating lines.
      lastId = undefined
      url = logStreamUrl(params)
      sink.restart('the resume point of this many containers does not fit in a URL; the logs start over')
    }
    handle = openStream(
      deps.open(url),
      {
        frames: {
          ready: (d) => {
            backoff.reset()
            wire = new Map()
            sink.ready(d as LogReadyData)
            sink.health('live', '')
          },
          lines: (d, id) => {
            if (id) lastId = id
            sink.lines(translate(d as LogLinesData))
          },
          source: (d) => {
            const src = (d as LogSourceData).source
            const k = `${src.pod}/${src.container}`
            const local = stable.get(k) ?? stable.size + 1
            stable.set(k, local)
            wire.set(src.id, local)
            sink.source({ source: { ...src, id: local } })
          },
          waiting: (d) => {
            const w = d as LogWaitingData
            sink.waiting(w.source === undefined ? w : { ...w, source: wire.get(w.source) ?? w.source })
          },
          dropped: (d, id) => {
            if (id) lastId = id
            sink.dropped(d as LogDroppedData)
          },
          end: (d) => {
            finished = true
            handle?.close()
            sink.end(d as LogEndData)
            sink.health('ended', (d as LogEndData).reason)
          }
        },
        onOpen: () => {
          if (!finished) sink.health('live', '')
        },
        onState: (s: StreamStateData) => sink.health(s.state === 'live' ? 'live' : 'reconnecting', s.reason),
        onFailed: (e: StreamErrorData) => {
          if (e.permanent) {
            finished = true
            sink.health('error', e.reason)
            return
          }
          sink.health('reconnecting', e.reason)
          later()
        },
        onDrop: (closed) => {
          if (finished) return
          sink.health('reconnecting', closed ? 'the server refused the stream (per-user stream cap?)' : 'the stream dropped; reconnecting')
          if (closed) later()
        }
      },
      'logs'
    )
  }

  const later = (): void => {
    if (stopped) return
    if (retry !== null) deps.clearTimeout(retry)
    retry = deps.setTimeout(() => {
      retry = null
      if (!stopped && !finished) open()
    }, backoff.next())
  }

  sink.health('connecting', '')
  open()
  return {
    stop() {
      stopped = true
      if (retry !== null) deps.clearTimeout(retry)
      handle?.close()
    }
  }
}
