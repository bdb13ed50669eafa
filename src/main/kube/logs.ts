/**
 * One upstream pod log request: `GET /api/v1/namespaces/{ns}/pods/{name}/log?timestamps=true…`
 * over the cluster's transport (its auth and TLS), read line by line.
 *
 * Why: the transport reads bounded JSON documents and watch streams; a log follow is neither: it
 * is plain text, may stay quiet for hours (a container that logs nothing), and may carry a line
 * of any length. So this module has its own bounds: TCP keep-alive probes keep a quiet follow's
 * connection honest without any traffic, a long idle bound (IDLE_MS) ends a follow that has been
 * silent long enough to be suspect (the caller reconnects with `sinceTime` and loses nothing), and
 * an over-long line is cut (MAX_LINE_CHARS) with a marker instead of buffered without limit.
 * Lifecycle: `readPodLog` resolves when the apiserver ends the body (a follow ends when the
 * container stops), rejects with an UpstreamError otherwise ('aborted' when `signal` fires).
 */
import { normaliseLogTime } from '../../shared/api/logTime.ts'
import { UpstreamError, classifyNetworkError } from './errors.ts'
import type { PodLogQuery, PodLogRequest, RawLogLine } from './logSource.ts'
import type { Transport } from './transport.ts'

/** A follow silent this long is re-opened (from its last line, nothing lost): quiet containers are normal, dead connections are not. */
export const IDLE_MS = 10 * 60_000
/** TCP keep-alive probe delay: detects a dead peer on a quiet follow without sending data. */
const KEEPALIVE_MS = 30_000
/** Longest line kept; the rest is cut with a marker (the kubelet itself splits at 16 KiB). */
export const MAX_LINE_CHARS = 64 * 1024

/** Split one line (without its newline) into timestamp and text. */
export function parseLogLine(line: string): RawLogLine {
  const sp = line.indexOf(' ')
  const t = sp > 0 ? normaliseLogTime(line.slice(0, sp)) : undefined
  const m = t === undefined ? line : line.slice(sp + 1)
  const text = m.length > MAX_LINE_CHARS ? `${m.slice(0, MAX_LINE_CHARS)} … [line cut: ${m.length - MAX_LINE_CHARS} more characters]` : m
  return { t: t ?? '', m: text.endsWith('\r') ? text.slice(0, -1) : text }
}

/** Read one pod's log (see the file comment). */
export async function readPodLog(transport: Transport, namespace: string, pod: string, q: PodLogQuery, req: PodLogRequest): Promise<void> {
  const what = `logs of pod ${pod} (container ${q.container})`
  const query: Record<string, string> = { container: q.container, timestamps: 'true' }
  if (q.follow) query.follow = 'true'
  if (q.previous) query.previous = 'true'
  if (q.tailLines !== undefined) query.tailLines = String(q.tailLines)
  if (q.sinceSeconds !== undefined) query.sinceSeconds = String(q.sinceSeconds)
  if (q.sinceTime !== undefined) query.sinceTime = q.sinceTime
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`
  const ac = new AbortController()
  const onAbort = (): void => ac.abort()
  req.signal.addEventListener('abort', onAbort, { once: true })
  if (req.signal.aborted) ac.abort()
  let idle = false
  const timer = setTimeout(() => {
    idle = true
    ac.abort()
  }, IDLE_MS)
  try {
    const res = await transport.stream(path, query, ac.signal, what)
    res.socket?.setKeepAlive(true, KEEPALIVE_MS)
    req.onOpen?.()
    await new Promise<void>((resolve, reject) => {
      let buf = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        timer.refresh()
        const parts = (buf + chunk).split('\n')
        buf = parts.pop() ?? ''
        if (buf.length > MAX_LINE_CHARS * 2) buf = buf.slice(0, MAX_LINE_CHARS * 2)
        if (parts.length > 0) req.onLines(parts.map(parseLogLine))
      })
      res.on('end', () => {
        if (buf !== '') req.onLines([parseLogLine(buf)])
        resolve()
      })
      res.on('error', (err) => reject(classifyNetworkError(err, transport.host)))
      res.on('close', () => {
        if (!res.complete) reject(new UpstreamError('network', `${what}: the connection to ${transport.host} closed mid-stream`))
      })
    })
  } catch (err) {
    if (idle) throw new UpstreamError('liveness', `${what}: no line for ${IDLE_MS / 60_000} min`)
    throw req.signal.aborted ? new UpstreamError('aborted', `${what} was cancelled`) : err
  } finally {
    clearTimeout(timer)
    req.signal.removeEventListener('abort', onAbort)
    ac.abort()
  }
}
