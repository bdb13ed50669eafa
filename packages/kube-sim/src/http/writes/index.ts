/**
 * Dispatch of the write verbs (POST, PUT, PATCH, DELETE) and of GET on `/scale`.
 *
 * Why: the server routes every non-read request here after authentication, route resolution
 * and authorization; this picks the handler by method and subresource, reads the body once,
 * and answers 405 for what the apiserver does not allow (POST on an object, PUT on a collection,
 * DELETE on a collection: deletecollection is not modelled).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ResourceRoute } from '../route.ts'
import { StoreError } from '../../store/types.ts'
import { decodeBody, readBody } from './body.ts'
import { writeCtx } from './context.ts'
import type { WriteDeps } from './context.ts'
import { serveCreate } from './create.ts'
import { serveDelete } from './delete.ts'
import { servePatch } from './patch.ts'
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

/** Serve a write (or a GET of /scale). Errors are thrown as StoreError for the caller's Status. */
export async function serveWrite(deps: WriteDeps, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET'
  const ctx = writeCtx(deps, route.kind, route, query)
  const raw = method === 'GET' ? Buffer.alloc(0) : await readBody(req)
  const contentType = req.headers['content-type']
  if (route.subresource === 'scale') {
    if (!route.name || (method !== 'GET' && method !== 'PUT' && method !== 'PATCH')) throw notAllowed()
    const body = method === 'PUT' ? decodeBody(raw, contentType, "couldn't get version/kind") : undefined
    return serveScale(ctx, res, method, contentType, raw, body)
  }
  if (method === 'PATCH') {
    if (!route.name) throw notAllowed()
    return servePatch(ctx, res, contentType, raw)
  }
  const body = decodeBody(raw, contentType, method === 'DELETE' ? 'DeleteOptions' : "couldn't get version/kind")
  if (method === 'POST') {
    if (route.name || route.subresource) throw notAllowed()
    return serveCreate(ctx, res, body)
  }
  if (!route.name) throw notAllowed()
  if (method === 'PUT') return serveReplace(ctx, res, body)
  if (route.subresource) throw notAllowed()
  serveDelete(ctx, res, body)
}
