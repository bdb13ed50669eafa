/**
 * The "all namespaces" view of a namespaced kind for a user who may not list it at the cluster
 * scope: one shared watch per namespace the user may read, merged into one stream.
 *
 * Why: a namespace-restricted user's pods view must show the pods of every namespace they can
 * read, live, in one list, instead of a 403. Each namespace keeps its own shared watch (another
 * view of that namespace shares it) with its own state; the union de-duplicates rows by uid,
 * sends ONE snapshot once every namespace watch has answered (listed, or failed before listing),
 * then forwards deltas; a namespace watch that relists is folded in as deltas (the view never
 * sees a relist for one namespace). Every `refreshMs` the plan (which namespaces, which allowed)
 * is asked again: a namespace granted meanwhile is added, a revoked one is ended cleanly (its rows
 * leave as `deleted`). A per-cluster budget bounds how many namespace watches unions may hold;
 * what it leaves out is reported (`onScope`), never dropped silently.
 * Lifecycle: `start()` plans and subscribes; `close()` ends every namespace watch, releases the
 * budget and stops the timer. Resume (`Last-Event-ID`) is not offered: a reconnect gets a snapshot.
 */
import type { RowDto } from '../../shared/dto/row.ts'
import type { NamespaceScope } from '../../shared/api/frames.ts'
import type { Subscription, WatchSubscriber } from './types.ts'

/** Which namespaces the user may read for this kind, most wanted first, and why there are none. */
export interface UnionPlan {
  readonly namespaces: readonly string[]
  /** Set when `namespaces` is empty: the reason shown as `no access`. */
  readonly reason: string
  /** Where the namespace candidates came from. */
  readonly source: NamespaceScope['source']
}

/** The per-cluster namespace-watch budget (the engine holds one per cluster). */
export interface UnionBudget {
  /** Take a slot for `ns` (true), or false when the budget is spent. */
  take(ns: string): boolean
  release(ns: string): void
  readonly limit: number
}

export interface UnionOptions {
  readonly sub: WatchSubscriber
  plan(): Promise<UnionPlan>
  /** Subscribe one namespace's shared watch. */
  subscribe(namespace: string, sub: WatchSubscriber): Subscription
  readonly budget: UnionBudget
  readonly refreshMs: number
  /** A namespace watch failed with 403: its cached access answer must be asked again. */
  onForbidden?(namespace: string): void
}

interface Child {
  readonly ns: string
  sub?: Subscription
  rows: Map<string, RowDto>
  ready: boolean
  state: string
  reason: string
}

const rvNumber = (rv: string): number => (/^\d+$/.test(rv) ? Number(rv) : 0)

export class NamespaceUnion {
  private readonly o: UnionOptions
  private readonly children = new Map<string, Child>()
  private leftOut: string[] = []
  private synced = false
  private closed = false
  private rv = '0'
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastScope = ''
  private upstream = ''

  constructor(o: UnionOptions) {
    this.o = o
  }

  /** Plan, subscribe, and keep re-planning every `refreshMs`. */
  start(): void {
    void this.replan()
  }

  /** Plan again now (the settings or the namespaces opened by hand changed), not at the next period. */
  replanNow(): void {
    if (this.closed) return
    clearTimeout(this.timer)
    void this.replan()
  }

  /** End every namespace watch (idempotent). */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.timer)
    for (const c of this.children.values()) this.drop(c, false)
    this.children.clear()
  }

  private async replan(): Promise<void> {
    let plan: UnionPlan
    try {
      plan = await this.o.plan()
    } catch (err) {
      plan = { namespaces: [...this.children.keys()], reason: (err as Error).message, source: 'configured' }
    }
    if (this.closed) return
    this.apply(plan)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.replan(), this.o.refreshMs)
    this.timer.unref?.()
  }

  private apply(plan: UnionPlan): void {
    const wanted = new Set(plan.namespaces)
    for (const c of [...this.children.values()]) {
      if (!wanted.has(c.ns)) {
        this.children.delete(c.ns)
        this.drop(c, true)
      }
    }
    const leftOut: string[] = []
    for (const ns of plan.namespaces) {
      if (this.children.has(ns)) continue
      if (!this.o.budget.take(ns)) {
        leftOut.push(ns)
        continue
      }
      const child: Child = { ns, rows: new Map(), ready: false, state: 'connecting', reason: '' }
      this.children.set(ns, child)
      child.sub = this.o.subscribe(ns, this.childSubscriber(child))
    }
    this.leftOut = leftOut
    if (this.children.size === 0 && plan.namespaces.length === 0) {
      if (this.lastScope !== 'none') {
        this.lastScope = 'none'
        this.o.sub.onState?.('error', plan.reason, { synced: this.synced, status: 403, permanent: true, noAccess: true })
      }
      return
    }
    this.reportScope(plan.source)
    this.maybeSnapshot()
  }

  private reportScope(source: NamespaceScope['source']): void {
    const scope: NamespaceScope = { namespaces: [...this.children.keys()].sort(), leftOut: [...this.leftOut], budget: this.o.budget.limit, source }
    const text = JSON.stringify(scope)
    if (text === this.lastScope) return
    this.lastScope = text
    this.o.sub.onScope?.(scope)
  }

  /** End one namespace's watch; with `announce`, its rows leave the view as deletions. */
  private drop(c: Child, announce: boolean): void {
    c.sub?.close()
    c.sub = undefined
    this.o.budget.release(c.ns)
    if (announce && this.synced) for (const row of c.rows.values()) this.o.sub.onDelta('deleted', row, this.rv)
  }

  private childSubscriber(c: Child): WatchSubscriber {
    return {
      onSnapshot: (items, rv) => {
        if (this.closed || this.children.get(c.ns) !== c) return
        this.bump(rv)
        const next = new Map(items.map((r) => [r.uid, r]))
        if (this.synced && c.ready) {
          for (const [uid, row] of c.rows) if (!next.has(uid)) this.o.sub.onDelta('deleted', row, this.rv)
          for (const [uid, row] of next) {
            const prev = c.rows.get(uid)
            if (!prev) this.o.sub.onDelta('added', row, this.rv)
            else if (prev.resourceVersion !== row.resourceVersion) this.o.sub.onDelta('modified', row, this.rv)
          }
        } else if (this.synced) {
          for (const row of next.values()) this.o.sub.onDelta('added', row, this.rv)
        }
        c.rows = next
        c.ready = true
        this.maybeSnapshot()
      },
      onDelta: (type, row, rv) => {
        if (this.closed || this.children.get(c.ns) !== c) return
        this.bump(rv)
        if (type === 'deleted') c.rows.delete(row.uid)
        else c.rows.set(row.uid, row)
        if (this.synced && c.ready) this.o.sub.onDelta(type, row, this.rv)
      },
      onRelist: () => undefined,
      onState: (state, reason, detail) => {
        if (this.closed || this.children.get(c.ns) !== c) return
        c.state = state
        c.reason = reason
        if (state === 'error' && !detail.synced) {
          // Failed before listing (403 after a revocation, 404…): it answers with no rows.
          if (detail.status === 403) this.o.onForbidden?.(c.ns)
          c.ready = true
          this.maybeSnapshot()
        }
        this.forwardState()
      }
    }
  }

  private bump(rv: string): void {
    if (rvNumber(rv) >= rvNumber(this.rv)) this.rv = rv
  }

  private maybeSnapshot(): void {
    if (this.synced || this.children.size === 0) return
    for (const c of this.children.values()) if (!c.ready) return
    this.synced = true
    const merged = new Map<string, RowDto>()
    for (const c of this.children.values()) for (const [uid, row] of c.rows) merged.set(uid, row)
    this.o.sub.onSnapshot([...merged.values()], this.rv)
    this.forwardState()
  }

  /** Live when every namespace watch is; otherwise the first one's trouble, named by namespace. */
  private forwardState(): void {
    if (!this.synced) return
    const trouble = [...this.children.values()].find((c) => c.state !== 'live' && c.state !== 'connecting')
    const text = trouble ? `${trouble.state}\u0000${trouble.ns}: ${trouble.reason}` : 'live'
    if (text === this.upstream) return
    this.upstream = text
    if (!trouble) this.o.sub.onState?.('live', '', { synced: true, permanent: false })
    else
      this.o.sub.onState?.(trouble.state === 'error' ? 'error' : 'reconnecting', `namespace ${trouble.ns}: ${trouble.reason}`, {
        synced: true,
        permanent: false
      })
  }
}
