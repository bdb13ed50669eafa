/**
 * The launcher's own tiny HTTPS client for the apiserver: readiness probes, creating the fake
 * Node objects, checking that they are Ready.
 *
 * Why not @kubernetes/client-node: the launcher needs four requests, and keeping it on node:https
 * means the harness tests the product's client instead of depending on it.
 * Lifecycle: one per cluster, stateless (no keep-alive agent, so nothing holds the event loop).
 */
import { request } from 'node:https'

export interface ApiResponse {
  readonly status: number
  readonly body: string
}

export interface ApiClient {
  call(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs?: number): Promise<ApiResponse>
}

/** A single request should never take this long on loopback; probes retry anyway. */
const REQUEST_TIMEOUT_MS = 10_000

export function apiClient(url: string, caPem: string, token: string): ApiClient {
  const base = new URL(url)
  return {
    call(method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      return new Promise<ApiResponse>((resolve, reject) => {
        const req = request(
          {
            host: base.hostname,
            port: base.port,
            method,
            path,
            ca: caPem,
            agent: false,
            timeout: timeoutMs,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json',
              ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
            }
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
            res.on('error', reject)
          }
        )
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)))
        req.on('error', reject)
        req.end(payload)
      })
    }
  }
}

/** Poll `probe` every `intervalMs` until it returns true; reject with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = ''
  for (;;) {
    signal?.throwIfAborted()
    try {
      if (await probe()) return
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err)
    }
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
