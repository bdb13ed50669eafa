/**
 * The watch registry: at most one SharedWatch per (cluster, kind, namespace), refcounted, with a
 * linger timer (client-go InformerFor + TanStack Query's removable.ts `gcTime`).
 *
 * Why: switching tabs closes a stream and opens it again a moment later; restarting the upstream
 * list-watch each time would relist 10k pods. So when the last subscriber leaves, the watch lingers
 * (default 30 s) and a returning subscriber reuses it — its cache answers with no upstream
 * request. Lifecycle: `acquire()` creates-and-starts or reuses (cancelling the linger), `release()`
 * drops a ref and arms the linger at zero, the timer stops and forgets the watch, `close()`
 * stops everything and clears every timer.
 */
import type { WatchKeyParts } from './types.ts'
import type { SharedWatch } from './sharedWatch.ts'

/** The one string identity of a shared watch. */
export function watchKey(k: WatchKeyParts): string {
  return JSON.stringify([k.cluster, k.kind, k.namespace])
}

interface Entry {
  readonly watch: SharedWatch
  refs: number
  linger?: NodeJS.Timeout
}

export class WatchRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly create: (key: WatchKeyParts) => SharedWatch
  private readonly lingerMs: number
  private readonly stopping = new Set<Promise<void>>()

  /**
   * @param create builds (not starts) the shared watch of a key.
   * @param lingerMs how long an unused watch stays up; ≤ 0 stops it at once.
   */
  constructor(create: (key: WatchKeyParts) => SharedWatch, lingerMs: number) {
    this.create = create
    this.lingerMs = lingerMs
  }

  /** The watch of `key`, created and started on first use; adds one reference. */
  acquire(key: WatchKeyParts): SharedWatch {
    const id = watchKey(key)
    let e = this.entries.get(id)
    if (!e) {
      e = { watch: this.create(key), refs: 0 }
      this.entries.set(id, e)
      e.watch.start()
    }
    if (e.linger) { clearTimeout(e.linger); delete e.linger }
    e.refs++
    return e.watch
  }

  /** Drop one reference; at zero the watch lingers, then stops. */
  release(key: WatchKeyParts): void {
    const id = watchKey(key)
    const e = this.entries.get(id)
    if (!e || e.refs === 0) return
    if (--e.refs > 0) return
    if (this.lingerMs <= 0) { this.drop(id, e); return }
    e.linger = setTimeout(() => this.drop(id, e), this.lingerMs)
  }

  /** The existing watch of `key`, if any (no reference taken). */
  get(key: WatchKeyParts): SharedWatch | undefined {
    return this.entries.get(watchKey(key))?.watch
  }

  all(): SharedWatch[] {
    return [...this.entries.values()].map((e) => e.watch)
  }

  /** Stop every watch and clear every timer; resolves once all loops have ended. */
  async close(): Promise<void> {
    for (const [id, e] of this.entries) this.drop(id, e)
    await Promise.all([...this.stopping])
  }

  private drop(id: string, e: Entry): void {
    if (e.linger) clearTimeout(e.linger)
    if (this.entries.get(id) === e) this.entries.delete(id)
    const p = e.watch.stop().finally(() => this.stopping.delete(p))
    this.stopping.add(p)
  }
}
