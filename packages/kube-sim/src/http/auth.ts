/**
 * Bearer-token authentication and the authorization step of every request, with the apiserver's
 * messages.
 *
 * Why: kubectl prints "error: You must be logged in to the server (Unauthorized)" for a 401 and
 * the Status message for a 403, so both must match the real bodies (`forbiddenMessage` and
 * `apierrors.NewForbidden` in k8s.io/apiserver). Tokens are looked up by their SHA-256 digest, so
 * lookup time does not depend on how much of a token matches; tokens are never logged or echoed.
 * A token user is in its configured groups plus `system:authenticated`, as the apiserver's token
 * authenticators put it. Users given `allow`/`deny` kind lists (older tests' restricted users) are
 * judged by those lists instead of RBAC.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { KINDS } from '../kinds.ts'
import type { KindId } from '../kinds.ts'
import type { Authorizer } from '../rbac/authorizer.ts'
import type { Attributes, Decision, UserInfo } from '../rbac/types.ts'
import { statusBody } from './status.ts'
import type { StatusBody } from './status.ts'

/** A user of the simulated cluster. */
export interface SimUser {
  token: string
  name: string
  /** Groups besides `system:authenticated` (the admin is in `system:masters`). */
  groups?: string[]
  uid?: string
  /** Kinds this user may read; undefined = everything, others get 403. */
  allow?: KindId[]
  /** Kinds this user may not read (403), whatever `allow` says: "may not list pods". */
  deny?: KindId[]
}

/**
 * A request with no credentials at all: the apiserver's anonymous user (`--anonymous-auth`, on by
 * default) in the group `system:unauthenticated`, whom the bootstrap RBAC policy lets read only
 * the public info paths (`system:public-info-viewer`), so every resource is a 403 naming
 * `system:anonymous` and discovery is a 403 on the path.
 */
export const ANONYMOUS: SimUser = Object.freeze({ token: '', name: 'system:anonymous', groups: ['system:unauthenticated'] })

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

/** The group every authenticated user is in. */
export const AUTHENTICATED_GROUP = 'system:authenticated'

/** The authenticated user's `user.Info`: its name, uid and groups (plus `system:authenticated`). */
export function userInfo(user: SimUser): UserInfo {
  const groups = [...(user.groups ?? [])]
  if (user !== ANONYMOUS && !groups.includes(AUTHENTICATED_GROUP)) groups.push(AUTHENTICATED_GROUP)
  return user.uid ? { name: user.name, uid: user.uid, groups } : { name: user.name, groups }
}

const KIND_BY_GR = new Map<string, KindId>(KINDS.map((k) => [`${k.apiGroup}/${k.resource}`, k.id]))

/**
 * Authorize one request (or one access review): by the user's `allow`/`deny` lists when it has
 * them (any resource that is not one of the served kinds, and any non-resource path, is then
 * allowed), otherwise by the authorizer (system:masters, then RBAC).
 */
export function authorize(authz: Authorizer, user: SimUser, attrs: Attributes): Decision {
  if (user.allow === undefined && user.deny === undefined) return authz.authorize(userInfo(user), attrs)
  if (!attrs.resourceRequest) return { allowed: true, reason: '' }
  const kind = KIND_BY_GR.get(`${attrs.apiGroup}/${attrs.resource}`)
  return { allowed: kind === undefined || allowed(user, kind), reason: '' }
}

/**
 * The 403 Status of a denied request, as `responsewriters.Forbidden` writes it:
 * `pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "y"`,
 * `: <reason>` appended when the authorizer gave one; a path outside the API is
 * `forbidden: User "x" cannot get path "/foo"`.
 */
export function forbiddenStatus(user: SimUser, attrs: Attributes, reason: string): StatusBody {
  const suffix = reason ? `: ${reason}` : ''
  if (!attrs.resourceRequest)
    return statusBody(403, 'Forbidden', `forbidden: User ${JSON.stringify(user.name)} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}${suffix}`, {})
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope'
  const msg = `User ${JSON.stringify(user.name)} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${scope}${suffix}`
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource
  const head = qualified === '' ? 'forbidden' : attrs.name ? `${qualified} ${JSON.stringify(attrs.name)} is forbidden` : `${qualified} is forbidden`
  const details: Record<string, unknown> = {}
  if (attrs.name) details.name = attrs.name
  if (attrs.apiGroup) details.group = attrs.apiGroup
  if (attrs.resource) details.kind = attrs.resource
  return statusBody(403, 'Forbidden', `${head}: ${msg}`, details)
}

/** Whether `user` may read `kind`. */
export function allowed(user: SimUser, kind: KindId): boolean {
  if (user.deny?.includes(kind)) return false
  return user.allow === undefined || user.allow.includes(kind)
}
