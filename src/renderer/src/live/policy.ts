/**
 * The timing policy of a live view: how often it polls, when a failing stream counts as broken,
 * and how it backs off before retrying the stream.
 *
 * Why in one place: these numbers decide how hard a view leans on the local server and, through
 * it, on the apiserver. Transient failures (a dropped connection, 5xx, 429, the cap) retry with
 * exponential backoff; a permanent refusal (403 Forbidden, 404 not served) retries the stream only
 * every PERMANENT_RETRY_MS — the poll that runs meanwhile notices a fix within POLL_MS anyway.
 */

/** Polling period when the stream is off or refused (spec §6: "every 5 s by default"). */
export const POLL_MS = 5_000
/** This many stream errors… */
export const MAX_FAILURES = 4
/** …within this window mean the network is not going to carry a stream: fall back to polling. */
export const FAILURE_WINDOW_MS = 12_000
/** First retry of a refused/failed stream; doubles per failed retry (a cap frees up, a blip ends). */
export const RETRY_BASE_MS = 30_000
/** Retry backoff ceiling: a view never waits longer than this to get back to live. */
export const RETRY_MAX_MS = 300_000
/**
 * Stream retry after a permanent refusal (403/404): as slow as the backoff's ceiling, from the
 * start. The engine retries such a watch every two minutes too; a view that polls meanwhile sees a
 * fixed RoleBinding within POLL_MS and reopens the stream at once.
 */
export const PERMANENT_RETRY_MS = RETRY_MAX_MS
/**
 * A view that has had no rows at all this long after opening its stream stops saying
 * "connecting" and says what did not answer (error). Longer than the server's own waits — 30 s
 * for an apiserver's response headers, 10 s for a /version probe — plus a backoff step, so when
 * nothing came by then, something between did not answer; a big list sends its first rows (a
 * partial snapshot) within a second, so a slow LIST never trips it. The stream stays open: rows
 * that come later still make the view live.
 */
export const CONNECT_TIMEOUT_MS = 40_000

/** Exponential backoff state of one view's stream retries. */
export interface RetryBackoff {
  /** The next delay (doubling from RETRY_BASE_MS up to RETRY_MAX_MS). */
  next(): number
  reset(): void
}

/** A fresh backoff. */
export function retryBackoff(): RetryBackoff {
  let delay = RETRY_BASE_MS
  return {
    next() {
      const d = delay
      delay = Math.min(delay * 2, RETRY_MAX_MS)
      return d
    },
    reset() {
      delay = RETRY_BASE_MS
    }
  }
}
