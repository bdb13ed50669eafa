/**
 * Honest stream state (issue 15 item 4) on the real path (sim → engine → local server → SSE):
 * a healthy stream carries no `state` frame; when the apiserver goes away after the snapshot the
 * stream says `reconnecting` with the reason and the time of the last good data, and `live` only
 * once the upstream watch is back — so a view never says `live` during an outage. A relist is
 * `relist` then the snapshot, with no delta between them.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { StreamStateData } from '../../src/shared/api/frames.ts'
import { openSse } from '../support/sseClient.ts'
import type { SseConn } from '../support/sseClient.ts'
import { TOKEN, startStack, watchPath } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'

let stack: Stack | undefined
let conns: SseConn[] = []
afterEach(async () => {
  for (const c of conns) c.close()
  conns = []
  await stack?.stop()
  stack = undefined
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const states = (c: SseConn): StreamStateData[] => c.frames.filter((f) => f.event === 'state').map((f) => JSON.parse(f.data ?? '') as StreamStateData)

async function stream(s: Stack, path: string): Promise<SseConn> {
  const c = await openSse(s.server.origin, path, { Authorization: `Bearer ${TOKEN}` })
  conns.push(c)
  return c
}

describe('fault suite: the stream tells the truth about its upstream', () => {
  it('apiserver down after the snapshot: reconnecting with reason and last good time, live only once it is back', async () => {
    const s = (stack = await startStack())
    const c = await stream(s, watchPath('pods'))
    await c.waitFor((f) => f.event === 'snapshot', 15_000)
    const snapshotAt = Date.now()
    await sleep(300)
    expect(states(c)).toEqual([]) // a healthy stream carries no state frame

    await s.sim.stop()
    const down = await c.waitFor((f) => f.event === 'state', 10_000)
    const d = JSON.parse(down.data ?? '') as StreamStateData
    expect(d.state).toBe('reconnecting')
    expect(d.reason).toMatch(/127\.0\.0\.1:\d+/) // names the apiserver, e.g. "connection refused to 127.0.0.1:…"
    expect(down.id).toBeUndefined()
    const lastGood = Date.parse(d.lastGood ?? '')
    expect(lastGood).toBeGreaterThanOrEqual(snapshotAt - 1_000)
    expect(lastGood).toBeLessThanOrEqual(Date.now())
    await sleep(1_000) // a second of outage: pings may flow, the stream must not claim live
    expect(states(c).every((x) => x.state === 'reconnecting')).toBe(true)

    await s.restartSim()
    const back = await c.waitFor((f) => f.event === 'state' && (JSON.parse(f.data ?? '') as StreamStateData).state === 'live', 15_000)
    expect(JSON.parse(back.data ?? '')).toEqual({ state: 'live', reason: '' })
    // The restarted apiserver has a fresh store: the engine relists, and the relist is `relist`
    // followed at once by its snapshot, never by a burst of deltas in between.
    const named = c.frames.filter((f) => f.event !== undefined).map((f) => f.event)
    for (let i = 0; i < named.length; i++) if (named[i] === 'relist') expect(named[i + 1]).toBe('snapshot')
    const live = named.lastIndexOf('state')
    expect(named.slice(0, live).filter((e) => e === 'snapshot').length).toBeGreaterThanOrEqual(1)
  })

  it('a stream opened during the outage is told at once that its upstream is reconnecting', async () => {
    const s = (stack = await startStack())
    const first = await stream(s, watchPath('nodes'))
    await first.waitFor((f) => f.event === 'snapshot', 15_000)
    await s.sim.stop()
    await first.waitFor((f) => f.event === 'state', 10_000)
    // The shared watch is synced but not live: a newcomer gets its snapshot, then the truth.
    const late = await stream(s, watchPath('nodes'))
    await late.waitFor((f) => f.event === 'state', 5_000)
    const named = late.frames.filter((f) => f.event !== undefined).map((f) => f.event)
    expect(named.slice(0, 2).sort()).toEqual(['snapshot', 'state'])
    expect(states(late)[0]).toMatchObject({ state: 'reconnecting', lastGood: expect.any(String) })
  })
})
