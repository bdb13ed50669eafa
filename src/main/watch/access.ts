/**
 * Access checks before watching: may this cluster's user `list` and `watch` a kind in a scope?
 *
 * Why: a namespace-restricted user (most developers on company clusters) may read two or three
 * namespaces; opening a watch at the cluster scope for them only earns a 403 and a slow retry
 * loop in every view. So the engine asks first, with SelfSubjectAccessReviews (list, then watch),
 * as `kubectl auth can-i` would, and opens only what is allowed. Answers are cached per cluster
 * (= per kubeconfig context, i.e. per credential) for ACCESS_TTL_MS; concurrent identical
 * questions share one request; `forget` drops answers (after a 403, or when the context's
 * credentials change) so the next question asks again.
 * Lifecycle: owned by the engine; `close()` aborts the reviews in flight.
 */
import type { AnyKindDef as KindDef } from '../../shared/kinds/anyKind.ts'
import type { AccessAnswer, AccessQuestion } from '../kube/accessReview.ts'

/**
 * How long an answer is trusted. RBAC changes are rare, but a grant made while the app runs
 * (`kubectl create rolebinding …`) should show within half a minute without a restart, and a
 * revocation should end the namespace's watch about as soon; 30 s also keeps the reviews of a
 * 50-namespace user to ~3 requests/s at most while views refresh their scope.
 */
export const ACCESS_TTL_MS = 30_000

/** The verbs a list-then-watch needs. */
const WATCH_VERBS = ['list', 'watch'] as const

/** Answer of the check for one (kind, scope). */
export interface Access {
  readonly allowed: boolean
  /** Why not, in the apiserver's words as far as the review gives them ('' when allowed). */
  readonly reason: string
}

/** Asks one review on one cluster (the ClusterSet implements it). */
export type ReviewFn = (cluster: string, q: AccessQuestion, signal: AbortSignal) => Promise<AccessAnswer>

interface Entry {
  readonly at: number
  readonly answer: Promise<Access>
  /** The answer once it is in (lets a subscription to a known-allowed scope open synchronously). */
  value?: Access
}

/** `cannot list resource "pods" in API group "" in the namespace "x"`: the 403 wording, without the user's name. */
export function deniedReason(kind: KindDef, namespace: string, verb: string, reason: string): string {
  const scope = kind.namespaced && namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'
  return `cannot ${verb} resource "${kind.resource}" in API group "${kind.apiGroup}" ${scope}${reason ? `: ${reason}` : ''}`
}

export class AccessChecker {
  private readonly entries = new Map<string, Entry>()
  private readonly aborts = new Set<AbortController>()
  private readonly review: ReviewFn
  private readonly ttlMs: number
  private readonly now: () => number
  /** Reviews sent so far (measurement and tests). */
  requests = 0

  constructor(review: ReviewFn, ttlMs = ACCESS_TTL_MS, now: () => number = Date.now) {
    this.review = review
    this.ttlMs = ttlMs
    this.now = now
  }

  /** The cached answer for (cluster, kind, scope) if it is still fresh. */
  peek(cluster: string, kind: KindDef, namespace: string): Promise<Access> | undefined {
    const e = this.entries.get(keyOf(cluster, kind, namespace))
    return e && this.now() - e.at < this.ttlMs ? e.answer : undefined
  }

  /** The fresh answer for (cluster, kind, scope) if it is already in. */
  known(cluster: string, kind: KindDef, namespace: string): Access | undefined {
    const e = this.entries.get(keyOf(cluster, kind, namespace))
    return e && this.now() - e.at < this.ttlMs ? e.value : undefined
  }

  /**
   * May the user list and watch `kind` in `namespace` ('' = all namespaces / cluster-scoped)?
   * A review that fails (network, 5xx) answers "allowed": the watch itself then meets the real
   * error and reports it, as it did before access checks existed.
   */
  can(cluster: string, kind: KindDef, namespace: string): Promise<Access> {
    const hit = this.peek(cluster, kind, namespace)
    if (hit) return hit
    const ns = kind.namespaced ? namespace : ''
    const answer = this.askAll(cluster, kind, ns).catch((): Access => ({ allowed: true, reason: '' }))
    const entry: Entry = { at: this.now(), answer }
    this.entries.set(keyOf(cluster, kind, namespace), entry)
    void answer.then((a) => {
      entry.value = a
    })
    return answer
  }

  /** Drop cached answers: one (kind, scope), or every answer of a cluster. */
  forget(cluster: string, kind?: KindDef, namespace?: string): void {
    if (kind) {
      this.entries.delete(keyOf(cluster, kind, namespace ?? ''))
      return
    }
    for (const k of [...this.entries.keys()]) if (k.startsWith(`${cluster}\u0000`)) this.entries.delete(k)
  }

  /** Abort the reviews in flight. */
  close(): void {
    for (const ac of this.aborts) ac.abort()
  }

  /**
   * `list`, then `watch` only when `list` is allowed: most namespaces a restricted user is asked
   * about are denied, and this halves the reviews they cost.
   */
  private async askAll(cluster: string, kind: KindDef, ns: string): Promise<Access> {
    for (const verb of WATCH_VERBS) {
      const a = await this.ask(cluster, { verb, group: kind.apiGroup, resource: kind.resource, namespace: ns })
      if (!a.allowed) return { allowed: false, reason: deniedReason(kind, ns, verb, a.reason) }
    }
    return { allowed: true, reason: '' }
  }

  private async ask(cluster: string, q: AccessQuestion): Promise<AccessAnswer> {
    const ac = new AbortController()
    this.aborts.add(ac)
    this.requests++
    try {
      return await this.review(cluster, q, ac.signal)
    } finally {
      this.aborts.delete(ac)
    }
  }
}

function keyOf(cluster: string, kind: KindDef, namespace: string): string {
  return `${cluster}\u0000${kind.id}\u0000${kind.namespaced ? namespace : ''}`
}
