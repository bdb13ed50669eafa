/**
 * Requests to any kube-apiserver, simulated or real, exactly as a client sends them: HTTPS with
 * the server's CA, a bearer token, chosen Accept / Content-Type headers, the raw body kept.
 *
 * Why: the differential suite and the two-backend conformance tests must send the SAME bytes to
 * both servers and read everything they answer (status, headers, body), so nothing here
 * interprets Kubernetes semantics. Lifecycle: one connection per request (no keep-alive pool, so
 * no socket outlives a test); a watch is read until the caller's condition, a bound, or the end.
 */
import { request } from 'node:https'
import type { IncomingHttpHeaders } from 'node:http'

/** Where and as whom to connect. */
export interface ApiTarget {
  /** `https://127.0.0.1:<port>` */
  readonly url: string
  readonly caPem: string
  readonly token: string
}

export interface ApiReply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown
}

export interface ApiRequestOptions {
  /** An object (sent as JSON) or a raw string (sent as is). */
  readonly body?: unknown
  readonly contentType?: string
  readonly accept?: string
  /** Another bearer token (a restricted or a wrong one); `''` sends no Authorization at all. */
  readonly token?: string
  readonly timeoutMs?: number
}

/** One request should never take this long on loopback. */
const REQUEST_TIMEOUT_MS = 20_000

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    return undefined
  }
}

function headersFor(t: ApiTarget, o: { token?: string; accept?: string }, body?: string, contentType?: string): Record<string, string> {
  const token = o.token ?? t.token
  const h: Record<string, string> = { accept: o.accept ?? 'application/json' }
  if (token !== '') h.authorization = `Bearer ${token}`
  if (body !== undefined) {
    h['content-type'] = contentType ?? 'application/json'
    h['content-length'] = String(Buffer.byteLength(body))
  }
  return h
}

/** Send one request and read the whole answer. */
export function apiRequest(t: ApiTarget, method: string, path: string, o: ApiRequestOptions = {}): Promise<ApiReply> {
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  const timeoutMs = o.timeoutMs ?? REQUEST_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { method, ca: t.caPem, agent: false, timeout: timeoutMs, headers: headersFor(t, o, body, o.contentType) }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** GET and parse; rejects on a non-2xx status, naming it and the body. */
export async function apiGet<T>(t: ApiTarget, path: string, o: ApiRequestOptions = {}): Promise<T> {
  const r = await apiRequest(t, 'GET', path, o)
  if (r.status < 200 || r.status > 299) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 500)}`)
  return r.json as T
}

/** A watch event as sent on the wire. */
export interface WireEvent {
  readonly type: string
  readonly object: Record<string, unknown>
}

export interface WatchResult {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  /** Parsed events, in order (a non-200 answer has none; its body is in `text`). */
  readonly events: WireEvent[]
  /** The server ended the stream (as opposed to the caller stopping it). */
  readonly ended: boolean
  readonly text: string
}

export interface WatchOptions {
  readonly accept?: string
  readonly token?: string
  /** Stop reading once this holds for the events so far. */
  readonly until?: (events: readonly WireEvent[]) => boolean
  /** Stop reading after this long regardless (the result says `ended: false`). */
  readonly maxMs: number
  /** Called once the response headers arrived (the watch is registered server-side). */
  readonly onOpen?: () => void
}

/** Open a watch (`path` carries `watch=1` etc.) and collect its events. */
export function apiWatch(t: ApiTarget, path: string, o: WatchOptions): Promise<WatchResult> {
  return new Promise((resolve, reject) => {
    const events: WireEvent[] = []
    let buf = ''
    let text = ''
    let done = false
    let status = 0
    let headers: IncomingHttpHeaders = {}
    const finish = (ended: boolean): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (status === 0) reject(new Error(`watch ${path}: no answer within ${o.maxMs} ms`))
      else resolve({ status, headers, events, ended, text })
      if (!ended) req.destroy()
    }
    const timer = setTimeout(() => finish(false), o.maxMs)
    const req = request(`${t.url}${path}`, { method: 'GET', ca: t.caPem, agent: false, headers: headersFor(t, o) }, (res) => {
      status = res.statusCode ?? 0
      headers = res.headers
      o.onOpen?.()
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
        if (status !== 200) return
        buf += c
        let nl: number
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim()
          buf = buf.slice(nl + 1)
          if (line) events.push(JSON.parse(line) as WireEvent)
        }
        if (o.until?.(events)) finish(false)
      })
      res.on('end', () => finish(true))
      res.on('error', () => finish(false))
    })
    req.on('error', (err) => {
      if (done) return
      done = true
      clearTimeout(timer)
      reject(err)
    })
    req.end()
  })
}
