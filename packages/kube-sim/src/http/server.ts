/**
 * The simulated apiserver's HTTP(S) server: authentication, routing, faults, and the request log.
 *
 * Why: one small dispatcher in front of the handlers, in the apiserver's order: authenticate
 * (401) → authorize (403, RBAC) → the self-reviews → OpenAPI and discovery → resolve the resource (404) → writes (and
 * /scale) to `writes/` → injected faults (500/429, list and watch only) → get / list / watch.
 * Every error is a Status body.
 * Lifecycle: created by `startSim`, listening on 127.0.0.1 only; `closeServer` ends every watch
 * and destroys the remaining sockets so shutdown never hangs.
 */
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { SimFaults } from '../faults.ts'
import type { Lifecycle } from '../lifecycle/lifecycle.ts'
import { openApiDocument, openApiV2 } from '../openapi/documents.ts'
import type { Authorizer } from '../rbac/authorizer.ts'
import { requestAttributes } from '../rbac/requestInfo.ts'
import { confirmNoEscalation } from '../rbac/escalation.ts'
import type { KindDef } from '../kinds.ts'
import type { KubeObject } from '../types.ts'
import { reviewKind, serveReview } from '../rbac/reviews.ts'
import type { SimStore } from '../store/store.ts'
import { StoreError } from '../store/types.ts'
import { wantsTable } from './accept.ts'
import { authorize, forbiddenStatus, userInfo } from './auth.ts'
import type { Authenticator } from './auth.ts'
import { discoveryDocument } from './discovery.ts'
import { AGGREGATED_CONTENT_TYPE, aggregatedDiscovery, wantsAggregated } from './discoveryV2.ts'
import { listPage, serveGet, serveList } from './list.ts'
import { logPath, serveLog } from './log.ts'
import type { LogDeps } from './log.ts'
import { listParams, queryBool, validateListParams } from './params.ts'
import type { TableOpts } from './list.ts'
import type { RequestLog } from './requestLog.ts'
import { POD_SUBRESOURCES, resolveRoute } from './route.ts'
import { badRequest, methodNotAllowed, notFound, sendStatus, statusBody, unauthorized } from './status.ts'
import { tableQueryOptions } from './table.ts'
import { serveWatch } from './watch.ts'
import { WRITE_METHODS, serveWrite } from './writes/index.ts'
import type { WatchHub } from './watchHub.ts'

export interface ServerDeps {
  readonly store: SimStore
  readonly hub: WatchHub
  readonly faults: SimFaults
  readonly requests: RequestLog
  readonly auth: Authenticator
  /** The authorizer every request (and every access review) is judged by. */
  readonly authz: Authorizer
  readonly bookmarkIntervalMs: number
  /** The `WatchList` feature gate: whether watches may ask for `sendInitialEvents` (SimOptions.featureGates). */
  readonly watchList: boolean
  /** Deletion, finalizers and garbage collection for the write verbs. */
  readonly lifecycle: Lifecycle
  /** Pod logs (`pods/{name}/log`): the kubelet's record and the open follows. */
  readonly logs?: LogDeps
  /** PEM key and certificate; plain http when undefined. */
  readonly tls?: { key: string; cert: string }
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const user = deps.auth.authenticate(req)
  if (!user) return sendStatus(res, unauthorized())
  const method = req.method ?? 'GET'
  const write = WRITE_METHODS.has(method)
  if (method !== 'GET' && method !== 'HEAD' && !write) return sendStatus(res, methodNotAllowed())
  const attrs = requestAttributes(method, url)
  const decision = authorize(deps.authz, user, attrs)
  if (!decision.allowed) return sendStatus(res, forbiddenStatus(user, attrs, decision.reason))
  const review = reviewKind(url.pathname)
  if (review)
    return method === 'POST'
      ? serveReview(deps.authz, (a) => authorize(deps.authz, user, a), userInfo(user), review, req, res)
      : sendStatus(res, methodNotAllowed())
  const log = method === 'GET' && deps.logs ? logPath(url.pathname) : undefined
  if (log && deps.logs) return serveLog(deps.logs, user, req, res, log.namespace, log.name, url.searchParams)
  const route0 = resolveRoute(url.pathname)
  if (!write && wantsAggregated(req.headers.accept)) {
    const v2 = aggregatedDiscovery(url.pathname)
    if (v2 !== undefined) {
      res.writeHead(200, { 'Content-Type': AGGREGATED_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(v2), Vary: 'Accept' })
      return void res.end(v2)
    }
  }
  const openapi = write ? undefined : url.pathname === '/openapi/v2' ? openApiV2(req.headers.accept) : openApiDocument(url.pathname)
  if (openapi !== undefined) {
    // The real /openapi/v3 index handler sets no Content-Type, so Go's sniffing labels it text/plain.
    const indexType = url.pathname.replace(/\/$/, '') === '/openapi/v3' ? 'text/plain; charset=utf-8' : 'application/json'
    const { body, contentType } = typeof openapi === 'string' ? { body: openapi, contentType: indexType } : openapi
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) })
    return void res.end(body)
  }
  const doc = write ? undefined : discoveryDocument(url.pathname)
  if (doc) {
    // `/api` names the address this server answers on (the real one: --advertise-address:port).
    if ('serverAddressByClientCIDRs' in doc)
      doc.serverAddressByClientCIDRs = [{ clientCIDR: '0.0.0.0/0', serverAddress: `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 443}` }]
    const json = JSON.stringify(doc)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) })
    return void res.end(json)
  }
  const route = route0
  if (!route) return notFound(res, url.pathname)
  const q = url.searchParams
  const { kind } = route
  const watch = !write && queryBool(q, 'watch') === true
  if (write || route.subresource === 'scale' || (route.subresource && POD_SUBRESOURCES.has(route.subresource))) {
    const admit = (k: KindDef, ns: string, obj: KubeObject): void =>
      confirmNoEscalation(deps.authz, deps.store, (a) => authorize(deps.authz, user, a), userInfo(user), k, ns, obj)
    return serveWrite({ ...deps, admit }, req, res, route, q)
  }
  let table: TableOpts
  if (wantsTable(req.headers.accept)) {
    const opts = tableQueryOptions(q)
    if ('error' in opts) return sendStatus(res, badRequest(opts.error))
    table = opts
  }
  if (route.name && !watch) return serveGet(deps.store, res, kind, route.namespace, route.name, table, route.view)
  const fault = deps.faults.take()
  if (fault?.code === 500) {
    return sendStatus(res, statusBody(500, 'InternalError', 'Internal error occurred: simulated fault (fail500)', { causes: [{ message: 'simulated fault' }] }))
  }
  if (fault?.code === 429) {
    return sendStatus(
      res,
      statusBody(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', {
        retryAfterSeconds: fault.retryAfterSeconds
      }),
      { 'Retry-After': String(fault.retryAfterSeconds) }
    )
  }
  const params = listParams(q)
  const invalid = validateListParams(params, deps.watchList)
  if (invalid) return sendStatus(res, invalid)
  const fieldSelector = route.name ? [params.fieldSelector, `metadata.name=${route.name}`].filter(Boolean).join(',') : params.fieldSelector
  const sel = { namespace: route.namespace, labelSelector: params.labelSelector, fieldSelector }
  const filter = deps.store.filter(kind.id, sel)
  if (watch) return serveWatch(deps, res, { kind, filter, params, table, view: route.view })
  await serveList(deps.store, res, kind, listPage(deps.store, kind, params, sel), table, route.view)
}

/** The request listener: logs, dispatches, and turns any thrown error into a Status. */
export function requestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const entry = deps.requests.add(req.method ?? 'GET', url.pathname, url.searchParams)
    const done = (): void => {
      entry.status = res.statusCode
    }
    handle(deps, req, res, url).then(done, (err: unknown) => {
      if (err instanceof StoreError) sendStatus(res, statusBody(err.code, err.reason, err.message, err.details, err.continueToken))
      else sendStatus(res, statusBody(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`))
      done()
    })
  }
}

/**
 * Every socket of a server, TLS handshake or not: `closeAllConnections` only knows the ones that
 * already carried a request, so a client whose handshake was under way at `stop()` would get its
 * watch served afterwards and hold the server open for good.
 */
const socketsOf = new WeakMap<Server, Set<Socket>>()

/** Create the (not yet listening) server. */
export function createSimServer(deps: ServerDeps): Server {
  const listener = requestListener(deps)
  const server = deps.tls ? createHttpsServer({ key: deps.tls.key, cert: deps.tls.cert }, listener) : createHttpServer(listener)
  const sockets = new Set<Socket>()
  socketsOf.set(server, sockets)
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  // Watches are long-lived: no request or keep-alive timeout may cut them.
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  server.keepAliveTimeout = 5_000
  return server
}

/** Listen on 127.0.0.1 only. @returns the bound port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      const addr = server.address()
      resolve(typeof addr === 'object' && addr ? addr.port : port)
    })
  })
}

/** End every watch, stop accepting, and destroy whatever sockets remain. */
export function closeServer(server: Server, hub: WatchHub): Promise<void> {
  hub.endAll()
  return new Promise((resolve) => {
    server.close(() => resolve())
    setImmediate(() => {
      server.closeAllConnections()
      for (const s of socketsOf.get(server) ?? []) s.destroy()
    })
  })
}
