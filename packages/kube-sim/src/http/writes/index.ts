/**
 * Dispatch of the write verbs (POST, PUT, PATCH, DELETE) and of GET on `/scale`.
 *
 * Why: the server routes every non-read request here after authentication, route resolution
 * and authorization; this picks the handler by method and subresource, reads the body once,
 * and answers 405 for what the apiserver does not allow (POST on an object, PUT on a collection);
 * DELETE on a collection is `deletecollection`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { groupVersion, kindDef } from '../../kinds.ts'
import type { KindDef } from '../../kinds.ts'
import { isObject } from '../../patch/json.ts'
import type { KubeObject } from '../../types.ts'
import type { ResourceRoute } from '../route.ts'
import type { VersionView } from '../versions.ts'
import { StoreError } from '../../store/types.ts'
import { decodeBody, readBody } from './body.ts'
import { writeCtx } from './context.ts'
import type { WriteCtx } from './context.ts'
import { checkFields } from '../../validate/strict.ts'
import type { WriteDeps } from './context.ts'
import { serveCreate } from './create.ts'
import { serveDelete } from './delete.ts'
import { serveDeleteCollection } from './deleteCollection.ts'
import { servePatch } from './patch.ts'
import { CONTAINER_SUBRESOURCES, containerSubresourceError, serveBinding, serveEviction } from './podSubresources.ts'
import { serveScale } from './scale.ts'
import { serveReplace } from './update.ts'

export type { WriteDeps } from './context.ts'

/** Methods this module handles. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const notAllowed = (): StoreError => new StoreError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})

/** The RBAC verb of a write request (for 403 messages). */
export function writeVerb(method: string, route: ResourceRoute): string {
  if (method === 'POST') return 'create'
  if (method === 'PUT') return 'update'
  if (method === 'PATCH') return 'patch'
  return route.name ? 'delete' : 'deletecollection'
}

/**
 * A body written to another served version, converted to the stored one after the checks of its
 * own version (identity, decoding as that version's Go type, unknown fields).
 */
function viewIn(ctx: WriteCtx, served: KindDef, view: VersionView, body: unknown): unknown {
  if (!isObject(body)) return body
  const gv = groupVersion(served)
  if (body.apiVersion !== undefined && body.apiVersion !== gv) {
    throw new StoreError(400, 'BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`)
  }
  ctx.warnings.push(...checkFields(served, { ...body, apiVersion: gv, kind: served.kind }, ctx.fieldValidation))
  return view.in({ ...body, metadata: isObject(body.metadata) ? body.metadata : {} } as KubeObject)
}

/** Serve a write (or a GET of /scale, or any request to a pod subresource other than /status). Errors are thrown as StoreError for the caller's Status. */
export async function serveWrite(deps: WriteDeps, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET'
  // Another served version: bodies are converted to the stored version right after decoding.
  const view = route.view
  const ctx = writeCtx(deps, view ? kindDef(route.kind.id) : route.kind, route, query)
  const raw = method === 'GET' ? Buffer.alloc(0) : await readBody(req)
  const contentType = req.headers['content-type']
  if (route.subresource === 'scale') {
    if (!route.name || (method !== 'GET' && method !== 'PUT' && method !== 'PATCH')) throw notAllowed()
    const body = method === 'PUT' ? decodeBody(raw, contentType, "couldn't get version/kind") : undefined
    return serveScale(ctx, res, method, contentType, raw, body)
  }
  if (route.subresource && CONTAINER_SUBRESOURCES.has(route.subresource)) throw containerSubresourceError(ctx)
  if (route.subresource === 'eviction' || route.subresource === 'binding') {
    if (method !== 'POST' || !route.name) throw notAllowed()
    const body = decodeBody(raw, contentType, "couldn't get version/kind")
    return route.subresource === 'eviction' ? serveEviction(ctx, res, body) : serveBinding(ctx, res, body)
  }
  if (method === 'PATCH') {
    if (!route.name) throw notAllowed()
    return servePatch(ctx, res, contentType, raw)
  }
  const decoded = decodeBody(raw, contentType, method === 'DELETE' ? 'DeleteOptions' : "couldn't get version/kind")
  const body = view && method !== 'DELETE' ? viewIn(ctx, route.kind, view, decoded) : decoded
  if (method === 'POST') {
    if (route.name || route.subresource) throw notAllowed()
    return serveCreate(ctx, res, body)
  }
  if (!route.name) {
    if (method === 'DELETE' && !route.subresource) return serveDeleteCollection(ctx, res, body)
    throw notAllowed()
  }
  if (method === 'PUT') return serveReplace(ctx, res, body)
  if (route.subresource) throw notAllowed()
  serveDelete(ctx, res, body)
}
