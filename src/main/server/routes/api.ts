/**
 * The JSON routes: `/api/features`, `/api/clusters`, the polled list, `/api/settings`, `/debug/*`.
 *
 * Why: each is a thin read of the engine or the live config; they share validation done by the
 * router and the error shape of `respond.ts`.
 * Lifecycle: stateless handlers, one call per request.
 */
import type { CollectionRoute, RouteOf } from '../../../shared/api/routes.ts'
import type { ErrorBody, FeaturesResponse, ObjectResponse } from '../../../shared/api/wire.ts'
import type { ServerContext } from '../context.ts'
import { sendError, sendJson, sendNotFound } from '../respond.ts'
import type { Req, Res } from '../respond.ts'
import { routeKind } from './routeKind.ts'
import type { ClusterKindsResponse } from '../../../shared/api/wire.ts'
import { customEnabled } from '../../../shared/kinds/grammar.ts'

/** Largest settings body accepted: the kinds and cap are ~60 bytes, a ui patch at most UI_MAX_BYTES. */
const MAX_SETTINGS_BODY = 16 * 1024

/** `GET /api/features`: enabled kinds (registry order), version, per-user cap. */
export function features(ctx: ServerContext, res: Res): void {
  const s = ctx.config.current()
  const body: FeaturesResponse = { watchStreams: s.enabled, custom: s.custom, version: ctx.version, perUserLimit: s.perUserLimit }
  sendJson(res, 200, body)
}

/** `GET /api/clusters`: every cluster with its status and reason, and its per-kind problems. */
export function clusters(ctx: ServerContext, res: Res): void {
  sendJson(res, 200, ctx.engine.clusters())
}

/**
 * `GET /api/kubeconfig`: the kubeconfig browser (contexts, clusters, auth method names,
 * namespaces, files, problems), built from the files and the offline cache: no apiserver call.
 */
export async function kubeconfig(ctx: ServerContext, res: Res): Promise<void> {
  const describe = ctx.kubeconfig
  if (!describe) return sendError(res, 404, 'the kubeconfig browser is not available in this server')
  try {
    sendJson(res, 200, await describe())
  } catch (e) {
    ctx.log(`kubeconfig browser failed: ${(e as Error).message}`)
    sendError(res, 500, `cannot describe the kubeconfig: ${(e as Error).message}`)
  }
}

/**
 * `POST /api/kubeconfig/reload`: read the kubeconfig files again now and rebuild the clusters
 * whose entries changed (new server or CA: relist; new credentials: retry), as the file watch
 * does on its own; answers what was read.
 */
export function reloadKubeconfig(ctx: ServerContext, res: Res): void {
  const reload = ctx.reloadKubeconfig
  if (!reload) return sendError(res, 404, 'this server does not read a kubeconfig (demo cluster only)')
  try {
    sendJson(res, 200, reload())
  } catch (e) {
    ctx.log(`kubeconfig reload failed: ${(e as Error).message}`)
    sendError(res, 500, `cannot reload the kubeconfig: ${(e as Error).message}`)
  }
}

/** `POST /api/clusters/{cluster}/retry`: probe the cluster now and wake its watches; answers its status. */
export async function retryCluster(ctx: ServerContext, res: Res, cluster: string): Promise<void> {
  if (!ctx.engine.hasCluster(cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
  try {
    sendJson(res, 200, await ctx.engine.retryCluster(cluster))
  } catch (e) {
    if ((e as { code?: unknown }).code === 'UnknownCluster') return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
    sendError(res, 502, `retrying cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
}

/**
 * The status a failed upstream LIST is answered with: the apiserver's own 403 (RBAC) and 404 (not
 * served) pass through, so a client sees the precise refusal; anything else is a 502.
 */
export function upstreamStatus(e: unknown): 403 | 404 | 502 {
  const status = (e as { status?: unknown }).status
  return status === 403 || status === 404 ? status : 502
}

/** The polled list: every registered kind, enabled or not. */
export async function list(ctx: ServerContext, res: Res, pathname: string, route: CollectionRoute): Promise<void> {
  const { cluster } = route
  if (!route.kind && !route.kindToken.includes('.')) return sendNotFound(res, pathname)
  if (!ctx.engine.hasCluster(cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
  let resolved
  try {
    resolved = await routeKind(ctx, route)
  } catch (e) {
    return sendError(res, 502, `discovery of cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
  if (!resolved.ok) return resolved.error ? sendError(res, 404, resolved.error) : sendNotFound(res, pathname)
  const { kind, namespace } = resolved
  try {
    const rows = await ctx.engine.list({ cluster, kind: kind.id, namespace })
    sendJson(res, 200, rows)
  } catch (e) {
    if ((e as { code?: unknown }).code === 'UnknownCluster') return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
    const status = upstreamStatus(e)
    // A refusal carries the apiserver's words as they are ("403 Forbidden: pods is forbidden: …").
    if ((e as { noAccess?: unknown }).noAccess === true)
      return sendJson(res, 403, { error: (e as Error).message, code: 403, noAccess: true } satisfies ErrorBody)
    if (status !== 502) return sendError(res, status, (e as Error).message)
    sendError(res, 502, `listing ${kind.id} in cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
}

/** `GET /api/clusters/{cluster}/{kind}/objects/{name}?namespace=`: one object for the detail drawer. */
export async function object(ctx: ServerContext, res: Res, pathname: string, route: RouteOf<'object'>): Promise<void> {
  const { cluster, objectName: name } = route
  if (!route.kind && !route.kindToken.includes('.')) return sendNotFound(res, pathname)
  if (!ctx.engine.hasCluster(cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
  let resolved
  try {
    resolved = await routeKind(ctx, route)
  } catch (e) {
    return sendError(res, 502, `discovery of cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
  if (!resolved.ok) return resolved.error ? sendError(res, 404, resolved.error) : sendNotFound(res, pathname)
  const { kind, namespace } = resolved
  if (kind.namespaced && namespace === '') return sendError(res, 400, `${kind.id} are namespaced: give ?namespace=`)
  try {
    const body: ObjectResponse = { object: await ctx.engine.getObject({ cluster, kind: kind.id, namespace }, name) }
    sendJson(res, 200, body)
  } catch (e) {
    const status = (e as { status?: unknown }).status
    if (status === 404) return sendError(res, 404, `${kind.id} ${JSON.stringify(name)} not found${namespace ? ` in namespace ${namespace}` : ''}`)
    if ((e as { code?: unknown }).code === 'UnknownCluster') return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
    sendError(res, 502, `getting ${kind.id} ${JSON.stringify(name)} from cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
}

/**
 * `GET /api/clusters/{cluster}/kinds`: the custom kinds the cluster serves (discovery), and the
 * tokens the kinds setting names that it does not serve (reported, never dropped silently).
 */
export async function clusterKinds(ctx: ServerContext, res: Res, cluster: string): Promise<void> {
  if (!ctx.engine.hasCluster(cluster)) return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
  if (!ctx.engine.customKinds) return sendJson(res, 200, { kinds: [], reason: '', unserved: [] } satisfies ClusterKindsResponse)
  try {
    const found = await ctx.engine.customKinds(cluster)
    const sel = ctx.config.current().custom
    const served = new Set<string>(found.kinds.map((k) => k.id))
    const body: ClusterKindsResponse = {
      kinds: found.kinds,
      reason: found.reason,
      ...(found.discoveredAt ? { discoveredAt: found.discoveredAt } : {}),
      // Named tokens only: "every custom kind" cannot name one that is missing.
      unserved: found.discoveredAt ? sel.tokens.filter((t) => customEnabled(sel, t) && !served.has(t)) : []
    }
    sendJson(res, 200, body)
  } catch (e) {
    if ((e as { code?: unknown }).code === 'UnknownCluster') return sendError(res, 404, `unknown cluster ${JSON.stringify(cluster)}`)
    sendError(res, 502, `discovery of cluster ${JSON.stringify(cluster)} failed: ${(e as Error).message}`)
  }
}

/** `GET /debug/streams`: one entry per open stream (ids only, never a URL or token). */
export function debugStreams(ctx: ServerContext, res: Res): void {
  sendJson(res, 200, ctx.streams.list())
}

/** `GET /debug/watches`: the engine's upstream watches. */
export function debugWatches(ctx: ServerContext, res: Res): void {
  sendJson(res, 200, ctx.engine.debugWatches())
}

/** `GET /api/settings`: values in force, which are pinned by the env and why, any launch problem. */
export function getSettings(ctx: ServerContext, res: Res): void {
  sendJson(res, 200, ctx.config.current())
}

/** `PUT /api/settings`: 400 with the parser's message, 409 for a pinned field, 200 with the new view. */
export async function putSettings(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const type = String(req.headers['content-type'] ?? '')
  if (!/^application\/json\s*(;|$)/i.test(type)) return sendError(res, 415, 'settings must be sent as Content-Type: application/json')
  const body = await readBody(req, MAX_SETTINGS_BODY)
  if (body === null) return sendError(res, 413, `settings body larger than ${MAX_SETTINGS_BODY} bytes`)
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (e) {
    return sendError(res, 400, `settings body is not valid JSON: ${(e as Error).message}`)
  }
  const r = await ctx.config.update(json)
  if (!r.ok) return sendError(res, r.status, r.error)
  // The window saves its place and columns often (ui): only a change of what streams is logged.
  const keys = typeof json === 'object' && json !== null ? Object.keys(json) : []
  if (keys.some((k) => k !== 'ui')) ctx.log(`settings changed: watchStreams=${JSON.stringify(r.settings.watchStreams)} perUserLimit=${r.settings.perUserLimit}`)
  sendJson(res, 200, r.settings)
}

/** The request body as text, or null when it is larger than `max`. */
function readBody(req: Req, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) over = true
      else chunks.push(c)
    })
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
