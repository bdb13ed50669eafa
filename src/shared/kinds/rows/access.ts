/**
 * Access row projections (ServiceAccount, Role, ClusterRole, RoleBinding, ClusterRoleBinding),
 * ports of kubectl's server-side `printServiceAccount`, `printRole`, `printClusterRole`,
 * `printRoleBinding` and `printClusterRoleBinding` (with `rbac.SubjectsStrings`).
 *
 * Lifecycle: pure functions, called once per object per watch event.
 */
import { createdAtText } from './config.ts'
import type { Projector } from './types.ts'

/** `printServiceAccount`: SECRETS is the number of `secrets` references. */
export const projectServiceAccount: Projector = (obj) => ({
  cells: { secrets: Array.isArray(obj.secrets) ? obj.secrets.length : 0, age: obj.metadata?.creationTimestamp ?? null }
})

/** `printRole` / `printClusterRole`: CREATED AT. */
export const projectRole: Projector = (obj) => ({ cells: { createdAt: createdAtText(obj.metadata?.creationTimestamp) } })

interface BindingLike {
  readonly roleRef?: { readonly kind?: string; readonly name?: string }
  readonly subjects?: readonly { readonly kind?: string; readonly name?: string; readonly namespace?: string }[]
}

/**
 * `printRoleBinding` / `printClusterRoleBinding`: ROLE is `<kind>/<name>` of the roleRef; the
 * wide USERS, GROUPS and SERVICEACCOUNTS are `rbac.SubjectsStrings`, each joined by `, `, a
 * service account as `namespace/name` (`/name` when it has none: kubectl's `%s/%s`).
 */
export const projectBinding: Projector = (obj) => {
  const b = obj as BindingLike
  const users: string[] = []
  const groups: string[] = []
  const sas: string[] = []
  for (const s of b.subjects ?? []) {
    const name = s.name ?? ''
    if (s.kind === 'User') users.push(name)
    else if (s.kind === 'Group') groups.push(name)
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${name}`)
  }
  return {
    cells: {
      role: `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      age: obj.metadata?.creationTimestamp ?? null,
      users: users.join(', '),
      groups: groups.join(', '),
      serviceAccounts: sas.join(', ')
    }
  }
}
