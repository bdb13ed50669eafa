/**
 * Exponential backoff with jitter for the reflector's restart loop (client-go reflector.go).
 *
 * Why: a failing apiserver (or a 410 loop, snyk/kubernetes-monitor#1506) must not be hammered by
 * every watch at once (kubernetes-client/javascript#1933 saw tens of watch requests per second);
 * jitter spreads many reflectors' retries; a healthy period resets the delay so a one-off drop
 * after hours of streaming reconnects fast. Lifecycle: `next()` on each failure, `healthy()` when
 * a watch opens, `nextPermanent()` for a 403/404 (slow, minutes), `reset()` to start over.
 */

export interface BackoffOptions {
  /** First delay. client-go: 800 ms. */
  readonly initialMs: number
  /** Ceiling. client-go: 30 s — "~98% traffic reduction" versus retrying every second. */
  readonly maxMs: number
  /** Growth per failure. */
  readonly factor: number
  /** Up to this fraction of the delay is added at random (client-go: 1.0). */
  readonly jitter: number
  /** After this long healthy, the next failure starts from `initialMs` again. client-go: 2 min. */
  readonly resetAfterMs: number
  /**
   * The delay after a permanent failure (403 Forbidden, 404 not served), which retrying at the
   * backoff only turns into a request storm. Default: PERMANENT_FACTOR × `maxMs` (2 min).
   */
  readonly permanentMs?: number
}

/**
 * Permanent failures retry this many backoff ceilings apart: 4 × 30 s = 2 min, slow enough that
 * a user without RBAC for a kind costs the apiserver one request per watch every two minutes,
 * quick enough that a fixed RoleBinding shows within minutes even with no view polling.
 */
export const PERMANENT_FACTOR = 4

/** client-go's reflector constants. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
  factor: 2,
  jitter: 1,
  resetAfterMs: 120_000
}

/** One reflector's backoff state. */
export class Backoff {
  private readonly opts: BackoffOptions
  private readonly random: () => number
  private attempt = 0
  private healthySince: number | undefined

  constructor(opts: Partial<BackoffOptions> = {}, random: () => number = Math.random) {
    this.opts = { ...DEFAULT_BACKOFF, ...opts }
    this.random = random
  }

  /** The delay before the next retry; grows with each call. */
  next(now: number = Date.now()): number {
    if (this.healthySince !== undefined && now - this.healthySince >= this.opts.resetAfterMs) this.attempt = 0
    this.healthySince = undefined
    const base = Math.min(this.opts.maxMs, this.opts.initialMs * Math.pow(this.opts.factor, this.attempt))
    this.attempt++
    return Math.min(this.opts.maxMs, Math.round(base * (1 + this.random() * this.opts.jitter)))
  }

  /**
   * The delay after a permanent failure: `permanentMs` (default PERMANENT_FACTOR × `maxMs`), plus
   * up to a quarter at random so many watches refused together do not retry together. It does
   * not advance the exponential attempt count.
   */
  nextPermanent(): number {
    const base = this.opts.permanentMs ?? PERMANENT_FACTOR * this.opts.maxMs
    return Math.round(base * (1 + this.random() * 0.25))
  }

  /** A watch is established: start the healthy clock (if not already running). */
  healthy(now: number = Date.now()): void {
    if (this.healthySince === undefined) this.healthySince = now
  }

  reset(): void {
    this.attempt = 0
    this.healthySince = undefined
  }
}
