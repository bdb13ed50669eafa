/**
 * The local watch-stream server: HTTP/1.1 on 127.0.0.1, or HTTP/2 + TLS with HTTP/1.1 fallback.
 *
 * Why: the renderer (and curl, and browser mode) reach cluster data only through this server
 * (spec §4, §8, §9). It binds loopback only, on port 0 by default; every request passes the
 * guards (Host → Origin → token) before any work, then the shared route table and this server's
 * handler table (handlers.ts); only those routes exist. Any local process can connect, token or
 * not, so what a connection can hold is bounded (SERVER_LIMITS): connections at once, HTTP/2
 * streams per connection, header size and count, idle connections and sessions closed, and the
 * unsent bytes of all streams together (sse/budget.ts). Browser mode signs in once: the page
 * `/?token=<t>` is redirected to `/` with a session cookie (session.ts).
 * Lifecycle: `startLocalServer` listens and returns the real port; settings changes close the
 * streams of disabled kinds; `close()` ends every stream (freeing their cap slots), closes
 * HTTP/2 sessions and sockets, and stops listening. It does not close the engine (its owner does).
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { createSecureServer } from 'node:http2'
import type { Http2SecureServer, Http2Session } from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import { createStreamLimiter } from '../limiter/streamLimiter.ts'
import type { StreamLimiter } from '../limiter/streamLimiter.ts'
import type { WatchEngine } from '../watch/types.ts'
import type { ServerContext } from './context.ts'
import { ROUTES } from '../../shared/api/routes.ts'
import { authenticate, authenticateRequest, checkHost, corsHeaders, originAllowed, preflightHeaders } from './guards.ts'
import type { GuardConfig } from './guards.ts'
import { dispatch } from './handlers.ts'
import type { KubeconfigReloadResponse, KubeconfigView } from '../../shared/api/kubeconfig.ts'
import type { LogBudget } from './logs/budget.ts'
import { resLike, sendError, sendNotFound } from './respond.ts'
import type { Req, Res } from './respond.ts'
import { allowedMethods, matchRoute, parseTarget } from './router.ts'
import { createSessionCookies } from './session.ts'
import type { SessionCookies } from './session.ts'
import { createBufferBudget, MAX_TOTAL_BUFFERED_BYTES } from './sse/budget.ts'
import { serveStatic } from './static.ts'
import { createStreamRegistry } from './streams.ts'
import type { StreamRegistry } from './streams.ts'
import { generateCertificate } from './tls.ts'
import type { ServerCertificate } from './tls.ts'

/** Request headers larger than this are refused with 431 (ours are < 1 KB). */
const MAX_HEADER_BYTES = 16 * 1024
/** Header fields per request (HTTP/2); a browser sends ~20. */
const MAX_HEADER_PAIRS = 64
/** nghttp2's memory per HTTP/2 session (header tables, frames in flight), in MB. */
const MAX_SESSION_MEMORY_MB = 32
/** On close, sockets still open after this grace period are destroyed. */
const CLOSE_GRACE_MS = 1_000
/** Request headers must arrive within this (a slow-headers client holds a connection slot). */
const HEADERS_TIMEOUT_MS = 10_000

/** What one server may hold; tests lower them. */
export interface ServerLimits {
  /**
   * TCP connections at once, all protocols. The window needs one (HTTP/2), a browser tab up to 6
   * (HTTP/1.1); further connections are closed at once.
   */
  readonly maxConnections: number
  /** HTTP/2 streams open at once per connection: 20 live lists plus their requests fit easily. */
  readonly maxConcurrentStreams: number
  /**
   * A connection (or HTTP/2 session) that moves no byte for this long is closed. Streams ping
   * every 15 s; a polled list waits at most a page deadline (60 s) for the apiserver.
   */
  readonly idleMs: number
  /** Unsent bytes of all streams together (sse/budget.ts). */
  readonly maxBufferedBytesTotal: number
}

export const SERVER_LIMITS: ServerLimits = {
  maxConnections: 256,
  maxConcurrentStreams: 128,
  idleMs: 120_000,
  maxBufferedBytesTotal: MAX_TOTAL_BUFFERED_BYTES
}

export interface LocalServerOptions {
  readonly engine: WatchEngine
  readonly config: RuntimeConfig
  readonly token: string
  /** The desktop user: the actor of the launch token. */
  readonly actor: string
  /** Browser mode: token → actor name. */
  readonly tokenActors?: ReadonlyMap<string, string>
  readonly version: string
  /** 0 (default) = the OS picks. */
  readonly port?: number
  /** Serve HTTP/2 over TLS (with HTTP/1.1 fallback) on a per-launch certificate. */
  readonly tls?: boolean
  /** Exact extra origins allowed to call (e.g. the Electron renderer's). */
  readonly appOrigins?: readonly string[]
  /** The built renderer to serve at `/`; omitted = a 503 "run npm run build" page. */
  readonly rendererDir?: string
  readonly pingMs?: number
  readonly maxBufferedBytes?: number
  readonly limiter?: StreamLimiter
  readonly log?: (line: string) => void
  /** `GET /api/kubeconfig`: describes the kubeconfig from its files (no network); absent = 404. */
  readonly kubeconfig?: () => Promise<KubeconfigView>
  /** `POST /api/kubeconfig/reload`: re-read the files and rebuild changed clusters; absent = 404. */
  readonly reloadKubeconfig?: () => KubeconfigReloadResponse
  /** The memory bound of all log streams (default: one per process, logs/budget.ts). */
  readonly logBudget?: LogBudget
  /** Bounds on connections, streams and buffers (default SERVER_LIMITS). */
  readonly limits?: Partial<ServerLimits>
}

export interface LocalServer {
  readonly port: number
  /** `http(s)://127.0.0.1:<port>` */
  readonly origin: string
  /** Present with `tls`: for the Electron session to pin. */
  readonly certificate?: Pick<ServerCertificate, 'certPem' | 'fingerprint256'>
  readonly streams: StreamRegistry
  close(): Promise<void>
}

/** Start listening on 127.0.0.1. @returns once the port is bound. */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  let port = 0
  const tls = opts.tls === true
  const guard: GuardConfig = {
    port: () => port,
    tls,
    token: opts.token,
    defaultActor: opts.actor,
    tokenActors: opts.tokenActors ?? new Map(),
    appOrigins: opts.appOrigins ?? []
  }
  const limits: ServerLimits = { ...SERVER_LIMITS, ...opts.limits }
  const streams = createStreamRegistry()
  const ctx: ServerContext = {
    engine: opts.engine,
    config: opts.config,
    streams,
    version: opts.version,
    limiter: opts.limiter ?? createStreamLimiter(() => opts.config.perUserLimit()),
    pingMs: opts.pingMs,
    maxBufferedBytes: opts.maxBufferedBytes,
    log: opts.log ?? ((l) => console.log(l)),
    budget: createBufferBudget(limits.maxBufferedBytesTotal),
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.reloadKubeconfig ? { reloadKubeconfig: opts.reloadKubeconfig } : {}),
    ...(opts.logBudget ? { logBudget: opts.logBudget } : {})
  }
  /** Made once the port is known (the cookie name carries it). */
  const session: { cookies?: SessionCookies } = {}
  const stopListening = opts.config.onChange(() => {
    // The kinds grammar governs row (watch) streams; log streams are not list views of a kind.
    const n = streams.closeWhere((s) => s.type === 'rows' && !opts.config.isEnabled(s.kind), 'kind disabled in settings')
    if (n > 0) ctx.log(`closed ${n} stream(s) of kinds disabled in settings`)
  })
  const handler = (req: Req, res: Res): void => {
    handle(ctx, guard, session.cookies, opts.rendererDir, req, res).catch((e: unknown) => {
      ctx.log(`request failed: ${(e as Error).message}`)
      if (!resLike(res).headersSent) sendError(res, 500, 'internal error')
      else resLike(res).end()
    })
  }
  const cert = tls ? await generateCertificate() : undefined
  const server: Server | Http2SecureServer = cert
    ? createSecureServer(
        {
          key: cert.keyPem,
          cert: cert.certPem,
          allowHTTP1: true,
          maxSessionMemory: MAX_SESSION_MEMORY_MB,
          maxHeaderListPairs: MAX_HEADER_PAIRS,
          settings: { maxHeaderListSize: MAX_HEADER_BYTES, maxConcurrentStreams: limits.maxConcurrentStreams }
        },
        handler
      )
    : createServer({ maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 2 * HEADERS_TIMEOUT_MS }, handler)
  // Idle HTTP/1 connections (no byte either way) are destroyed by the server's default 'timeout'.
  server.setTimeout(limits.idleMs)
  server.maxConnections = limits.maxConnections
  const sockets = new Set<Socket>()
  const sessions = new Set<Http2Session>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  server.on('session', (s: Http2Session) => {
    sessions.add(s)
    s.once('close', () => sessions.delete(s))
    // A session that moves no byte for idleMs (a client holding unread streams) is closed.
    s.setTimeout(limits.idleMs, () => s.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0 }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  session.cookies = createSessionCookies(new Map([[opts.token, opts.actor], ...(opts.tokenActors ?? new Map<string, string>())]), port, tls)
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  let closing: Promise<void> | null = null
  return {
    port,
    origin,
    streams,
    ...(cert ? { certificate: { certPem: cert.certPem, fingerprint256: cert.fingerprint256 } } : {}),
    close: () => (closing ??= shutdown())
  }

  async function shutdown(): Promise<void> {
    stopListening()
    streams.closeAll('server shutting down')
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const s of sessions) s.close()
    if ('closeIdleConnections' in server) server.closeIdleConnections()
    const timer = setTimeout(() => {
      for (const s of sockets) s.destroy()
    }, CLOSE_GRACE_MS)
    await closed
    clearTimeout(timer)
  }
}

async function handle(
  ctx: ServerContext,
  guard: GuardConfig,
  cookies: SessionCookies | undefined,
  rendererDir: string | undefined,
  req: Req,
  res: Res
): Promise<void> {
  const method = req.method ?? 'GET'
  if (!checkHost(req.headers, guard.port(), req.rawHeaders)) {
    return sendError(res, 421, 'misdirected request: the Host header must be 127.0.0.1:<port> or localhost:<port>')
  }
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined
  if (!originAllowed(origin, guard)) return sendError(res, 403, 'forbidden: requests from this Origin are not allowed', { Vary: 'Origin' })
  const cors = corsHeaders(origin)
  const target = parseTarget(req.url ?? '/')
  if (!target.ok) return sendError(res, target.status, target.error, cors)
  const matched = matchRoute(target.segments, target.query)
  if (matched.ok && matched.route.name === 'static' && (method === 'GET' || method === 'HEAD')) {
    if (target.query.has('token') && cookies) return signIn(res, guard, cookies, target.pathname, target.query)
    // Browser mode: the page learns whether it is signed in (its cookie is HttpOnly) from the page
    // itself, so a tab without the link makes no request at all.
    const session = cookies ? (cookies.actorOf(req.headers) !== null ? 'ok' : 'none') : undefined
    return serveStatic(res, rendererDir, matched.route.segments, method === 'HEAD', session)
  }
  if (method === 'OPTIONS' && origin !== undefined) {
    resLike(res).writeHead(204, preflightHeaders(origin))
    resLike(res).end()
    return
  }
  // ?token= only where an EventSource needs it (the stream routes); a cookie in browser mode.
  const streamRoute = matched.ok && matched.route.name !== 'static' && matched.route.name !== 'notFound' && 'stream' in ROUTES[matched.route.name]
  const actor = authenticateRequest(req.headers, target.query, streamRoute, guard, cookies)
  if (actor === null) {
    return sendError(
      res,
      401,
      'unauthorized: send the launch token as "Authorization: Bearer <token>" (or ?token=<token> on a stream route), or sign in at /?token=<token>',
      { ...cors, 'WWW-Authenticate': 'Bearer' }
    )
  }
  if (!matched.ok) return sendError(res, matched.status, matched.error, cors)
  const route = matched.route
  const allowed = allowedMethods(route)
  if (!allowed.includes(method))
    return sendError(res, 405, `method ${method} not allowed here; allowed: ${allowed.join(', ')}`, { ...cors, Allow: allowed.join(', ') })
  for (const [k, v] of Object.entries(cors)) resLike(res).setHeader(k, v)
  if (route.name === 'static' || route.name === 'notFound') return sendNotFound(res, target.pathname)
  const done = dispatch(ctx, method, { req, res, route, pathname: target.pathname, query: target.query, actor, origin })
  if (done === false) return sendNotFound(res, target.pathname)
  return done
}

/**
 * The sign-in URL `/?token=<t>` (browser mode): a good token gets its session cookie and a 303 to
 * the same page without the token; a wrong one gets the same redirect without a cookie and with
 * `signin=expired`, so the page can say the link is from an earlier launch.
 * Nothing here is cached, and the token never appears in the answer or a log.
 */
function signIn(res: Res, guard: GuardConfig, cookies: SessionCookies, pathname: string, query: URLSearchParams): void {
  const token = query.getAll('token')
  const value = token.length === 1 && authenticate(token[0], guard) !== null ? cookies.valueFor(token[0]) : undefined
  const rest = new URLSearchParams(query)
  rest.delete('token')
  if (!value) rest.set('signin', 'expired')
  const clean = `${pathname}${rest.size > 0 ? `?${rest.toString()}` : ''}`
  const r = resLike(res)
  r.writeHead(303, {
    Location: clean,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': 0,
    ...(value ? { 'Set-Cookie': cookies.setCookie(value) } : {})
  })
  r.end()
}
