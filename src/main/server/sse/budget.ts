/**
 * One budget of unflushed bytes across every open stream of the server.
 *
 * Why: each stream is bounded on its own (writer.ts: 8 MiB past its baseline), but the baseline
 * itself (a snapshot of 10k pods is ~18 MB) is allowed on top, and a cap of 0 means any number of
 * streams. 60 clients that stop reading after their snapshot held ~1.1 GB. So the total of what
 * all streams hold unsent is bounded too; past it, the stream holding the most is closed first
 * (it resumes with `Last-Event-ID` when its client comes back), then the next, until the total is
 * under the budget again. The per-user cap plays no part: with the cap at 0 the budget still holds.
 * Lifecycle: one per server; a writer `register`s itself and unregisters when it closes; writers
 * `touch()` after queueing or flushing, and the check runs once per tick for all of them.
 */

/**
 * Unflushed bytes of all streams together. A live client drains a 150k-row snapshot (~90 MB)
 * in well under a second on loopback; 128 MiB lets one be in flight beside the other streams,
 * and (×2 over TLS) keeps a stalled crowd under ~300 MB.
 */
export const MAX_TOTAL_BUFFERED_BYTES = 128 * 1024 * 1024
/** A stream whose unsent bytes have not shrunk for this long counts as stalled. */
export const STALLED_MS = 1_000

/** What the budget needs from a stream. */
export interface BudgetMember {
  /** Bytes queued or written but not yet taken by the peer. */
  unflushed(): number
  /** Close it hard (its buffers are dropped). */
  evict(reason: string): void
}

export interface BufferBudget {
  readonly maxBytes: number
  /** @returns the unregister function (idempotent). */
  register(m: BudgetMember): () => void
  /**
   * Something grew: check the total soon (once per tick for all streams), or now (`now`: a new
   * baseline, megabytes at once; checking at once keeps the overshoot to that one frame).
   */
  touch(now?: boolean): void
  /** Streams closed by the budget so far. */
  readonly evictions: number
  /** The unflushed bytes of all streams now (for /debug and tests). */
  total(): number
}

/** "1.5 MiB", "300 KiB": a size for a message. */
function approx(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.round(n / 1024)} KiB`
}

/** A budget of `maxBytes` unflushed bytes across its members. */
export function createBufferBudget(maxBytes = MAX_TOTAL_BUFFERED_BYTES, now: () => number = Date.now): BufferBudget {
  /** Per member: its unsent bytes at the last look, and when they last shrank (or were 0). */
  const members = new Map<BudgetMember, { last: number; drainedAt: number }>()
  let scheduled: NodeJS.Immediate | null = null
  let evictions = 0

  function check(): void {
    scheduled = null
    const t = now()
    let total = 0
    const sizes: { m: BudgetMember; n: number; stalled: boolean }[] = []
    for (const [m, st] of members) {
      const n = m.unflushed()
      if (n === 0 || n < st.last) st.drainedAt = t
      st.last = n
      total += n
      sizes.push({ m, n, stalled: n > 0 && t - st.drainedAt >= STALLED_MS })
    }
    if (total <= maxBytes) return
    // Stalled streams first, the largest first; streams still draining only after them.
    sizes.sort((a, b) => Number(b.stalled) - Number(a.stalled) || b.n - a.n)
    for (const { m, n, stalled } of sizes) {
      if (total <= maxBytes) break
      evictions++
      total -= n
      members.delete(m)
      m.evict(
        `slow consumer: all streams together held more than ${approx(maxBytes)} unsent, and this ${stalled ? 'stalled ' : ''}one held the most (${approx(n)})`
      )
    }
  }

  return {
    maxBytes,
    register(m) {
      members.set(m, { last: 0, drainedAt: now() })
      return () => {
        members.delete(m)
      }
    },
    touch(now = false) {
      if (now) {
        if (scheduled) {
          clearImmediate(scheduled)
          scheduled = null
        }
        check()
      } else {
        scheduled ??= setImmediate(check)
      }
    },
    get evictions() {
      return evictions
    },
    total() {
      let t = 0
      for (const m of members.keys()) t += m.unflushed()
      return t
    }
  }
}
