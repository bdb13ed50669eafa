/**
 * The memory bound of all log streams together: bytes of lines read from the apiserver and not
 * yet handed to a client's socket.
 *
 * Why: each stream is bounded on its own (PER_STREAM_BYTES, output.ts), but streams are many
 * (the per-user cap may be 0 = none); the sum must be bounded too. A stream that cannot reserve
 * room drops lines, counts them and tells its client: memory stays bounded, loss is never silent.
 */

/** All log streams together hold at most this many bytes of unsent lines: 32 streams' worth. */
export const TOTAL_LOG_BYTES = 128 * 1024 * 1024

export interface LogBudget {
  /** Reserve `bytes`. @returns false when the total would pass the bound (the caller drops). */
  take(bytes: number): boolean
  give(bytes: number): void
  /** Bytes reserved now (for /debug and tests). */
  used(): number
}

/** A budget of `limit` bytes. */
export function createLogBudget(limit = TOTAL_LOG_BYTES): LogBudget {
  let used = 0
  return {
    take(bytes) {
      if (used + bytes > limit) return false
      used += bytes
      return true
    },
    give(bytes) {
      used = Math.max(0, used - bytes)
    },
    used: () => used
  }
}
