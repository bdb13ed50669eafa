/**
 * The static-token identities of a real cluster and the `--token-auth-file` that declares them.
 *
 * Why: bearer tokens are the cheapest real authentication kube-apiserver has, and they are what
 * Periscope's kubeconfigs carry. Besides the admin (group system:masters), callers can declare
 * extra users with their own groups; RBAC then decides, so tests can bind a user to one namespace.
 * The control plane's own clients get the identities upstream bootstrap RBAC already binds
 * (system:kube-controller-manager, system:kube-scheduler), so they run with real permissions.
 * Lifecycle: tokens are random per start (unless a caller fixes one), written once into the temp
 * dir; the file is re-read by the apiserver after restartApiserver.
 */
import { randomBytes } from 'node:crypto'

export interface RealClusterUserSpec {
  /** User name as RBAC sees it (a RoleBinding subject of kind User). */
  readonly name: string
  /** Bearer token; random when omitted. */
  readonly token?: string
  /** Groups (RBAC subjects of kind Group); none when omitted. */
  readonly groups?: readonly string[]
}

export interface RealClusterUser {
  readonly name: string
  readonly token: string
  readonly groups: readonly string[]
}

/** The admin identity (cluster-admin through system:masters), context `real-admin`. */
export const ADMIN_USER = 'periscope-admin'
/** Identities the upstream bootstrap ClusterRoleBindings already grant their component's rights. */
export const CONTROLLER_MANAGER_USER = 'system:kube-controller-manager'
export const SCHEDULER_USER = 'system:kube-scheduler'

/** Names the control plane reserves; a caller's extra user may not reuse them. */
const RESERVED = new Set([ADMIN_USER, CONTROLLER_MANAGER_USER, SCHEDULER_USER])

/** 32 random bytes, hex: a token nobody guesses, printable in a kubeconfig. */
export function randomToken(): string {
  return randomBytes(32).toString('hex')
}

/** Resolve the admin, the components' identities and the caller's extra users. @throws on a bad spec. */
export function resolveUsers(extra: readonly RealClusterUserSpec[] = []): {
  admin: RealClusterUser
  controllerManager: RealClusterUser
  scheduler: RealClusterUser
  extra: RealClusterUser[]
} {
  const seen = new Set<string>()
  const tokens = new Set<string>()
  const users = extra.map((u) => {
    if (!/^[\x21-\x7e]+$/.test(u.name) || u.name.includes(',')) throw new Error(`user name "${u.name}" must be printable ASCII without spaces or commas`)
    if (RESERVED.has(u.name) || seen.has(u.name)) throw new Error(`user name "${u.name}" is reserved or used twice`)
    seen.add(u.name)
    const token = u.token ?? randomToken()
    if (!/^[\x21-\x7e]+$/.test(token) || token.includes(',') || token.includes('"'))
      throw new Error(`token of user "${u.name}" must be printable ASCII without spaces, commas or quotes`)
    if (tokens.has(token)) throw new Error(`token of user "${u.name}" is used twice`)
    tokens.add(token)
    for (const g of u.groups ?? []) {
      if (!/^[\x21-\x7e]+$/.test(g) || g.includes(',') || g.includes('"'))
        throw new Error(`group "${g}" of user "${u.name}" must be printable ASCII without spaces, commas or quotes`)
    }
    return { name: u.name, token, groups: [...(u.groups ?? [])] }
  })
  return {
    admin: { name: ADMIN_USER, token: randomToken(), groups: ['system:masters'] },
    controllerManager: { name: CONTROLLER_MANAGER_USER, token: randomToken(), groups: [] },
    scheduler: { name: SCHEDULER_USER, token: randomToken(), groups: [] },
    extra: users
  }
}

/** The CSV kube-apiserver reads: `token,user,uid,"group1,group2"`, one user per line. */
export function renderTokenFile(users: readonly RealClusterUser[]): string {
  return users.map((u) => `${u.token},${u.name},uid-${u.name},"${u.groups.join(',')}"`).join('\n') + '\n'
}
