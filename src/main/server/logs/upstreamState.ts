/**
 * A log stream's `state` frames: the upstream (the log requests, the pods watch) reconnecting or
 * live again, sent on a change only, as a row stream does (sse/upstream.ts).
 */
import type { StreamStateData } from '../../../shared/api/frames.ts'
import type { LogOutput } from './output.ts'

/** @returns a reporter that queues a `state` frame on `out` when the state or reason changes. */
export function logStateReporter(out: LogOutput): (state: 'live' | 'reconnecting', reason: string, status?: number) => void {
  let sent = 'live|'
  let lastGood = new Date().toISOString()
  return (state, reason, status) => {
    if (state === 'live') lastGood = new Date().toISOString()
    const key = `${state}|${state === 'live' ? '' : reason}`
    if (key === sent) return
    sent = key
    out.frame(
      'state',
      (state === 'live' ? { state, reason: '' } : { state, reason, lastGood, ...(status !== undefined ? { status } : {}) }) satisfies StreamStateData
    )
  }
}
