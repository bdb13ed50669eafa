/**
 * Response helpers shared by every route: JSON bodies, precise errors, the common headers.
 *
 * Why: every answer carries the same hardening headers and the same `{error, code}` error shape
 * (spec §4), and error text never echoes a URL or query (it may hold the token).
 * Lifecycle: stateless.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { ErrorBody } from '../../shared/api/wire.ts'

/** Either flavour of request. */
export type Req = IncomingMessage | Http2ServerRequest

/** Either flavour of response; the helpers use only what both share. */
export type Res = ServerResponse | Http2ServerResponse

/** Minimal common surface of both response types (the union's methods are not callable as-is). */
export interface ResLike {
  readonly headersSent: boolean
  setHeader(name: string, value: string | number | readonly string[]): unknown
  writeHead(status: number, headers?: Record<string, string | number>): unknown
  write(chunk: string | Uint8Array): boolean
  end(chunk?: string | Uint8Array): unknown
  once(event: 'close', listener: () => void): unknown
}

/** @returns the response as the common surface. */
export function resLike(res: Res): ResLike {
  return res as unknown as ResLike
}

/** Headers on every API answer: never cached, never sniffed. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff'
}

/** Send a JSON body. */
export function sendJson(res: Res, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  const r = resLike(res)
  r.writeHead(status, { ...API_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  r.end(text)
}

/** Send `{error, code}` with the HTTP status as `code`. */
export function sendError(res: Res, status: number, error: string, headers: Record<string, string> = {}): void {
  const body: ErrorBody = { error, code: status }
  sendJson(res, status, body, headers)
}

/** The 404 of a path that does not exist (also used for disabled kinds: indistinguishable). */
export function sendNotFound(res: Res, pathname: string): void {
  sendError(res, 404, `not found: ${pathname.slice(0, 200)}`)
}
