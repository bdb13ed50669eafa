/**
 * The per-user cap on concurrent watch streams (spec §5).
 *
 * Why: a runaway renderer bug must not open hundreds of streams (and upstream watches) on the
 * user's behalf. The cap counts open streams per actor across all clusters and kinds; at the cap
 * the server answers 429 and the renderer polls instead.
 * Lifecycle: `acquire` when a stream is about to open; the returned slot's `release` (idempotent)
 * when it closes for any reason. The limit is read on every acquire, so a changed setting applies
 * to the next stream at once; streams already open are never cut by a lowered cap.
 */

/** A held slot. */
export interface StreamSlot {
  readonly actor: string
  /** Give the slot back; safe to call more than once. */
  release(): void
}

export type AcquireResult = { readonly ok: true; readonly slot: StreamSlot } | { readonly ok: false; readonly limit: number; readonly open: number }

export interface StreamLimiter {
  /** Take a slot for `actor`, or report the cap that refused it. */
  acquire(actor: string): AcquireResult
  /** Open streams per actor (actors with none are absent). */
  counts(): ReadonlyMap<string, number>
}

/**
 * Build the limiter.
 * @param limit the current cap, read on every acquire; 0 = no cap.
 */
export function createStreamLimiter(limit: () => number): StreamLimiter {
  const open = new Map<string, number>()
  return {
    acquire(actor) {
      const n = open.get(actor) ?? 0
      const cap = limit()
      if (cap > 0 && n >= cap) return { ok: false, limit: cap, open: n }
      open.set(actor, n + 1)
      let released = false
      return {
        ok: true,
        slot: {
          actor,
          release() {
            if (released) return
            released = true
            const m = (open.get(actor) ?? 1) - 1
            if (m <= 0) open.delete(actor)
            else open.set(actor, m)
          }
        }
      }
    },
    counts: () => new Map(open)
  }
}
