/**
 * Raw HTTP/1.1 requests for hostile-input tests: exact bytes on a socket, so the request target,
 * the Host header (or its absence) and odd headers reach the server unnormalised.
 *
 * Why: node:http and fetch normalise URLs, always send Host, and refuse some header values;
 * an attacker's client does none of that. Lifecycle: one socket per request, closed after the
 * answer (Connection: close) or after a bounded timeout.
 */
import { connect } from 'node:net'

export interface RawAnswer {
  /** HTTP status, or 0 when the server closed the connection without an answer. */
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** Per-request ceiling: a hostile request must be answered (or dropped) quickly. */
const RAW_TIMEOUT_MS = 5_000

/**
 * Send `GET target` (or another method) with exactly `headers` (no Host unless given).
 * @param port the local server's port on 127.0.0.1.
 */
export function raw(
  port: number,
  target: string,
  headers: readonly [string, string][],
  opts: { method?: string; body?: string; version?: '1.0' | '1.1' } = {}
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    let data = ''
    const timer = setTimeout(() => {
      sock.destroy()
      reject(new Error(`no answer to ${opts.method ?? 'GET'} ${target.slice(0, 80)} within ${RAW_TIMEOUT_MS} ms`))
    }, RAW_TIMEOUT_MS)
    sock.setEncoding('utf8')
    sock.on('data', (c: string) => {
      data += c
    })
    sock.on('error', () => undefined)
    sock.on('close', () => {
      clearTimeout(timer)
      const head = data.indexOf('\r\n\r\n')
      const lines = (head < 0 ? data : data.slice(0, head)).split('\r\n')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
      const hs: Record<string, string> = {}
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':')
        if (i > 0) hs[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim()
      }
      let body = head < 0 ? '' : data.slice(head + 4)
      if (hs['transfer-encoding'] === 'chunked') body = unchunk(body)
      resolve({ status: m ? Number(m[1]) : 0, headers: hs, body })
    })
    const body = opts.body ?? ''
    const all: [string, string][] = [...headers, ['Connection', 'close']]
    if (body) all.push(['Content-Length', String(Buffer.byteLength(body))])
    sock.write(`${opts.method ?? 'GET'} ${target} HTTP/${opts.version ?? '1.1'}\r\n${all.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`)
  })
}

function unchunk(s: string): string {
  let out = ''
  let i = 0
  while (i < s.length) {
    const nl = s.indexOf('\r\n', i)
    if (nl < 0) break
    const n = parseInt(s.slice(i, nl), 16)
    if (!n) break
    out += s.slice(nl + 2, nl + 2 + n)
    i = nl + 2 + n + 2
  }
  return out
}
