/**
 * The set of open watch sessions, so fault hooks and shutdown can reach every one.
 *
 * Why: `dropAllWatches`, `stall`, `malformedLine` and `stop()` act on all open watches at once;
 * sessions register here when they open and leave when they close, for any reason.
 */
import type { WatchSession } from './watchSession.ts'

export class WatchHub {
  private readonly sessions = new Set<WatchSession>()
  /** The kind each watch follows (to end the watches of one custom resource). */
  private readonly kinds = new Map<WatchSession, string>()

  add(s: WatchSession, kind?: string): void {
    this.sessions.add(s)
    if (kind !== undefined) this.kinds.set(s, kind)
  }

  remove(s: WatchSession): void {
    this.sessions.delete(s)
    this.kinds.delete(s)
  }

  /**
   * End the watches of one kind cleanly (its CRD changed or went: the apiserver tears down the
   * resource's storage and its watches; clients watch again and get the new printer columns).
   */
  endKind(kind: string): number {
    let n = 0
    for (const [s, k] of [...this.kinds]) {
      if (k !== kind) continue
      s.endAfterQueue()
      n++
    }
    return n
  }

  /** Number of open watches. */
  size(): number {
    return this.sessions.size
  }

  /** Destroy every open watch socket. @returns how many were open. */
  dropAll(): number {
    const all = [...this.sessions]
    for (const s of all) s.destroy()
    return all.length
  }

  /** Write one line of raw bytes to every open watch. */
  rawToAll(buf: Buffer): void {
    for (const s of this.sessions) s.raw(buf)
  }

  /** Resume writing (after the stall fault is lifted). */
  pumpAll(): void {
    for (const s of [...this.sessions]) s.pump()
  }

  /** End every watch cleanly (server shutdown). */
  endAll(): void {
    for (const s of [...this.sessions]) s.endAfterQueue()
  }
}
