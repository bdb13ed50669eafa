/**
 * The engine's access-aware front: access reviews before watching, "all namespaces" unions, the
 * namespaces opened by hand, the per-cluster namespace-watch budgets and the kinds with no access.
 *
 * Why a file of its own: the engine (engine.ts) keeps the shared watches, the polled lists and the
 * offline cache; everything a namespace-restricted user changes about them lives here and reaches
 * them only through `subscribePlain` / `listPlain`. Without access reviews (a cluster provider that
 * cannot make them) it passes everything straight through.
 * Lifecycle: created with the engine; `close()` ends every scoped subscription (and its union) and
 * aborts the reviews in flight.
 */
import type { RowList } from '../../shared/dto/row.ts'
import type { KindNoAccess } from '../../shared/api/wire.ts'
import type { AnyKindDef, AnyKindId as KindId } from '../../shared/kinds/anyKind.ts'
import type { AccessAnswer, AccessQuestion } from '../kube/accessReview.ts'
import { ACCESS_TTL_MS, AccessChecker } from './access.ts'
import { DEFAULT_NAMESPACE_WATCH_BUDGET, NamespaceBudgets, listScoped, subscribeScoped } from './scoped.ts'
import type { ScopedDeps } from './scoped.ts'
import type { SubscribeOptions, Subscription, WatchKeyParts, WatchSubscriber } from './types.ts'
import type { NamespaceUnion } from './union.ts'

export interface AccessScopeOptions {
  /** One access review; undefined = no checks (everything passes straight through). */
  readonly review?: (id: string, q: AccessQuestion, signal: AbortSignal) => Promise<AccessAnswer>
  /** The context's namespace of a cluster. */
  contextNamespace(cluster: string): string | undefined
  /** The def of a kind on a cluster (registry or discovered custom kind). */
  defOf(cluster: string, kind: string): AnyKindDef
  subscribePlain(k: WatchKeyParts, sub: WatchSubscriber, opts?: SubscribeOptions): Subscription
  listPlain(k: WatchKeyParts): Promise<RowList>
  readonly accessTtlMs?: number
  readonly namespaceWatchBudget?: (cluster: string) => number
  readonly namespacesToWatch?: (cluster: string) => readonly string[]
}

export interface AccessScope {
  /** Subscribe `k` (normalised) with access checks. */
  subscribe(k: WatchKeyParts, sub: WatchSubscriber, opts?: SubscribeOptions): Subscription
  /** The polled list of `k` (normalised) with access checks. */
  list(k: WatchKeyParts): Promise<RowList>
  /** The kinds of `cluster` with no access anywhere. */
  noAccessOf(cluster: string): KindNoAccess[]
  /** Re-plan the unions of one cluster (or all) now. */
  rescope(cluster?: string): void
  /** Forget the cached answers of a cluster (its credentials changed). */
  forget(cluster: string): void
  close(): void
}

/** Build the access scope of an engine. */
export function createAccessScope(o: AccessScopeOptions): AccessScope {
  const access = o.review ? new AccessChecker(o.review, o.accessTtlMs ?? ACCESS_TTL_MS) : undefined
  /** Namespaces the user opened by hand, per cluster: candidates for the all-namespaces union. */
  const opened = new Map<string, Set<string>>()
  const subs = new Set<Subscription>()
  const noAccess = new Map<string, Map<KindId, string>>()
  /** The open unions per cluster, re-planned when their candidate namespaces change. */
  const unions = new Map<string, Set<NamespaceUnion>>()
  const budgets = new NamespaceBudgets((c) => o.namespaceWatchBudget?.(c) ?? DEFAULT_NAMESPACE_WATCH_BUDGET)
  const rescope = (cluster?: string): void => {
    for (const [c, set] of unions) if (cluster === undefined || c === cluster) for (const u of set) u.replanNow()
  }

  function noteOpened(k: WatchKeyParts): void {
    if (!k.namespace) return
    const set = opened.get(k.cluster) ?? new Set<string>()
    if (set.has(k.namespace)) return
    set.add(k.namespace)
    opened.set(k.cluster, set)
    // A namespace opened by hand joins that cluster's "all namespaces" views now.
    rescope(k.cluster)
  }

  const deps: ScopedDeps | undefined = access && {
    access,
    defOf: o.defOf,
    subscribe: o.subscribePlain,
    list: o.listPlain,
    candidates: (cluster) => {
      const ctxNs = o.contextNamespace(cluster)
      return [...new Set([...(ctxNs ? [ctxNs] : []), ...(o.namespacesToWatch?.(cluster) ?? []), ...(opened.get(cluster) ?? [])])]
    },
    budget: (cluster, kind) => budgets.budget(cluster, kind),
    refreshMs: o.accessTtlMs ?? ACCESS_TTL_MS,
    unions: {
      add: (cluster, u) => {
        const s = unions.get(cluster) ?? new Set()
        s.add(u)
        unions.set(cluster, s)
      },
      remove: (cluster, u) => {
        unions.get(cluster)?.delete(u)
      }
    },
    noted: (cluster, kind, reason) => {
      const m = noAccess.get(cluster) ?? new Map<KindId, string>()
      if (reason === undefined) m.delete(kind.id)
      else m.set(kind.id, reason)
      noAccess.set(cluster, m)
    }
  }

  return {
    subscribe(k, sub, opts) {
      noteOpened(k)
      if (!deps) return o.subscribePlain(k, sub, opts)
      const s = subscribeScoped(deps, k, sub, opts)
      subs.add(s)
      return {
        close: () => {
          subs.delete(s)
          s.close()
        }
      }
    },
    list(k) {
      noteOpened(k)
      return deps ? listScoped(deps, k) : o.listPlain(k)
    },
    noAccessOf: (cluster) => [...(noAccess.get(cluster) ?? [])].map(([kind, reason]) => ({ kind, reason })),
    rescope,
    forget: (cluster) => access?.forget(cluster),
    close() {
      for (const s of subs) s.close()
      subs.clear()
      access?.close()
    }
  }
}
