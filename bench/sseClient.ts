/**
 * A measuring Node client of the local server's watch stream (`/api/clusters/{c}/{kind}/watch`).
 *
 * Why: the SSE client is the first consumer after the main process; its timings separate server
 * cost from renderer cost. It records when the snapshot starts and ends, the snapshot's rows and
 * bytes, and the arrival time of every delta by resourceVersion (the frame's `id:`).
 * Lifecycle: `openStream` sends the request → frames are parsed as chunks arrive (a 40 MB
 * snapshot is assembled from its chunks once, never re-scanned) → `close()` aborts the request.
 */
import { request } from 'node:http'
import type { ClientRequest } from 'node:http'

/** Epoch milliseconds with sub-millisecond resolution (comparable across processes). */
export const epochMs = (): number => performance.timeOrigin + performance.now()

export interface StreamTimes {
  /** Request sent (epoch ms). */
  readonly start: number
  headers?: number
  /** First bytes of the snapshot frame arrived. */
  snapshotFirstByte?: number
  /** Snapshot frame complete and parsed. */
  snapshotDone?: number
  snapshotRows?: number
  snapshotBytes?: number
  /** JSON.parse of the snapshot's data line alone. */
  snapshotParseMs?: number
}

export interface SseStream {
  readonly times: StreamTimes
  /** Delta arrivals: resourceVersion → epoch ms of the first arrival. */
  readonly deltas: Map<string, number>
  /** Frames by event type. */
  readonly counts: Record<string, number>
  /** Resolves at the snapshot (rejects when the stream fails first, or after `timeoutMs`). */
  snapshot(timeoutMs: number): Promise<StreamTimes>
  close(): void
}

/** Open a watch stream on `origin` (http) with the bearer `token`. */
export function openStream(origin: string, token: string, path: string): SseStream {
  const times: StreamTimes = { start: epochMs() }
  const deltas = new Map<string, number>()
  const counts: Record<string, number> = {}
  let fail: ((e: Error) => void) | undefined
  let snapResolve: ((t: StreamTimes) => void) | undefined
  let failed: Error | undefined
  const parts: string[] = []
  let lastChar = ''

  const onFrame = (frame: string, at: number): void => {
    let event = 'message'
    let id = ''
    let data = ''
    let pos = 0
    while (pos < frame.length) {
      let nl = frame.indexOf('\n', pos)
      if (nl < 0) nl = frame.length
      const line = frame.slice(pos, nl)
      pos = nl + 1
      if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('id: ')) id = line.slice(4)
      else if (line.startsWith('data: ')) data = line.slice(6)
    }
    counts[event] = (counts[event] ?? 0) + 1
    // An early partial snapshot (no `id:`, `"partial":true`, then `progress`: rowFrames.ts) only
    // gives first rows; "complete" is the full snapshot that follows it, the one with an id.
    if (event === 'snapshot' && times.snapshotDone === undefined && id !== '') {
      const p0 = performance.now()
      const snap = JSON.parse(data) as { items: unknown[] }
      times.snapshotParseMs = performance.now() - p0
      times.snapshotDone = epochMs()
      times.snapshotRows = snap.items.length
      times.snapshotBytes = frame.length
      snapResolve?.(times)
    } else if ((event === 'added' || event === 'modified' || event === 'deleted') && id && !deltas.has(id)) {
      deltas.set(id, at)
    }
  }

  const onChunk = (c: string): void => {
    const at = epochMs()
    if (times.snapshotFirstByte === undefined && parts.length === 0 && c.includes('event: snapshot')) times.snapshotFirstByte = at
    let from = 0
    // A frame boundary may straddle two chunks ("\n" | "\n").
    if (lastChar === '\n' && c.startsWith('\n') && parts.length > 0) {
      onFrame(parts.join('').slice(0, -1), at)
      parts.length = 0
      from = 1
    }
    for (;;) {
      const i = c.indexOf('\n\n', from)
      if (i < 0) break
      parts.push(c.slice(from, i))
      onFrame(parts.length === 1 ? (parts[0] as string) : parts.join(''), at)
      parts.length = 0
      from = i + 2
    }
    if (from < c.length) {
      parts.push(c.slice(from))
      if (times.snapshotFirstByte === undefined && parts.length === 1 && c.includes('event: snapshot', from)) times.snapshotFirstByte = at
    }
    lastChar = c.length > 0 ? (c[c.length - 1] as string) : lastChar
  }

  const u = new URL(path, origin)
  const req: ClientRequest = request(
    { host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } },
    (res) => {
      times.headers = epochMs()
      if (res.statusCode !== 200) {
        failed = new Error(`GET ${u.pathname} answered ${res.statusCode}`)
        fail?.(failed)
        res.resume()
        return
      }
      res.setEncoding('utf8')
      res.on('data', onChunk)
      res.on('end', () => {
        failed ??= new Error(`stream ${u.pathname} ended`)
        fail?.(failed)
      })
    }
  )
  req.on('error', (e) => {
    failed ??= e
    fail?.(e)
  })
  req.end()

  return {
    times,
    deltas,
    counts,
    snapshot(timeoutMs) {
      if (times.snapshotDone !== undefined) return Promise.resolve(times)
      if (failed) return Promise.reject(failed)
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no snapshot on ${u.pathname} within ${timeoutMs} ms`)), timeoutMs)
        snapResolve = (v) => {
          clearTimeout(t)
          resolve(v)
        }
        fail = (e) => {
          clearTimeout(t)
          reject(e)
        }
      })
    },
    close() {
      req.destroy()
    }
  }
}

/** GET a JSON document from the local server. */
export async function getJson<T>(origin: string, token: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, origin), { headers: { Authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
  return (await res.json()) as T
}
