/**
 * The shapes of RBAC as the simulated apiserver evaluates it (k8s.io/api/rbac/v1 and
 * k8s.io/apiserver's authorizer.Attributes / user.Info).
 *
 * Why: the rule matcher, the rule resolver, the review endpoints and the HTTP layer all speak
 * these few types; keeping them apart from any of them keeps the evaluator free of HTTP.
 */

/** `rbacv1.PolicyRule`. Every list may be absent in stored JSON (omitempty). */
export interface PolicyRule {
  readonly verbs?: readonly string[]
  readonly apiGroups?: readonly string[]
  readonly resources?: readonly string[]
  readonly resourceNames?: readonly string[]
  readonly nonResourceURLs?: readonly string[]
}

/** `rbacv1.Subject`. */
export interface Subject {
  readonly kind: string
  readonly name: string
  readonly namespace?: string
  readonly apiGroup?: string
}

/** `rbacv1.RoleRef`. */
export interface RoleRef {
  readonly apiGroup: string
  readonly kind: string
  readonly name: string
}

/** Who is asking: `user.Info` (the authenticated user's name, uid and groups). */
export interface UserInfo {
  readonly name: string
  readonly uid?: string
  readonly groups: readonly string[]
}

/** `authorizer.Attributes` of one request (or of one access review). */
export type Attributes = ResourceAttributes | NonResourceAttributes

export interface ResourceAttributes {
  readonly resourceRequest: true
  readonly verb: string
  /** The API group ('' = core). */
  readonly apiGroup: string
  readonly apiVersion?: string
  readonly resource: string
  readonly subresource: string
  /** '' = all namespaces or a cluster-scoped resource. */
  readonly namespace: string
  /** '' = the collection. */
  readonly name: string
}

export interface NonResourceAttributes {
  readonly resourceRequest: false
  readonly verb: string
  readonly path: string
}

/** The RBAC authorizer's answer: allowed or not, and its reason (empty when it has none). */
export interface Decision {
  readonly allowed: boolean
  /**
   * `RBAC: allowed by …` when allowed; when denied, `RBAC: <resolution errors>` or '' (a plain
   * denial has no reason, and the real apiserver then omits `status.reason`).
   */
  readonly reason: string
}

/** The wildcards of rbacv1: VerbAll, APIGroupAll, ResourceAll, NonResourceAll. */
export const ALL = '*'
