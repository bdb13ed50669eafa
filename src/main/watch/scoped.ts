/**
 * Access-aware subscriptions and lists: the engine asks before it watches, and serves the
 * "all namespaces" view of a namespace-restricted user as a union of per-namespace watches.
 *
 * Why: see access.ts and union.ts. This file decides, per (cluster, kind, scope): allowed → the
 * plain shared watch; a namespaced kind forbidden at the cluster scope → the union of the
 * namespaces the user may read; forbidden in a namespace, or a cluster-scoped kind forbidden →
 * `no access` (state `error` with `noAccess`, no watch, so no retry loop). Which namespaces: the
 * namespaces list when the user may read it (then one review pair per namespace, at most
 * REVIEW_CONCURRENCY at once), otherwise the context's namespace, the cluster's "namespaces to
 * watch" setting and the namespaces opened by hand in this session.
 * Lifecycle: a subscription returned here owns whatever it opened (the shared watch or the
 * union) and closes it with `close()`; an access review still in flight then opens nothing.
 */
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import { kindDef } from '../../shared/kinds/registry.ts'
import type { AnyKindDef, AnyKindDef as KindDef } from '../../shared/kinds/anyKind.ts'
import { UpstreamError } from '../kube/errors.ts'
import type { Access, AccessChecker } from './access.ts'
import type { UnionBudget, UnionPlan } from './union.ts'
import { NamespaceUnion } from './union.ts'
import type { SubscribeOptions, Subscription, WatchKeyParts, WatchSubscriber } from './types.ts'

/** Reviews in flight at once when checking namespaces one by one (a 50-namespace user: ~7 rounds). */
export const REVIEW_CONCURRENCY = 8
/**
 * Default per-cluster budget of namespace watches that "all namespaces" unions may hold (every
 * kind together). The registry's per-cluster ceiling is 320 upstream watches (registry.ts); the
 * fan-out may take under a third of it, so a restricted user's other views (one namespace,
 * cluster-scoped kinds) always find room: 100 is e.g. five kinds open across twenty namespaces.
 */
export const DEFAULT_NAMESPACE_WATCH_BUDGET = 100

export interface ScopedDeps {
  readonly access: AccessChecker
  /** The def of a kind on a cluster (registry or discovered custom kind). */
  defOf(cluster: string, kind: string): AnyKindDef
  subscribe(key: WatchKeyParts, sub: WatchSubscriber, opts?: SubscribeOptions): Subscription
  list(key: WatchKeyParts): Promise<RowList>
  /** The context's namespace, the configured ones, and those opened by hand, for a cluster. */
  candidates(cluster: string): readonly string[]
  budget(cluster: string, kind: KindDef): UnionBudget
  readonly refreshMs: number
  /** What the checks concluded for (cluster, kind) at the "all namespaces" scope: a reason = no access anywhere, undefined = some access. */
  noted?(cluster: string, kind: KindDef, noAccess: string | undefined): void
  /** A union of `cluster` started (`add`) or ended: the engine re-plans them when candidates change. */
  unions?: { add(cluster: string, u: NamespaceUnion): void; remove(cluster: string, u: NamespaceUnion): void }
}

/** Map with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** Which namespaces of `cluster` the user may list and watch `kind` in, most wanted first. */
export async function planNamespaces(deps: ScopedDeps, cluster: string, kind: KindDef, clusterReason: string): Promise<UnionPlan> {
  const preferred = deps.candidates(cluster)
  let candidates: string[] = [...preferred]
  let source: UnionPlan['source'] = 'configured'
  const nsKind = kindDef('namespaces')
  if ((await deps.access.can(cluster, nsKind, '')).allowed) {
    try {
      const listed = (await deps.list({ cluster, kind: 'namespaces', namespace: '' })).items.map((r) => r.name)
      const known = new Set(listed)
      candidates = [...preferred.filter((n) => known.has(n)), ...listed.filter((n) => !preferred.includes(n)).sort()]
      source = 'namespaces'
    } catch {
      // The list failed (network): the configured candidates stand in.
    }
  }
  const answers = await mapLimit(candidates, REVIEW_CONCURRENCY, (ns) => deps.access.can(cluster, kind, ns))
  const namespaces = candidates.filter((_, i) => answers[i].allowed)
  const checked = candidates.length ? ` (checked: ${candidates.slice(0, 5).join(', ')}${candidates.length > 5 ? `, … ${candidates.length} in all` : ''})` : ''
  const reason = namespaces.length ? '' : `${clusterReason}, nor in any namespace the app knows of${checked}`
  return { namespaces, reason, source }
}

/** Forget the cached answer when a watch meets a 403: the next check asks again. */
function forgetOn403(deps: ScopedDeps, key: WatchKeyParts, kind: KindDef, sub: WatchSubscriber): WatchSubscriber {
  return {
    ...sub,
    onState: (state, reason, detail) => {
      if (detail.status === 403) deps.access.forget(key.cluster, kind, key.namespace)
      sub.onState?.(state, reason, detail)
    }
  }
}

/** Subscribe with access checks (see the file comment). */
export function subscribeScoped(deps: ScopedDeps, key: WatchKeyParts, sub: WatchSubscriber, opts?: SubscribeOptions): Subscription {
  const kind = deps.defOf(key.cluster, key.kind)
  let inner: { close(): void } | undefined
  let closed = false
  const open = (access: Access): void => {
    if (closed) return
    if (access.allowed) {
      if (key.namespace === '') deps.noted?.(key.cluster, kind, undefined)
      inner = deps.subscribe(key, forgetOn403(deps, key, kind, sub), opts)
    } else if (kind.namespaced && key.namespace === '') {
      const union = new NamespaceUnion({
        sub,
        budget: deps.budget(key.cluster, kind),
        refreshMs: deps.refreshMs,
        plan: async () => {
          const plan = await planNamespaces(deps, key.cluster, kind, access.reason)
          deps.noted?.(key.cluster, kind, plan.namespaces.length ? undefined : plan.reason)
          return plan
        },
        subscribe: (namespace, child) => subscribeScoped(deps, { ...key, namespace }, child),
        onForbidden: (namespace) => deps.access.forget(key.cluster, kind, namespace)
      })
      deps.unions?.add(key.cluster, union)
      inner = {
        close: () => {
          deps.unions?.remove(key.cluster, union)
          union.close()
        }
      }
      union.start()
    } else {
      if (!kind.namespaced) deps.noted?.(key.cluster, kind, access.reason)
      sub.onState?.('error', access.reason, { synced: false, status: 403, permanent: true, noAccess: true })
    }
  }
  const known = deps.access.known(key.cluster, kind, key.namespace)
  if (known) open(known)
  else {
    void deps.access.can(key.cluster, kind, key.namespace).then(open, (err: unknown) => {
      if (!closed) sub.onState?.('error', (err as Error).message, { synced: false, permanent: false })
    })
  }
  return {
    close(): void {
      closed = true
      inner?.close()
    }
  }
}

/** The polled list with access checks: the union's rows, or a 403 that says `no access`. */
export async function listScoped(deps: ScopedDeps, key: WatchKeyParts): Promise<RowList> {
  const kind = deps.defOf(key.cluster, key.kind)
  const access = await deps.access.can(key.cluster, kind, key.namespace)
  if (access.allowed) {
    if (key.namespace === '') deps.noted?.(key.cluster, kind, undefined)
    return deps.list(key)
  }
  if (!kind.namespaced) deps.noted?.(key.cluster, kind, access.reason)
  if (!kind.namespaced || key.namespace !== '') throw noAccessError(access.reason)
  const plan = await planNamespaces(deps, key.cluster, kind, access.reason)
  deps.noted?.(key.cluster, kind, plan.namespaces.length ? undefined : plan.reason)
  if (plan.namespaces.length === 0) throw noAccessError(plan.reason)
  const lists = await mapLimit(plan.namespaces, REVIEW_CONCURRENCY, (namespace) => deps.list({ ...key, namespace }).catch(() => undefined))
  const merged = new Map<string, RowDto>()
  let rv = ''
  for (const l of lists) {
    if (!l) continue
    for (const row of l.items) merged.set(row.uid, row)
    if (Number(l.resourceVersion) >= Number(rv || '0')) rv = l.resourceVersion
  }
  return { items: [...merged.values()], resourceVersion: rv, stale: lists.some((l) => l?.stale === true) }
}

/** A 403 that carries `noAccess` (the list route says so to the window). */
export function noAccessError(reason: string): UpstreamError & { noAccess: true } {
  return Object.assign(new UpstreamError('http', `403 Forbidden: ${reason}`, { status: 403 }), { noAccess: true as const })
}

/**
 * The namespace-watch budgets of every cluster: one count per (kind, namespace) watch held by
 * unions, shared by unions of the same kind (two windows on the same view take one slot).
 */
export class NamespaceBudgets {
  private readonly held = new Map<string, Map<string, number>>()
  private readonly limitOf: (cluster: string) => number

  constructor(limitOf: (cluster: string) => number) {
    this.limitOf = limitOf
  }

  /** The budget view one union of `kind` on `cluster` uses. */
  budget(cluster: string, kind: KindDef): UnionBudget {
    const held = this.held.get(cluster) ?? new Map<string, number>()
    this.held.set(cluster, held)
    const limit = this.limitOf(cluster)
    return {
      limit,
      take: (ns) => {
        const k = `${kind.id}/${ns}`
        const n = held.get(k) ?? 0
        if (n === 0 && held.size >= limit) return false
        held.set(k, n + 1)
        return true
      },
      release: (ns) => {
        const k = `${kind.id}/${ns}`
        const n = held.get(k) ?? 0
        if (n <= 1) held.delete(k)
        else held.set(k, n - 1)
      }
    }
  }
}
