/**
 * A renderer-like SSE client for the fault, hostile and soak runs: it keeps rows by uid and
 * applies frames exactly as the renderer's stream controller does, over real HTTP/1.1.
 *
 * Why: "nothing lost, nothing stale" is a property of what a client ends up holding, so the
 * suites need a client with the renderer's semantics, not a frame recorder: a snapshot replaces
 * every row; added/modified upsert and deleted removes (only after a snapshot on this stream);
 * a relist only marks the view (a fresh snapshot follows); `id:` becomes the Last-Event-ID when
 * its frame is dispatched (a frame cut off by a dropped connection is never applied); a final
 * `error` frame stops it (its data is kept as `refusal`), as the renderer stops its EventSource.
 * Lifecycle: `openRowClient` connects; when the server ends or drops the stream the client
 * reconnects after `reconnectMs` with `Last-Event-ID`, like EventSource (rows and "had a
 * snapshot" survive the reconnect); a non-200 answer stops it, like EventSource's CLOSED.
 * `close()` stops it for good. `pause()` stops reading the socket (a stuck renderer).
 */
import { request } from 'node:http'
import type { ClientRequest, IncomingMessage } from 'node:http'
import type { RowDto } from '../../src/shared/dto/row.ts'
import { frameParser } from './sseFrames.ts'

/** EventSource's default reconnection delay is ~3 s; tests use a short one. */
const DEFAULT_RECONNECT_MS = 50

export interface RowClientOptions {
  /** Sent as `Authorization: Bearer`. */
  readonly token: string
  /** Reconnect (with Last-Event-ID) when the server ends the stream; default true. */
  readonly reconnect?: boolean
  readonly reconnectMs?: number
  /** Resume from this id on the first connection. */
  readonly lastEventId?: string
}

export interface RowClient {
  /** uid → row, as the renderer's list store holds them. */
  readonly rows: Map<string, RowDto>
  /** The Last-Event-ID the next reconnection sends ('' before any id). */
  readonly lastEventId: string
  /** Frames applied, by event name (snapshot, added, modified, deleted, relist, ping). */
  readonly counts: Record<string, number>
  /** HTTP status of every connection attempt, in order (0 = connection failed). */
  readonly statuses: number[]
  /** Last-Event-ID sent by each connection attempt ('' = none). */
  readonly sentIds: string[]
  /** Error body of the last non-200 answer, or the data of the server's final `error` frame. */
  readonly refusal: string
  /** True while a response is open and being read. */
  readonly open: boolean
  /** True once the client stopped (closed by us, or refused). */
  readonly stopped: boolean
  pause(): void
  resume(): void
  close(): void
  /** Resolves once `cond()` holds (checked per frame and every 20 ms); rejects after `ms`. */
  waitUntil(cond: () => boolean, ms: number, what: string): Promise<void>
}

/** uid → resourceVersion of a row set. */
export function versionsOf(rows: Iterable<RowDto>): Map<string, string> {
  const m = new Map<string, string>()
  for (const r of rows) m.set(r.uid, r.resourceVersion)
  return m
}

/**
 * Compare a client's rows with the truth (uid → resourceVersion).
 * @returns '' when equal, else a short description of the first differences.
 */
export function diffVersions(mine: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): string {
  const lost: string[] = []
  const stale: string[] = []
  const extra: string[] = []
  for (const [uid, rv] of truth) {
    const m = mine.get(uid)
    if (m === undefined) lost.push(uid)
    else if (m !== rv) stale.push(`${uid}@${m}≠${rv}`)
  }
  for (const uid of mine.keys()) if (!truth.has(uid)) extra.push(uid)
  if (lost.length + stale.length + extra.length === 0) return ''
  const few = (xs: string[]): string => `${xs.length}${xs.length ? ` (${xs.slice(0, 3).join(', ')})` : ''}`
  return `lost ${few(lost)}, stale ${few(stale)}, extra ${few(extra)} (client ${mine.size}, truth ${truth.size})`
}

/** Connect to `path` on `origin` (http only) and start applying frames. */
export function openRowClient(origin: string, path: string, opts: RowClientOptions): RowClient {
  const u = new URL(origin)
  const rows = new Map<string, RowDto>()
  const counts: Record<string, number> = {}
  const statuses: number[] = []
  const sentIds: string[] = []
  const waiters = new Set<() => void>()
  let lastEventId = opts.lastEventId ?? ''
  let hadSnapshot = false
  let refusal = ''
  let stopped = false
  let open = false
  let paused = false
  let req: ClientRequest | null = null
  let res: IncomingMessage | null = null
  let retry: NodeJS.Timeout | null = null

  const notify = (): void => {
    for (const w of [...waiters]) w()
  }

  function dispatch(event: string, data: string, id: string | undefined): void {
    counts[event] = (counts[event] ?? 0) + 1
    if (event === 'snapshot') {
      const snap = JSON.parse(data) as { items: RowDto[] }
      rows.clear()
      for (const r of snap.items) rows.set(r.uid, r)
      hadSnapshot = true
    } else if ((event === 'added' || event === 'modified' || event === 'deleted') && hadSnapshot) {
      const row = JSON.parse(data) as RowDto
      if (event === 'deleted') rows.delete(row.uid)
      else rows.set(row.uid, row)
    } else if (event === 'error') {
      // The server's final frame (the upstream failed before a snapshot): like the renderer, do
      // not reconnect at once; keep the reason.
      refusal = data
      stopped = true
    }
    if (id !== undefined) lastEventId = id
  }

  /** Feeds one chunk: dispatches its complete frames (a comment-only frame is a ping), then wakes waiters. */
  function parser(): (chunk: string) => void {
    const feed = frameParser((f) => {
      if (f.comment !== undefined && f.data === undefined && f.id === undefined) counts.ping = (counts.ping ?? 0) + 1
      else dispatch(f.event ?? 'message', f.data ?? '', f.id)
    })
    return (chunk) => {
      feed(chunk)
      notify()
    }
  }

  function connect(): void {
    if (stopped) return
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${opts.token}` }
    if (lastEventId) headers['Last-Event-ID'] = lastEventId
    sentIds.push(lastEventId)
    const r = request({ host: u.hostname, port: Number(u.port), path, headers })
    req = r
    let ended = false
    /** This connection is over (closed, reset or refused to connect): maybe reconnect, once. */
    const over = (failed: boolean): void => {
      if (ended) return
      ended = true
      open = false
      res = null
      if (failed) statuses.push(0)
      notify()
      if (!stopped && opts.reconnect !== false) retry = setTimeout(connect, opts.reconnectMs ?? DEFAULT_RECONNECT_MS)
    }
    r.on('response', (response) => {
      statuses.push(response.statusCode ?? 0)
      if (response.statusCode !== 200) {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (c: string) => {
          body += c
        })
        response.on('end', () => {
          refusal = body
          stopped = true
          ended = true
          notify()
        })
        return
      }
      res = response
      open = true
      if (paused) response.pause()
      const feed = parser()
      response.setEncoding('utf8')
      response.on('data', feed)
      response.on('error', () => undefined)
      response.once('close', () => over(false))
    })
    r.on('error', () => {
      if (res === null && statuses.length < sentIds.length) over(true)
    })
    r.end()
  }

  connect()
  return {
    rows,
    counts,
    statuses,
    sentIds,
    get lastEventId() {
      return lastEventId
    },
    get refusal() {
      return refusal
    },
    get open() {
      return open
    },
    get stopped() {
      return stopped
    },
    pause() {
      paused = true
      res?.pause()
    },
    resume() {
      paused = false
      res?.resume()
    },
    close() {
      stopped = true
      if (retry) clearTimeout(retry)
      req?.destroy()
      notify()
    },
    waitUntil(cond, ms, what) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!cond()) return
          waiters.delete(check)
          clearTimeout(t)
          clearInterval(poll)
          resolve()
        }
        const t = setTimeout(() => {
          waiters.delete(check)
          clearInterval(poll)
          reject(new Error(`${what}: not reached within ${ms} ms`))
        }, ms)
        const poll = setInterval(check, 20)
        waiters.add(check)
        check()
      })
    }
  }
}
