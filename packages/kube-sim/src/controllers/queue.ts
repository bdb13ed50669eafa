/**
 * A delaying, de-duplicating work queue: the controllers' reconcile loop.
 *
 * Why: store watch listeners run synchronously inside a store write, so they must never write
 * back; they only `add` a key here, and the handler runs later on a timer and reads fresh state
 * (level-triggered, like client-go's workqueue). A key is queued at most once, at its earliest due
 * time. Lifecycle: created by a controller, fed by its informer listeners, `stop()`ped by the
 * manager; one timer at a time, unref'd so it never keeps a process alive.
 */

/** Handles one key; may return a delay (ms) to run it again. */
export type QueueHandler = (key: string) => number | undefined | void

/** Back-off after an unexpected error, in steps (so a broken object does not spin). */
const ERROR_RETRY_STEPS = 10
/** Keys handled per timer turn before yielding, so a burst never blocks the event loop for long. */
const BATCH = 200

export class WorkQueue {
  private readonly due = new Map<string, number>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerAt = Infinity
  private stopped = false
  private readonly name: string
  private readonly handler: QueueHandler
  private readonly stepMs: number
  private readonly retryable: (err: unknown) => boolean
  private readonly onError: (message: string) => void

  /**
   * @param name controller name, for error messages
   * @param retryable errors that are a normal race (conflict, not found): retried after one step
   */
  constructor(name: string, handler: QueueHandler, opts: { stepMs: number; retryable: (err: unknown) => boolean; onError: (message: string) => void }) {
    this.name = name
    this.handler = handler
    this.stepMs = opts.stepMs
    this.retryable = opts.retryable
    this.onError = opts.onError
  }

  /** Queue `key` to run in `delayMs` (an earlier pending run wins). */
  add(key: string, delayMs = 0): void {
    if (this.stopped) return
    const at = Date.now() + Math.max(0, delayMs)
    const cur = this.due.get(key)
    if (cur !== undefined && cur <= at) return
    this.due.set(key, at)
    this.arm(at)
  }

  /** Keys waiting to run. */
  size(): number {
    return this.due.size
  }

  /** Drop every pending key and the timer. */
  stop(): void {
    this.stopped = true
    this.due.clear()
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(at: number): void {
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => this.run(), Math.max(0, at - Date.now()))
    this.timer.unref?.()
  }

  private run(): void {
    this.timer = undefined
    this.timerAt = Infinity
    const now = Date.now()
    const ready: string[] = []
    for (const [key, at] of this.due) {
      if (at <= now + 1) ready.push(key)
      if (ready.length >= BATCH) break
    }
    for (const key of ready) {
      if (this.stopped) return
      this.due.delete(key)
      this.handle(key)
    }
    let next = Infinity
    for (const at of this.due.values()) if (at < next) next = at
    if (next !== Infinity && !this.stopped) this.arm(next)
  }

  private handle(key: string): void {
    try {
      const again = this.handler(key)
      if (typeof again === 'number' && Number.isFinite(again)) this.add(key, again)
    } catch (err) {
      if (this.retryable(err)) {
        this.add(key, this.stepMs)
        return
      }
      this.onError(`sim ${this.name} controller: reconciling ${key} failed: ${err instanceof Error ? err.message : String(err)}`)
      this.add(key, this.stepMs * ERROR_RETRY_STEPS)
    }
  }
}
