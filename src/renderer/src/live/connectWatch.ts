/**
 * The "connecting" timeout of one stream connection: when no rows at all have come
 * CONNECT_TIMEOUT_MS after opening, it says what did not answer — the local server (the
 * connection never opened) or the cluster (open, but the list never came; with the upstream's last
 * reason when the server sent one).
 *
 * Why apart from the live core: one timer and two facts about the current connection; the core
 * only starts it, tells it what happened, and decides what a timeout means for the view.
 * Lifecycle: `start()` per opened connection; `opened()` / `waiting(reason)` as the connection
 * reports; `answered()` (rows, an error frame, a close) stops it.
 */
import { CONNECT_TIMEOUT_MS } from './policy.ts'

export interface ConnectWatch {
  start(): void
  /** The local server answered the stream request. */
  opened(): void
  /** The upstream is not live yet, and why. */
  waiting(reason: string): void
  /** Rows came (or the connection ended): no timeout for this connection. */
  answered(): void
  /** The timer is running (no answer yet, and not timed out). */
  readonly running: boolean
}

/**
 * @param label names the stream (`pods`).
 * @param onTimeout gets the sentence saying what did not answer.
 */
export function createConnectWatch(
  label: string,
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void },
  onTimeout: (what: string) => void
): ConnectWatch {
  let timer: unknown = null
  let isOpen = false
  let reason = ''
  const stop = (): void => {
    if (timer !== null) timers.clearTimeout(timer)
    timer = null
  }
  return {
    start() {
      stop()
      isOpen = false
      reason = ''
      timer = timers.setTimeout(() => {
        timer = null
        const secs = CONNECT_TIMEOUT_MS / 1000
        onTimeout(
          !isOpen
            ? `the local Periscope server did not open the ${label} stream in ${secs} s`
            : `no ${label} from the cluster in ${secs} s: the stream is open, but the apiserver has not answered the list${reason ? ` (${reason})` : ''}`
        )
      }, CONNECT_TIMEOUT_MS)
    },
    opened() {
      isOpen = true
    },
    waiting(r) {
      reason = r
    },
    answered: stop,
    get running() {
      return timer !== null
    }
  }
}
