/**
 * Open `follow=true` log responses and the one timer that feeds them.
 *
 * Why: a follow is a kubelet reading a growing file: it writes each line shortly after the
 * container wrote it, and ends once the container has stopped (after its last lines). Here a line
 * "is written" when the clock passes its time, so each follow keeps only a cursor (an offset in
 * its run) and, every FOLLOW_TICK_MS, sends the lines between its cursor and now. A slow reader
 * is simply skipped (its cursor waits, nothing is buffered): the log is generated again later.
 * Lifecycle: `add` when a follow response has sent what it had; the timer runs while any follow is
 * open; a follow leaves when its run ends (after the end lines), its client goes, or `endAll()`
 * (the simulator stops).
 */
import type { ServerResponse } from 'node:http'
import { endOffset, linesBetween } from './generate.ts'
import type { RunSource } from './resolve.ts'
import type { LineWriter } from './write.ts'

/** How often follows are fed: lines reach the client at most this late (spec §10: p99 ≤ 150 ms end to end). */
export const FOLLOW_TICK_MS = 20
/** A client that has not taken this much is skipped until it drains (TCP backpressure, no buffering here). */
const MAX_UNSENT_BYTES = 1024 * 1024

interface Follow {
  readonly res: ServerResponse
  readonly source: RunSource
  readonly out: LineWriter
  cursor: number
}

export class LogFollows {
  private readonly open = new Set<Follow>()
  private timer: NodeJS.Timeout | undefined

  /** Number of open follows. */
  size(): number {
    return this.open.size
  }

  /** Follow `source` from offset `cursor` on `res`. */
  add(res: ServerResponse, source: RunSource, out: LineWriter, cursor: number): void {
    const f: Follow = { res, source, out, cursor }
    this.open.add(f)
    res.once('close', () => this.open.delete(f))
    this.timer ??= setInterval(() => this.tick(), FOLLOW_TICK_MS)
  }

  /** End every follow (the simulator stops). */
  endAll(): void {
    for (const f of this.open) f.res.end()
    this.open.clear()
    this.stopTimer()
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    const now = Date.now()
    for (const f of this.open) {
      if (f.res.writableLength > MAX_UNSENT_BYTES) continue
      const run = f.source()
      if (!run) {
        this.finish(f)
        continue
      }
      const end = endOffset(run)
      // A running run is sent up to the current millisecond, excluded: the kubelet may record the
      // run's end at this very millisecond, and nothing may have been sent at or after the end
      // but the end lines. Those are sent once the end is known, even when an earlier tick
      // already reached its offset.
      const to = end !== undefined ? end + 1 : (now - run.startMs) * 1e6
      const from = end !== undefined ? Math.min(f.cursor, end) : f.cursor
      if (to > from) {
        const more = f.out.write(run, linesBetween(run, from, to))
        f.cursor = to
        if (!more) {
          this.finish(f)
          continue
        }
      }
      if (end !== undefined) this.finish(f)
    }
    if (this.open.size === 0) this.stopTimer()
  }

  private finish(f: Follow): void {
    this.open.delete(f)
    f.res.end()
  }
}
