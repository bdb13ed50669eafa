import { describe, expect, it } from 'vitest'
import type { StreamErrorData, StreamStateData } from '../../../shared/api/frames.ts'
import { upstreamReporter } from './upstream.ts'

function reporter() {
  const states: StreamStateData[] = []
  const fails: { data: StreamErrorData; reason: string }[] = []
  const onState = upstreamReporter({ state: (d) => states.push(d), fail: (data, reason) => fails.push({ data, reason }) })
  return { onState, states, fails }
}

const LAST_GOOD = '2026-03-01T10:00:00.000Z'

describe('upstream reporter', () => {
  it('says nothing while the upstream is healthy (connecting, then live)', () => {
    const r = reporter()
    r.onState('connecting', '', { synced: false, permanent: false })
    r.onState('live', '', { synced: true, permanent: false, lastGood: LAST_GOOD })
    expect([r.states, r.fails]).toEqual([[], []])
  })

  it('reports each change of state or reason after the snapshot, with last good time and status, then live', () => {
    const r = reporter()
    r.onState('reconnecting', 'connection refused to h:1', { synced: true, permanent: false, lastGood: LAST_GOOD })
    r.onState('reconnecting', 'connection refused to h:1', { synced: true, permanent: false, lastGood: LAST_GOOD })
    r.onState('reconnecting', '500 from h:1 on watch pods', { synced: true, permanent: false, status: 500, lastGood: LAST_GOOD })
    r.onState('error', '403 Forbidden: pods is forbidden', { synced: true, permanent: true, status: 403, lastGood: LAST_GOOD })
    r.onState('live', '', { synced: true, permanent: false, lastGood: LAST_GOOD })
    expect(r.states).toEqual([
      { state: 'reconnecting', reason: 'connection refused to h:1', lastGood: LAST_GOOD },
      { state: 'reconnecting', reason: '500 from h:1 on watch pods', lastGood: LAST_GOOD, status: 500 },
      { state: 'error', reason: '403 Forbidden: pods is forbidden', lastGood: LAST_GOOD, status: 403 },
      { state: 'live', reason: '' }
    ])
    expect(r.fails).toEqual([])
  })

  it('ends the stream with the error frame when the watch fails before it ever listed', () => {
    const r = reporter()
    r.onState('reconnecting', '500 from h:1 on list pods', { synced: false, permanent: false, status: 500 })
    r.onState('error', '403 Forbidden: pods is forbidden', { synced: false, permanent: true, status: 403 })
    expect(r.states).toEqual([{ state: 'reconnecting', reason: '500 from h:1 on list pods', status: 500 }])
    expect(r.fails).toEqual([
      {
        data: { reason: '403 Forbidden: pods is forbidden', status: 403, permanent: true },
        reason: 'upstream failed before its first snapshot: 403 Forbidden: pods is forbidden'
      }
    ])
  })
})
