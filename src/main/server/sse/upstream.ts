/**
 * Honest stream state: turns the upstream watch's state changes into a stream's `state` frames,
 * and a failure before the first snapshot into the final `error` frame.
 *
 * Why: without it a stream carries only pings during an upstream outage and its view keeps
 * saying `live`; and a watch that cannot even LIST (403 on pods) leaves the stream open and
 * silent, the view "Connecting…" forever. Any stream fed by an upstream watch (rows today, logs
 * tomorrow) uses this, so the rules are one: a healthy stream never carries a `state` frame; a
 * change to `reconnecting`/`error` (or a new reason) sends one, and so does the return to `live`;
 * `connecting` (before the first LIST) is never reported; an `error` before the watch has ever
 * listed (`synced: false`) ends the stream with `error` {reason, status, permanent}.
 * Lifecycle: one reporter per stream, fed by the subscriber's `onState`.
 */
import type { StreamErrorData, StreamStateData, UpstreamState } from '../../../shared/api/frames.ts'
import type { StateDetail, WatchState } from '../../watch/types.ts'

/** Where the reporter writes (the row frames implement it). */
export interface UpstreamOut {
  state(data: StreamStateData): void
  fail(data: StreamErrorData, closeReason: string): void
}

/** @returns the `onState` of one stream's subscriber. */
export function upstreamReporter(out: UpstreamOut): (state: WatchState, reason: string, detail: StateDetail) => void {
  let sent: { state: UpstreamState; reason: string } = { state: 'live', reason: '' }
  return (state, reason, detail) => {
    const status = detail.status !== undefined ? { status: detail.status } : {}
    if (state === 'error' && !detail.synced) {
      out.fail(
        { reason, ...status, permanent: detail.permanent, ...(detail.noAccess ? { noAccess: true } : {}) },
        `upstream failed before its first snapshot: ${reason}`
      )
      return
    }
    if (state === 'connecting' || (state === sent.state && reason === sent.reason)) return
    sent = { state, reason }
    const lastGood = state !== 'live' && detail.lastGood !== undefined ? { lastGood: detail.lastGood } : {}
    out.state({ state, reason, ...lastGood, ...(state !== 'live' ? status : {}) })
  }
}
