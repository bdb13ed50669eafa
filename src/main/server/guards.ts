/**
 * The local server's request guards: token, Host (DNS rebinding) and Origin/CORS (spec §8).
 *
 * Why: the server hands out cluster data on a loopback port that every local process and every
 * web page in the user's browser can reach. A page on a rebound hostname sends its own Host; a
 * foreign page sends its Origin; neither knows the per-launch token. These checks run before any
 * work, and none of them ever puts the token (or a `?token=` query) into a message. A request
 * authenticates with `Authorization: Bearer`, with `?token=` on the stream routes only, or with
 * browser mode's session cookie (session.ts).
 * Lifecycle: pure functions over a `GuardConfig` made once per server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { SessionCookies } from './session.ts'

/** Bytes of entropy in a generated token (256 bits, as in the security checklist). */
export const TOKEN_BYTES = 32
/** A presented token longer than this is refused without comparing (no 1 MB compares). */
const MAX_TOKEN_LENGTH = 512

export interface GuardConfig {
  /** The bound port (known after listen). */
  readonly port: () => number
  readonly tls: boolean
  /** The launch token; it authenticates as `defaultActor`. */
  readonly token: string
  readonly defaultActor: string
  /** Browser mode: further tokens, each with the actor name it authenticates as. */
  readonly tokenActors: ReadonlyMap<string, string>
  /** Extra exact origins allowed to call (the Electron renderer's origin, a dev server). */
  readonly appOrigins: readonly string[]
}

/** A fresh random launch token (base64url, 43 characters). */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/**
 * True when the request's Host (or HTTP/2 `:authority`) is `127.0.0.1:<port>` or
 * `localhost:<port>` exactly. Anything else is a rebound or misdirected request.
 * @param rawHeaders when given, more than one Host header is refused too: Node keeps only the
 *   first, so `Host: 127.0.0.1:<port>` + `Host: evil.com` would otherwise pass (RFC 9112 §3.2).
 */
export function checkHost(headers: IncomingHttpHeaders, port: number, rawHeaders?: readonly string[]): boolean {
  if (rawHeaders) {
    let hosts = 0
    for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === 'host') hosts++
    if (hosts > 1) return false
  }
  const raw = headers[':authority'] ?? headers.host
  if (typeof raw !== 'string') return false
  const host = raw.toLowerCase()
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** The server's own origins plus the configured app origins. */
export function allowedOrigins(cfg: GuardConfig): readonly string[] {
  const scheme = cfg.tls ? 'https' : 'http'
  const port = cfg.port()
  return [`${scheme}://127.0.0.1:${port}`, `${scheme}://localhost:${port}`, ...cfg.appOrigins]
}

/** True when `origin` is absent (same-origin GET, curl) or exactly one of the allowed origins. */
export function originAllowed(origin: string | undefined, cfg: GuardConfig): boolean {
  return origin === undefined || allowedOrigins(cfg).includes(origin)
}

/**
 * The token a request presents: `Authorization: Bearer <t>` first, else `?token=<t>` — only where
 * `allowQuery` (the stream routes: an EventSource cannot send headers). Anywhere else a token in
 * the URL is ignored: URLs end up in logs, history and Referer headers.
 */
export function presentedToken(headers: IncomingHttpHeaders, query: URLSearchParams, allowQuery: boolean): string | undefined {
  const auth = headers.authorization
  if (typeof auth === 'string') {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth)
    return m ? m[1] : undefined
  }
  return allowQuery ? (query.get('token') ?? undefined) : undefined
}

/**
 * The actor of a request: by its token (header, or `?token=` where allowed) when it presents one,
 * else by its session cookie (browser mode), else null.
 */
export function authenticateRequest(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  allowQuery: boolean,
  cfg: GuardConfig,
  cookies?: SessionCookies
): string | null {
  const token = presentedToken(headers, query, allowQuery)
  if (token !== undefined || typeof headers.authorization === 'string') return authenticate(token, cfg)
  return cookies ? cookies.actorOf(headers) : null
}

/**
 * Which actor a token authenticates as, or null. Every comparison is constant-time
 * (`timingSafeEqual` after a length check), and every known token is compared, so the time
 * taken does not reveal which one matched.
 */
export function authenticate(presented: string | undefined, cfg: GuardConfig): string | null {
  if (presented === undefined || presented.length === 0 || presented.length > MAX_TOKEN_LENGTH) return null
  const p = Buffer.from(presented, 'utf8')
  let actor: string | null = null
  if (safeEqual(p, cfg.token)) actor = cfg.defaultActor
  for (const [tok, name] of cfg.tokenActors) {
    const eq = safeEqual(p, tok)
    if (eq && actor === null) actor = name
  }
  return actor
}

function safeEqual(p: Buffer, expected: string): boolean {
  const e = Buffer.from(expected, 'utf8')
  return p.length === e.length && timingSafeEqual(p, e)
}

/**
 * CORS headers for an allowed origin: echo it (never `*`) with `Vary: Origin`. Nothing for a
 * request without an Origin, except `Vary`, so caches never mix the two.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return { Vary: 'Origin' }
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
}

/** Headers of the answer to a CORS preflight from an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': 'GET, PUT',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
    // Preflights are cheap on loopback; ten minutes keeps them rare without pinning stale policy.
    'Access-Control-Max-Age': '600'
  }
}
