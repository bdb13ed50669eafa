/**
 * Fault hooks of the simulated apiserver, for tests of every client-side recovery path.
 *
 * Why: a watch engine is only as good as its handling of dropped connections, stalls, 5xx, 429
 * with Retry-After, garbage lines and 410 Gone; these hooks produce each one on demand, on the
 * real HTTP path, so tests exercise exactly what a real cluster would send.
 * Lifecycle: one instance per sim; counters (`fail500`, `throttle429`) are consumed by the next
 * list/watch requests; `stall` holds until turned off.
 */
import type { SimStore } from './store/store.ts'
import type { WatchHub } from './http/watchHub.ts'

/** A fault the server must answer a list/watch request with, instead of serving it. */
export type InjectedFault = { readonly code: 500 } | { readonly code: 429; readonly retryAfterSeconds: number }

/** The broken line `malformedLine()` writes: a truncated JSON object. */
export const MALFORMED_LINE = '{"type":"MODIFIED","object":{"kind":"Pod",\n'

export class SimFaults {
  /** How a too-old resume is answered: an in-stream ERROR event (default) or an HTTP 410 on open. */
  goneMode: 'event' | 'http' = 'event'
  private readonly hub: WatchHub
  private readonly store: SimStore
  private fail500Left = 0
  private throttleLeft = 0
  private retryAfter = 1
  private stalled = false

  constructor(hub: WatchHub, store: SimStore) {
    this.hub = hub
    this.store = store
  }

  /** Destroy every open watch socket (no clean end of stream). @returns how many were open. */
  dropAllWatches(): number {
    return this.hub.dropAll()
  }

  /** While on, open and new watches send no byte at all (not even bookmarks) but stay open. */
  stall(on: boolean): void {
    this.stalled = on
    if (!on) this.hub.pumpAll()
  }

  isStalled(): boolean {
    return this.stalled
  }

  /** The next `n` list/watch requests get a 500 InternalError Status. */
  fail500(n: number): void {
    this.fail500Left = Math.max(0, Math.floor(n))
  }

  /** The next `n` list/watch requests get a 429 TooManyRequests Status with `Retry-After`. */
  throttle429(n: number, retryAfterSeconds = 1): void {
    this.throttleLeft = Math.max(0, Math.floor(n))
    this.retryAfter = Math.max(0, Math.floor(retryAfterSeconds))
  }

  /** Write one broken JSON line to every open watch. */
  malformedLine(): void {
    this.hub.rawToAll(Buffer.from(MALFORMED_LINE))
  }

  /** Drop the history: every older resourceVersion (and continue token) becomes too old (410). */
  expireHistory(): void {
    this.store.expireHistory()
  }

  /** Consume the next injected fault for a list/watch request, if any. */
  take(): InjectedFault | undefined {
    if (this.fail500Left > 0) {
      this.fail500Left--
      return { code: 500 }
    }
    if (this.throttleLeft > 0) {
      this.throttleLeft--
      return { code: 429, retryAfterSeconds: this.retryAfter }
    }
    return undefined
  }
}
