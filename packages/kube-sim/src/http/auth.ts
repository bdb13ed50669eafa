/**
 * Bearer-token authentication and per-kind authorization, with the apiserver's messages.
 *
 * Why: kubectl prints "error: You must be logged in to the server (Unauthorized)" for a 401 and
 * the Status message for a 403, so both must match the real bodies. Tokens are looked up by their
 * SHA-256 digest, so lookup time does not depend on how much of a token matches; tokens are never
 * logged or echoed.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { KindDef, KindId } from '../kinds.ts'
import { statusBody } from './status.ts'
import type { StatusBody } from './status.ts'

/** A user of the simulated cluster. */
export interface SimUser {
  token: string
  name: string
  /** Kinds this user may read; undefined = everything, others get 403. */
  allow?: KindId[]
  /** Kinds this user may not read (403), whatever `allow` says: "may not list pods". */
  deny?: KindId[]
}

/**
 * A request with no credentials at all: the apiserver's anonymous user (`--anonymous-auth`, on by
 * default), whom RBAC lets read only the public info paths, so every resource is a 403 naming
 * `system:anonymous` and discovery is a 403 on the path.
 */
export const ANONYMOUS: SimUser = Object.freeze({ token: '', name: 'system:anonymous', allow: [] as KindId[] })

/** Non-resource paths RBAC's `system:public-info-viewer` grants everyone, anonymous included. */
const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz'])

/** The 403 of a non-resource path for a user who may not read it. */
export function forbiddenPath(user: SimUser, path: string): StatusBody | undefined {
  if (user !== ANONYMOUS || PUBLIC_PATHS.has(path)) return undefined
  return statusBody(403, 'Forbidden', `forbidden: User "${user.name}" cannot get path "${path}"`, {})
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex')

export class Authenticator {
  private readonly byDigest = new Map<string, SimUser>()

  /** @param users every accepted token and its user. */
  constructor(users: readonly SimUser[]) {
    for (const u of users) this.byDigest.set(digest(u.token), u)
  }

  /** The user of a request's `Authorization: Bearer` token, ANONYMOUS without one, or undefined for a bad token (→ 401). */
  authenticate(req: IncomingMessage): SimUser | undefined {
    const h = req.headers.authorization
    if (!h) return ANONYMOUS
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
    return m ? this.byDigest.get(digest(m[1])) : undefined
  }
}

/** Whether `user` may read `kind`. */
export function allowed(user: SimUser, kind: KindId): boolean {
  if (user.deny?.includes(kind)) return false
  return user.allow === undefined || user.allow.includes(kind)
}

/**
 * The 403 Status, worded like the apiserver's RBAC denial:
 * `pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "default"`.
 */
export function forbidden(user: SimUser, verb: string, kind: KindDef, namespace: string | undefined, name?: string): StatusBody {
  const qualified = kind.apiGroup ? `${kind.resource}.${kind.apiGroup}` : kind.resource
  const subject = name ? `${qualified} "${name}"` : qualified
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
  const message = `${subject} is forbidden: User "${user.name}" cannot ${verb} resource "${kind.resource}" in API group "${kind.apiGroup}" ${scope}`
  const details: Record<string, unknown> = { kind: kind.resource }
  if (name) details.name = name
  if (kind.apiGroup) details.group = kind.apiGroup
  return statusBody(403, 'Forbidden', message, details)
}
