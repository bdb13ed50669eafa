/**
 * The simulated apiserver's authorizer: the privileged-group authorizer (`system:masters` may do
 * anything) followed by RBAC over the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings
 * in the store (plugin/pkg/auth/authorizer/rbac/rbac.go and
 * pkg/registry/rbac/validation/rule.go `VisitRulesFor`).
 *
 * Why: every request, every SelfSubjectAccessReview and every SelfSubjectRulesReview asks the
 * same question, so they share one evaluator. Order and wording are the real ones: the
 * ClusterRoleBindings first, then the RoleBindings of the request's namespace; the first rule
 * that allows answers `RBAC: allowed by RoleBinding "name/namespace" of ClusterRole "view" to
 * User "x"`; a denial has no reason unless a binding names a role that does not exist.
 * Aggregated ClusterRoles are not re-aggregated: the bootstrap ones arrive already filled in.
 * Lifecycle: parses the RBAC objects once and re-reads them after any write to the four kinds
 * (a store watch marks the index stale), so a binding created with kubectl takes effect at the
 * next request; `stop()` ends those watches.
 */
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import { ruleAllows } from './match.ts'
import type { Attributes, Decision, PolicyRule, RoleRef, Subject, UserInfo } from './types.ts'

/** `user.SystemPrivilegedGroup`: the apiserver allows it everything before RBAC is asked. */
export const PRIVILEGED_GROUP = 'system:masters'
const RBAC_KINDS: readonly KindId[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']

interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding'
  readonly name: string
  readonly namespace: string
  readonly subjects: readonly Subject[]
  readonly roleRef: RoleRef
}

interface Index {
  readonly clusterBindings: readonly Binding[]
  readonly bindingsByNs: ReadonlyMap<string, readonly Binding[]>
  readonly clusterRoles: ReadonlyMap<string, readonly PolicyRule[]>
  /** Roles by `namespace/name`. */
  readonly roles: ReadonlyMap<string, readonly PolicyRule[]>
}

/** One rule source as the authorizer describes it in its reason. */
interface Visit {
  readonly source: string
  readonly rules: readonly PolicyRule[]
}

/** `describeSubject`: `User "x"`, `Group "g"`, `ServiceAccount "name/namespace"`. */
function describeSubject(s: Subject, bindingNs: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount ${JSON.stringify(`${s.name}/${s.namespace || bindingNs}`)}`
  return `${s.kind} ${JSON.stringify(s.name)}`
}

/** `appliesTo`: whether a subject names this user, one of its groups, or its service account. */
function appliesTo(user: UserInfo, s: Subject, bindingNs: string): boolean {
  switch (s.kind) {
    case 'User':
      return user.name === s.name
    case 'Group':
      return user.groups.includes(s.name)
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${s.namespace || bindingNs}:${s.name}`
    default:
      return false
  }
}

export class Authorizer {
  private index: Index | undefined
  private readonly cancels: (() => void)[] = []

  /** @param store the store holding the RBAC objects. */
  private readonly store: SimStore

  constructor(store: SimStore) {
    this.store = store
    for (const kind of RBAC_KINDS) {
      const h = store.watch(kind, store.filter(kind, {}), undefined, () => {
        this.index = undefined
      })
      this.cancels.push(h.cancel)
    }
  }

  /** Stop following the store. */
  stop(): void {
    for (const c of this.cancels.splice(0)) c()
  }

  /** Whether `user` may do what `attrs` describe, and why (the authorizer's reason). */
  authorize(user: UserInfo, attrs: Attributes): Decision {
    if (user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, reason: '' }
    const errors: string[] = []
    for (const v of this.visits(user, attrs.resourceRequest ? attrs.namespace : '', errors)) {
      if (v.rules.some((r) => ruleAllows(attrs, r))) return { allowed: true, reason: `RBAC: allowed by ${v.source}` }
    }
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' }
  }

  /**
   * Every rule that applies to `user` in `namespace` ('' = cluster-wide only), in the order the
   * RBAC rule resolver finds them, and the resolution errors (`RulesFor`).
   */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const errors: string[] = []
    const rules = this.visits(user, namespace, errors).flatMap((v) => v.rules)
    return { rules, errors }
  }

  /** `VisitRulesFor`: the ClusterRoleBindings, then the namespace's RoleBindings, that apply to the user. */
  private visits(user: UserInfo, namespace: string, errors: string[]): Visit[] {
    const idx = (this.index ??= this.build())
    const out: Visit[] = []
    const visit = (b: Binding): void => {
      const subject = b.subjects.find((s) => appliesTo(user, s, b.namespace))
      if (!subject) return
      const rules = this.roleRules(idx, b)
      if (!rules) {
        errors.push(`${b.roleRef.kind.toLowerCase()}.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`)
        return
      }
      const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name
      out.push({
        source: `${b.kind} ${JSON.stringify(name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, b.namespace)}`,
        rules
      })
    }
    for (const b of idx.clusterBindings) visit(b)
    if (namespace) for (const b of idx.bindingsByNs.get(namespace) ?? []) visit(b)
    return out
  }

  private roleRules(idx: Index, b: Binding): readonly PolicyRule[] | undefined {
    if (b.roleRef.kind === 'ClusterRole') return idx.clusterRoles.get(b.roleRef.name)
    if (b.roleRef.kind === 'Role' && b.kind === 'RoleBinding') return idx.roles.get(`${b.namespace}/${b.roleRef.name}`)
    return undefined
  }

  private build(): Index {
    const objects = (kind: KindId): Record<string, unknown>[] =>
      this.store.list(kind).items.map((r) => this.store.object(r) as unknown as Record<string, unknown>)
    const meta = (o: Record<string, unknown>): { name: string; namespace: string } => {
      const m = o.metadata as { name?: string; namespace?: string }
      return { name: m.name ?? '', namespace: m.namespace ?? '' }
    }
    const rulesOf = (o: Record<string, unknown>): PolicyRule[] => (Array.isArray(o.rules) ? (o.rules as PolicyRule[]) : [])
    const binding =
      (kind: Binding['kind']) =>
      (o: Record<string, unknown>): Binding => ({
        kind,
        ...meta(o),
        subjects: Array.isArray(o.subjects) ? (o.subjects as Subject[]) : [],
        roleRef: o.roleRef as RoleRef
      })
    const bindingsByNs = new Map<string, Binding[]>()
    for (const b of objects('rolebindings').map(binding('RoleBinding'))) bindingsByNs.set(b.namespace, [...(bindingsByNs.get(b.namespace) ?? []), b])
    return {
      clusterBindings: objects('clusterrolebindings').map(binding('ClusterRoleBinding')),
      bindingsByNs,
      clusterRoles: new Map(objects('clusterroles').map((o) => [meta(o).name, rulesOf(o)])),
      roles: new Map(objects('roles').map((o) => [`${meta(o).namespace}/${meta(o).name}`, rulesOf(o)]))
    }
  }
}

/** `utilerrors.NewAggregate(errs).Error()`: one error as is, several as `[a, b]`. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`
}
