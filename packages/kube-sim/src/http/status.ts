/**
 * `Status` bodies, the apiserver's only error shape.
 *
 * Why: kubectl and client-node read `reason`, `code` and `message` from these bodies to print
 * "Error from server (NotFound): pods "x" not found" or "You must be logged in to the server
 * (Unauthorized)", so every error the simulator returns is one of these, never plain text.
 */
import type { ServerResponse } from 'node:http'
import { KINDS, groupVersion } from '../../../../src/shared/kinds/registry.ts'

export interface StatusBody {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: { continue?: string }
  status: 'Failure'
  message: string
  reason: string
  details?: Record<string, unknown>
  code: number
}

/** Build a failure Status. `details` is left out when undefined, as the apiserver omits it. */
export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>, continueToken?: string): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }
  if (continueToken) body.metadata.continue = continueToken
  if (details) body.details = details
  return body
}

/** Send a Status with its HTTP code (plus any extra headers, e.g. Retry-After). */
export function sendStatus(res: ServerResponse, body: StatusBody, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const json = JSON.stringify(body)
  res.writeHead(body.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), ...headers })
  res.end(json)
}

/** The apiserver's answer for a path it has no handler for. */
export const notFoundPath = (): StatusBody => statusBody(404, 'NotFound', 'the server could not find the requested resource', {})

/**
 * Answer a path nothing serves: under a served group-version (`/api/v1/...`, `/apis/apps/v1/...`)
 * the API handler's NotFound Status; anywhere else the HTTP mux's plain-text `404 page not found`,
 * as the real server (an unknown group has no handler at all).
 */
export function notFound(res: ServerResponse, path: string, servedGroupVersion: (p: string) => boolean = servesGroupVersion): void {
  if (servedGroupVersion(path)) return sendStatus(res, notFoundPath())
  const text = '404 page not found\n'
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

/** True for a path under a group-version this simulator serves. */
function servesGroupVersion(path: string): boolean {
  const segs = path.split('/').filter((s) => s !== '')
  const gv = segs[0] === 'api' ? segs[1] : segs[0] === 'apis' ? `${segs[1]}/${segs[2]}` : undefined
  return gv !== undefined && SERVED_GROUP_VERSIONS.has(gv)
}

const SERVED_GROUP_VERSIONS = new Set(KINDS.map(groupVersion))

export const unauthorized = (): StatusBody => statusBody(401, 'Unauthorized', 'Unauthorized')

export const methodNotAllowed = (): StatusBody => statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})

export const badRequest = (message: string): StatusBody => statusBody(400, 'BadRequest', message)
