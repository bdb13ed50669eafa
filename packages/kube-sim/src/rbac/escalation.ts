/**
 * RBAC's escalation check on writing roles and bindings (pkg/registry/rbac/role|clusterrole|
 * rolebinding|clusterrolebinding/policybased, and pkg/registry/rbac/validation
 * `ConfirmNoEscalation`): a user may only grant what they hold.
 *
 * Why: with RBAC real, a user allowed to create RoleBindings (the `admin` ClusterRole allows it in
 * a namespace) could otherwise bind `cluster-admin` to themselves; the apiserver refuses that with
 * `… is forbidden: user "x" (groups=["…"]) is attempting to grant RBAC permissions not currently
 * held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`, unless the user is in
 * system:masters, has `escalate` on the role resource (roles), or `bind` on the referenced role
 * (bindings). A ClusterRole with an aggregationRule needs cluster-admin privileges.
 * Pure apart from reading the store through the authorizer.
 */
import type { KindDef } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import { StoreError } from '../store/types.ts'
import type { KubeObject } from '../types.ts'
import { PRIVILEGED_GROUP } from './authorizer.ts'
import type { Authorizer } from './authorizer.ts'
import { compactRules, compactString, covers } from './covers.ts'
import type { Attributes, Decision, PolicyRule, RoleRef, UserInfo } from './types.ts'

const RBAC_GROUP = 'rbac.authorization.k8s.io'

function forbidden(kind: KindDef, name: string, message: string): StoreError {
  return new StoreError(403, 'Forbidden', `${kind.resource}.${RBAC_GROUP} ${JSON.stringify(name)} is forbidden: ${message}`, {
    name,
    group: RBAC_GROUP,
    kind: kind.resource
  })
}

/** Go's `%q` of a []string: `["a" "b"]`. */
const goQuoted = (list: readonly string[]): string => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`

/** `ConfirmNoEscalation`: the sorted, compacted rules the user lacks, or '' when they hold them all. */
function missingRights(authz: Authorizer, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string {
  const { rules: owned, errors } = authz.rulesFor(user, namespace)
  const { covered, missing } = covers(owned, rules)
  if (covered) return ''
  const lines = [...new Set(compactRules(missing).map(compactString))].sort()
  const msg = `user ${JSON.stringify(user.name)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`
  return errors.length ? `${msg}; resolution errors: [${errors.join(' ')}]` : msg
}

/** The rules a binding's roleRef names, or undefined when the role does not exist. */
function referencedRules(store: SimStore, ref: RoleRef, namespace: string): PolicyRule[] | undefined {
  const rec =
    ref.kind === 'ClusterRole' ? store.get('clusterroles', undefined, ref.name) : ref.kind === 'Role' ? store.get('roles', namespace, ref.name) : undefined
  if (!rec) return undefined
  const rules = (store.object(rec) as unknown as { rules?: PolicyRule[] }).rules
  return Array.isArray(rules) ? rules : []
}

/**
 * Refuse a create or update of an RBAC object that grants more than `user` holds.
 * @param decide the request path's decision for this user (for `escalate` and `bind`).
 * @throws StoreError 403 with the apiserver's message.
 */
export function confirmNoEscalation(
  authz: Authorizer,
  store: SimStore,
  decide: (a: Attributes) => Decision,
  user: UserInfo,
  kind: KindDef,
  namespace: string,
  obj: KubeObject
): void {
  if (kind.apiGroup !== RBAC_GROUP || user.groups.includes(PRIVILEGED_GROUP)) return
  const name = obj.metadata?.name ?? ''
  const ask = (verb: string, resource: string, n: string): boolean =>
    decide({ resourceRequest: true, verb, apiGroup: RBAC_GROUP, apiVersion: '*', resource, subresource: '', namespace, name: n }).allowed
  const o = obj as unknown as { rules?: PolicyRule[]; roleRef?: RoleRef; aggregationRule?: unknown }
  if (kind.id === 'roles' || kind.id === 'clusterroles') {
    if (ask('escalate', kind.resource, name)) return
    if (kind.id === 'clusterroles' && o.aggregationRule) throw forbidden(kind, name, 'must have cluster-admin privileges to use the aggregationRule')
    const missing = missingRights(authz, user, namespace, o.rules ?? [])
    if (missing) throw forbidden(kind, name, missing)
    return
  }
  const ref = o.roleRef
  if (!ref) return // validation answers the missing roleRef
  if (ask('bind', ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles', ref.name)) return
  const rules = referencedRules(store, ref, namespace)
  if (!rules) throw forbidden(kind, name, `${ref.kind.toLowerCase()}.${RBAC_GROUP} ${JSON.stringify(ref.name)} not found`)
  const missing = missingRights(authz, user, namespace, rules)
  if (missing) throw forbidden(kind, name, missing)
}
