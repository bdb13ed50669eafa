/**
 * The watch registry: at most one SharedWatch per (cluster, kind, namespace), refcounted, with a
 * linger timer (client-go InformerFor + TanStack Query's removable.ts `gcTime`), under a global
 * and a per-cluster ceiling.
 *
 * Why: switching tabs closes a stream and opens it again a moment later; restarting the upstream
 * list-watch each time would relist 10k pods. So when the last subscriber leaves, the watch lingers
 * (default 30 s) and a returning subscriber reuses it — its cache answers with no upstream
 * request. But lingering watches are real upstream watches (a socket, a cache, a reflector): a
 * client that opens and closes 1,000 streams over 1,000 namespace names must not leave 1,000
 * of them running. So the ceilings count lingering watches too; a new watch over a ceiling first
 * evicts the oldest lingering watch (of that cluster, for the per-cluster ceiling), and only when
 * every watch is in use is it refused (`WatchCeilingError`: the server answers 429, the view polls).
 * Lifecycle: `admits()` (may this key get a watch now?), `acquire()` creates-and-starts or reuses
 * (cancelling the linger), `release()` drops a ref and arms the linger at zero, the timer stops
 * and forgets the watch, `close()` stops everything and clears every timer.
 */
import type { WatchKeyParts } from './types.ts'
import type { SharedWatch } from './sharedWatch.ts'

/** The one string identity of a shared watch. */
export function watchKey(k: WatchKeyParts): string {
  return JSON.stringify([k.cluster, k.kind, k.namespace])
}

/**
 * Upstream watches in all, in use or lingering. A desktop with 10 clusters × 22 kinds is 220; the
 * performance target keeps 300 quiet watches on one cluster under 3% of a core.
 */
export const DEFAULT_MAX_WATCHES = 1024
/** Upstream watches on one cluster (an apiserver sees each as one long request). */
export const DEFAULT_MAX_WATCHES_PER_CLUSTER = 320

export interface WatchCeilings {
  readonly maxWatches: number
  readonly maxPerCluster: number
}

/** Thrown by `acquire` when a ceiling is reached and nothing lingers to evict. */
export class WatchCeilingError extends Error {
  readonly code = 'WatchCeiling'
  constructor(message: string) {
    super(message)
    this.name = 'WatchCeilingError'
  }
}

interface Entry {
  readonly key: WatchKeyParts
  readonly watch: SharedWatch
  refs: number
  linger?: NodeJS.Timeout
  /** When it started lingering (eviction order). */
  idleSince?: number
}

export class WatchRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly perCluster = new Map<string, number>()
  private readonly create: (key: WatchKeyParts) => SharedWatch
  private readonly lingerMs: number
  private readonly ceilings: WatchCeilings
  private readonly stopping = new Set<Promise<void>>()
  /** Lingering watches evicted so far (for /debug and tests). */
  evictions = 0

  /**
   * @param create builds (not starts) the shared watch of a key.
   * @param lingerMs how long an unused watch stays up; ≤ 0 stops it at once.
   */
  constructor(create: (key: WatchKeyParts) => SharedWatch, lingerMs: number, ceilings: Partial<WatchCeilings> = {}) {
    this.create = create
    this.lingerMs = lingerMs
    this.ceilings = { maxWatches: DEFAULT_MAX_WATCHES, maxPerCluster: DEFAULT_MAX_WATCHES_PER_CLUSTER, ...ceilings }
  }

  /** Why `key` cannot get a watch now (every watch under a full ceiling is in use), or undefined. */
  refusal(key: WatchKeyParts): string | undefined {
    if (this.entries.has(watchKey(key))) return undefined
    const { maxWatches, maxPerCluster } = this.ceilings
    if ((this.perCluster.get(key.cluster) ?? 0) >= maxPerCluster && !this.oldestLingering(key.cluster)) {
      return `too many upstream watches on cluster ${JSON.stringify(key.cluster)}: ${maxPerCluster} are open and in use; this view polls instead`
    }
    if (this.entries.size >= maxWatches && !this.oldestLingering()) {
      return `too many upstream watches: ${maxWatches} are open and in use; this view polls instead`
    }
    return undefined
  }

  /**
   * The watch of `key`, created and started on first use; adds one reference. A new watch over a
   * ceiling evicts the oldest lingering watch first.
   * @throws WatchCeilingError when a ceiling is reached and every watch under it is in use.
   */
  acquire(key: WatchKeyParts): SharedWatch {
    const id = watchKey(key)
    let e = this.entries.get(id)
    if (!e) {
      const refused = this.refusal(key)
      if (refused) throw new WatchCeilingError(refused)
      if ((this.perCluster.get(key.cluster) ?? 0) >= this.ceilings.maxPerCluster) this.evict(this.oldestLingering(key.cluster))
      if (this.entries.size >= this.ceilings.maxWatches) this.evict(this.oldestLingering())
      e = { key, watch: this.create(key), refs: 0 }
      this.entries.set(id, e)
      this.perCluster.set(key.cluster, (this.perCluster.get(key.cluster) ?? 0) + 1)
      e.watch.start()
    }
    if (e.linger) {
      clearTimeout(e.linger)
      delete e.linger
      delete e.idleSince
    }
    e.refs++
    return e.watch
  }

  /** Drop one reference; at zero the watch lingers, then stops. */
  release(key: WatchKeyParts): void {
    const id = watchKey(key)
    const e = this.entries.get(id)
    if (!e || e.refs === 0) return
    if (--e.refs > 0) return
    if (this.lingerMs <= 0) {
      this.drop(id, e)
      return
    }
    e.idleSince = Date.now()
    e.linger = setTimeout(() => this.drop(id, e), this.lingerMs)
  }

  /** The existing watch of `key`, if any (no reference taken). */
  get(key: WatchKeyParts): SharedWatch | undefined {
    return this.entries.get(watchKey(key))?.watch
  }

  all(): SharedWatch[] {
    return [...this.entries.values()].map((e) => e.watch)
  }

  /** Watches now (in use + lingering), and of them lingering. */
  counts(): { readonly total: number; readonly lingering: number } {
    let lingering = 0
    for (const e of this.entries.values()) if (e.refs === 0) lingering++
    return { total: this.entries.size, lingering }
  }

  /** Stop every watch and clear every timer; resolves once all loops have ended. */
  async close(): Promise<void> {
    for (const [id, e] of this.entries) this.drop(id, e)
    await Promise.all([...this.stopping])
  }

  /** The lingering watch that has lingered longest (of `cluster`, when given). */
  private oldestLingering(cluster?: string): [string, Entry] | undefined {
    let best: [string, Entry] | undefined
    for (const [id, e] of this.entries) {
      if (e.refs > 0 || e.idleSince === undefined || (cluster !== undefined && e.key.cluster !== cluster)) continue
      if (!best || e.idleSince < (best[1].idleSince ?? 0)) best = [id, e]
    }
    return best
  }

  private evict(victim: [string, Entry] | undefined): void {
    if (!victim) return
    this.evictions++
    this.drop(victim[0], victim[1])
  }

  private drop(id: string, e: Entry): void {
    if (e.linger) clearTimeout(e.linger)
    if (this.entries.get(id) === e) {
      this.entries.delete(id)
      const n = (this.perCluster.get(e.key.cluster) ?? 1) - 1
      if (n <= 0) this.perCluster.delete(e.key.cluster)
      else this.perCluster.set(e.key.cluster, n)
    }
    const p = e.watch.stop().finally(() => this.stopping.delete(p))
    this.stopping.add(p)
  }
}
