/**
 * `Status` bodies, the apiserver's only error shape.
 *
 * Why: kubectl and client-node read `reason`, `code` and `message` from these bodies to print
 * "Error from server (NotFound): pods "x" not found" or "You must be logged in to the server
 * (Unauthorized)", so every error the simulator returns is one of these, never plain text.
 */
import type { ServerResponse } from 'node:http'

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

export const unauthorized = (): StatusBody => statusBody(401, 'Unauthorized', 'Unauthorized')

export const methodNotAllowed = (): StatusBody =>
  statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})

export const badRequest = (message: string): StatusBody => statusBody(400, 'BadRequest', message)
