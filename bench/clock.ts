/**
 * Clock offsets between the bench's processes (the bench, the simulator child, each Chromium page).
 *
 * Why: every latency in the report subtracts one process's epoch stamp from another's (the
 * simulator's emit time from the bench's or the page's arrival time). Each process reads its own
 * `performance.timeOrigin + performance.now()`, and nothing makes two processes' readings agree:
 * a wall-clock step or slew between their starts offsets one whole timeline against the other.
 * So the offset is measured as NTP does it, over the channel the stamps travel: ask the remote
 * for its clock, take the round trip with the least delay, and assume the reply was read halfway.
 * Lifecycle: `measureOffset` is called around each measured window; its result shifts the remote
 * stamps onto the bench's timeline and is kept in the results.
 */

/** Round trips per measurement: the least delayed one bounds the error by its half round trip. */
const ROUNDS = 7

export interface ClockOffset {
  /** remote clock − local clock, ms (add to a local stamp to get the remote's; subtract to go back). */
  readonly offsetMs: number
  /** Half the least round trip: the offset's error bound, ms. */
  readonly errorMs: number
}

/** Measure `remoteNow`'s clock against `localNow` (both epoch ms). */
export async function measureOffset(remoteNow: () => Promise<number>, localNow: () => number): Promise<ClockOffset> {
  let best: ClockOffset | undefined
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = localNow()
    const remote = await remoteNow()
    const t1 = localNow()
    const half = (t1 - t0) / 2
    if (!best || half < best.errorMs) best = { offsetMs: remote - (t0 + half), errorMs: half }
  }
  return { offsetMs: Math.round((best as ClockOffset).offsetMs * 10) / 10, errorMs: Math.round((best as ClockOffset).errorMs * 10) / 10 }
}
