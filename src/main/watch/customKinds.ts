/**
 * The custom kinds of each cluster: discovery, kept fresh while the app runs.
 *
 * Why: a cluster's CRDs come and go while the app is open; a CRD installed now must appear
 * without a restart, and one removed must go away. Re-discovery is driven by a watch of
 * CustomResourceDefinitions (through the engine's own shared watch, so a CRD view open at the
 * same time costs nothing more) where the user may watch them; otherwise by a timer
 * (`REDISCOVER_MS`). Each discovered kind's Table columns are recorded here as its lists arrive,
 * so every snapshot, polled list and offline record of that kind carries them.
 * Lifecycle: per cluster, discovery starts on first use (`ensure`, `resolve`, `kinds`) and then
 * stays up (the timer; the CRD watch once the catalog is read or a served kind resolved) until `forget(cluster)` (gone from the kubeconfig) or
 * `close()`. A failed discovery keeps the last good answer and retries at the timer.
 */
import { customKindDef, customTokenOf, isCustomToken } from '../../shared/kinds/custom.ts'
import type { CustomKindDef, CustomKindId } from '../../shared/kinds/custom.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { DiscoveryResult } from '../kube/discovery.ts'
import type { ClusterCustomKinds, Subscription, WatchKeyParts, WatchSubscriber } from './types.ts'

/**
 * Re-discovery period when CRDs cannot be watched (the user may not list them), and the
 * safety-net period when they can (an aggregated APIService registered, which no CRD event
 * announces). One aggregated-discovery request per period: ~150 KB and ~3 ms for 300 CRDs (bench D1).
 */
export const REDISCOVER_MS = 30_000
/** With a CRD watch up, discovery is re-read this often anyway (aggregated APIs). */
export const REDISCOVER_WATCHED_MS = 5 * 60_000
/**
 * CRD events come in bursts (create: ADDED, then NamesAccepted, then Established, ~3 events in
 * ~100 ms; a Helm chart installs dozens): discovery is re-read once the burst settles.
 */
export const REDISCOVER_DEBOUNCE_MS = 150
/** How long `resolve` waits for the first discovery of a cluster before answering without it. */
export const RESOLVE_WAIT_MS = 10_000

export interface CustomKindsDeps {
  /** One discovery of `cluster` (the cluster provider's). */
  discover(cluster: string, signal: AbortSignal): Promise<DiscoveryResult>
  /** Subscribe to a shared watch without access checks (the engine's `subscribePlain`). */
  subscribe(key: WatchKeyParts, sub: WatchSubscriber): Subscription
  /** Called when the kinds of a cluster changed (added or removed tokens). */
  onChange?(cluster: string, added: readonly CustomKindId[], removed: readonly CustomKindId[]): void
  /**
   * A CRD was modified (its name is the custom kind's token): its printer columns may have
   * changed, and a Table watch shows new columns only with its next event, so watches relist.
   */
  onCrdModified?(cluster: string, token: string): void
  /** Test seam for the timers. */
  readonly rediscoverMs?: number
}

interface ClusterState {
  kinds: Map<CustomKindId, CustomKindDef>
  discoveredAt?: string
  reason: string
  first: Promise<void>
  running?: Promise<void>
  again: boolean
  timer?: NodeJS.Timeout
  debounce?: NodeJS.Timeout
  crdWatch?: Subscription
  /** The CRD watch is live (else the timer drives re-discovery). */
  watching: boolean
  ac: AbortController
}

/** Every cluster's custom kinds. */
export class CustomKinds {
  private readonly deps: CustomKindsDeps
  private readonly clusters = new Map<string, ClusterState>()
  /** Table columns per `cluster\ntoken`, from the last list of that kind. */
  private readonly columns = new Map<string, readonly ColumnDef[]>()
  private closed = false

  constructor(deps: CustomKindsDeps) {
    this.deps = deps
  }

  /** Start discovery of `cluster` (once); resolves after its first answer (or failure). */
  ensure(cluster: string): Promise<void> {
    return this.state(cluster).first
  }

  /** The def of a custom kind, as last discovered (sync; undefined when not served or not yet known). */
  def(cluster: string, token: string): CustomKindDef | undefined {
    if (!isCustomToken(token)) return undefined
    const d = this.clusters.get(cluster)?.kinds.get(token)
    if (!d) return undefined
    const cols = this.columns.get(`${cluster}\n${token}`)
    return cols ? { ...d, columns: cols } : d
  }

  /** Whether discovery of `cluster` has answered at least once. */
  discovered(cluster: string): boolean {
    return this.clusters.get(cluster)?.discoveredAt !== undefined
  }

  /**
   * The def of `token` on `cluster`, waiting (at most RESOLVE_WAIT_MS) for the first discovery.
   * Undefined when discovery answered and the cluster does not serve it.
   */
  async resolve(cluster: string, token: string): Promise<CustomKindDef | undefined> {
    if (!isCustomToken(token)) return undefined
    const s = this.state(cluster)
    if (!s.kinds.has(token)) {
      let t: NodeJS.Timeout | undefined
      await Promise.race([s.first, new Promise<void>((r) => (t = setTimeout(r, RESOLVE_WAIT_MS)))])
      clearTimeout(t)
      // Asked for a kind the last discovery did not have: it may have just been created.
      if (!s.kinds.has(token) && s.discoveredAt !== undefined) await this.rediscover(cluster)
    }
    const d = this.def(cluster, token)
    // A served kind is in use: keep the catalog fresh by CRD events from now on. A token that is
    // not served starts no upstream watch (a refused request must not cost the cluster one).
    if (d) this.watchCrds(cluster, s)
    return d
  }

  /** What the route answers: the kinds (with their known columns), when, and why partial. */
  async kinds(cluster: string): Promise<ClusterCustomKinds> {
    const s = this.state(cluster)
    await s.first
    this.watchCrds(cluster, s)
    const kinds = [...s.kinds.keys()].map((t) => this.def(cluster, t)).filter((d): d is CustomKindDef => d !== undefined)
    return { kinds, reason: s.reason, ...(s.discoveredAt ? { discoveredAt: s.discoveredAt } : {}) }
  }

  /** Record the Table columns a list of `token` came with. */
  setColumns(cluster: string, token: string, cols: readonly ColumnDef[]): void {
    this.columns.set(`${cluster}\n${token}`, cols)
  }

  /** The Table columns of `token` on `cluster`, when a list of it has been seen. */
  columnsOf(cluster: string, token: string): readonly ColumnDef[] | undefined {
    return this.columns.get(`${cluster}\n${token}`)
  }

  /** Re-read discovery of `cluster` now (coalesced with one in flight). */
  rediscover(cluster: string): Promise<void> {
    const s = this.state(cluster)
    if (s.running) {
      s.again = true
      return s.running
    }
    s.running = this.discoverOnce(cluster, s).finally(() => {
      s.running = undefined
      if (s.again && !this.closed) {
        s.again = false
        void this.rediscover(cluster)
      }
    })
    return s.running
  }

  /** Stop everything of a cluster that left the kubeconfig (or whose server changed). */
  forget(cluster: string): void {
    const s = this.clusters.get(cluster)
    if (!s) return
    this.stop(s)
    this.clusters.delete(cluster)
    for (const k of [...this.columns.keys()]) if (k.startsWith(`${cluster}\n`)) this.columns.delete(k)
  }

  close(): void {
    this.closed = true
    for (const s of this.clusters.values()) this.stop(s)
    this.clusters.clear()
  }

  private stop(s: ClusterState): void {
    s.ac.abort()
    clearTimeout(s.timer)
    clearTimeout(s.debounce)
    s.crdWatch?.close()
    s.crdWatch = undefined
  }

  private state(cluster: string): ClusterState {
    let s = this.clusters.get(cluster)
    if (s) return s
    const created: ClusterState = { kinds: new Map(), reason: '', first: Promise.resolve(), again: false, watching: false, ac: new AbortController() }
    s = created
    this.clusters.set(cluster, s)
    s.first = this.rediscover(cluster)
    return s
  }

  private async discoverOnce(cluster: string, s: ClusterState): Promise<void> {
    if (this.closed || s.ac.signal.aborted) return
    try {
      const r = await this.deps.discover(cluster, s.ac.signal)
      if (s.ac.signal.aborted) return
      const next = new Map<CustomKindId, CustomKindDef>(r.kinds.map((k) => [customTokenOf(k), customKindDef(k)]))
      const added = [...next.keys()].filter((t) => !s.kinds.has(t))
      const removed = [...s.kinds.keys()].filter((t) => !next.has(t))
      s.kinds = next
      s.discoveredAt = new Date().toISOString()
      s.reason = r.partial ? `discovery is incomplete: ${r.partial}` : ''
      for (const t of removed) this.columns.delete(`${cluster}\n${t}`)
      if ((added.length || removed.length) && this.deps.onChange) this.deps.onChange(cluster, added, removed)
    } catch (err) {
      if (s.ac.signal.aborted) return
      // Keep the last good kinds: an outage must not empty the sidebar.
      s.reason = `discovery failed: ${(err as Error).message}`
    } finally {
      this.arm(s, cluster)
    }
  }

  /** The next timed re-discovery: often without a CRD watch, rarely with one. */
  private arm(s: ClusterState, cluster: string): void {
    clearTimeout(s.timer)
    if (this.closed || s.ac.signal.aborted) return
    const ms = s.watching ? REDISCOVER_WATCHED_MS : (this.deps.rediscoverMs ?? REDISCOVER_MS)
    s.timer = setTimeout(() => void this.rediscover(cluster), ms)
    s.timer.unref?.()
  }

  /** Re-discover on CRD changes, when the user may watch CRDs. */
  private watchCrds(cluster: string, s: ClusterState): void {
    if (this.closed || s.ac.signal.aborted || s.crdWatch) return
    const soon = (): void => {
      clearTimeout(s.debounce)
      s.debounce = setTimeout(() => void this.rediscover(cluster), REDISCOVER_DEBOUNCE_MS)
    }
    let dead = false
    try {
      s.crdWatch = this.deps.subscribe(
        { cluster, kind: 'customresourcedefinitions', namespace: '' },
        {
          onSnapshot: () => {
            // The first snapshot may be newer than the last discovery; later ones follow a relist.
            soon()
            s.watching = true
            this.arm(s, cluster)
          },
          onDelta: (type, row) => {
            soon()
            if (type === 'modified' && isCustomToken(row.name) && !row.deletingAt) this.deps.onCrdModified?.(cluster, row.name)
          },
          onRelist: () => undefined,
          onState: (state, _reason, detail) => {
            if (state === 'live') s.watching = true
            if (state === 'error' || state === 'reconnecting') {
              s.watching = false
              this.arm(s, cluster)
            }
            // Forbidden or not served: the timer drives re-discovery; the watch is let go.
            if (state === 'error' && detail.permanent) {
              dead = true
              s.crdWatch?.close()
              s.crdWatch = undefined
            }
          }
        }
      )
      // A watch that had already failed answers during subscribe, before it was assigned.
      if (dead) {
        s.crdWatch.close()
        s.crdWatch = undefined
      }
    } catch {
      // A watch ceiling or a closed engine: the timer stays in charge.
    }
  }
}
