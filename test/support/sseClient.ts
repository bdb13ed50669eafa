/**
 * A small SSE client for tests over HTTP/1.1 (node:http) or an HTTP/2 session: parses frames as
 * they arrive and waits for them with a bounded timeout.
 */
import { request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { ClientHttp2Session } from 'node:http2'
import { frameParser } from './sseFrames.ts'
import type { Frame } from './sseFrames.ts'

export type { Frame }

export interface SseConn {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly frames: Frame[]
  /** Resolves when the server ends or drops the stream. */
  readonly ended: Promise<void>
  /** Wait for the n-th frame (0-based) matching `pred`, at most `ms`. */
  waitFor(pred: (f: Frame) => boolean, ms?: number): Promise<Frame>
  /** The body text so far (for non-200 answers). */
  text(): string
  close(): void
  /** Stop reading (the peer's buffers then fill up: a slow consumer). */
  pause(): void
}

function makeConn(status: number, headers: IncomingHttpHeaders, stream: NodeJS.ReadableStream, close: () => void): SseConn {
  const frames: Frame[] = []
  let raw = ''
  const waiters = new Set<() => void>()
  const feed = frameParser((f) => {
    frames.push(f)
    for (const w of [...waiters]) w()
  })
  let endedResolve: () => void = () => undefined
  const ended = new Promise<void>((r) => {
    endedResolve = r
  })
  stream.setEncoding('utf8')
  stream.on('data', (c: string) => {
    raw += c
    feed(c)
  })
  stream.on('end', () => {
    endedResolve()
    for (const w of [...waiters]) w()
  })
  stream.on('close', () => {
    endedResolve()
    for (const w of [...waiters]) w()
  })
  stream.on('error', () => endedResolve())
  return {
    status,
    headers,
    frames,
    ended,
    text: () => raw,
    close,
    pause: () => {
      stream.pause()
    },
    waitFor(pred, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const f = frames.find(pred)
          if (f) {
            waiters.delete(check)
            clearTimeout(t)
            resolve(f)
          }
        }
        const t = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(frames.map((x) => x.event ?? x.comment))}`))
        }, ms)
        waiters.add(check)
        check()
      })
    }
  }
}

/** Host and port of an origin; the path is passed raw (a URL string would normalise `%2e%2e`). */
function at(origin: string): { host: string; port: number } {
  const u = new URL(origin)
  return { host: u.hostname, port: Number(u.port) }
}

/** Open an SSE request over HTTP/1.1. */
export function openSse(origin: string, path: string, headers: Record<string, string> = {}): Promise<SseConn> {
  return new Promise((resolve, reject) => {
    const req = request({ ...at(origin), path, headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      resolve(
        makeConn(res.statusCode ?? 0, res.headers, res, () => {
          req.destroy()
        })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/** Open an SSE request as one stream of an HTTP/2 session. */
export function openSseH2(session: ClientHttp2Session, path: string, headers: Record<string, string> = {}): Promise<SseConn> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path, accept: 'text/event-stream', ...headers })
    req.on('response', (h) => {
      resolve(
        makeConn(Number(h[':status']), h as IncomingHttpHeaders, req, () => {
          req.close()
        })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/** A plain JSON request over HTTP/1.1. */
export function getJson(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ ...at(origin), path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
      })
      res.on('end', () => {
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          body = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text })
      })
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}
