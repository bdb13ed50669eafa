/**
 * The engine's honesty about failures (issue 12 seam bug, issue 15 item 4): a watch that cannot
 * LIST tells its subscribers (not synced, with the HTTP status), retries a 403 slowly, shows as a
 * per-kind problem of an `ok` cluster, and the polled list answers the refusal itself; state
 * changes after the snapshot carry the last good time.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { UpstreamError, httpError } from '../kube/errors.ts'
import { createWatchEngine } from './engine.ts'
import type { ClusterProvider, OfflineCache } from './engine.ts'
import { FakeSource } from './testing/fakeSource.ts'
import { recorder, waitFor } from './testing/recorder.ts'
import type { StateDetail, WatchEngine, WatchKeyParts, WatchState } from './types.ts'

const PODS: WatchKeyParts = { cluster: 'c1', kind: 'pods', namespace: '' }
const FORBIDDEN = httpError(
  403,
  JSON.stringify({ kind: 'Status', message: 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope' }),
  'h:1',
  'list pods'
)

let engines: WatchEngine[] = []
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()))
  engines = []
})

function setup(opts: { permanentMs?: number; cache?: OfflineCache } = {}) {
  const fake = new FakeSource()
  const clusters: ClusterProvider = {
    list: () => [{ id: 'c1', status: 'ok', reason: '' }],
    has: (id) => id === 'c1',
    source: () => fake
  }
  const engine = createWatchEngine({
    clusters,
    lingerMs: 50,
    livenessMs: 5_000,
    ...(opts.cache ? { cache: opts.cache } : {}),
    backoff: { initialMs: 5, maxMs: 20, jitter: 0, ...(opts.permanentMs !== undefined ? { permanentMs: opts.permanentMs } : {}) }
  })
  engines.push(engine)
  return { fake, engine }
}

/** A subscriber that also keeps each state's detail. */
function detailed() {
  const r = recorder()
  const details: { state: WatchState; reason: string; detail: StateDetail }[] = []
  r.onState = (state, reason, detail) => {
    r.states.push({ state, reason })
    details.push({ state, reason, detail })
  }
  return { r, details }
}

describe('watch engine: failures before and after the first snapshot', () => {
  it('a 403 on the first LIST reaches subscribers as error, not synced, status 403, permanent', async () => {
    const { fake, engine } = setup({ permanentMs: 60_000 })
    fake.failNext(FORBIDDEN)
    const { r, details } = detailed()
    engine.subscribe(PODS, r)
    await waitFor(() => details.some((d) => d.state === 'error'), 'the error state')
    const err = details.find((d) => d.state === 'error')!
    expect(err.reason).toBe('403 Forbidden: pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope')
    expect(err.detail).toEqual({ synced: false, status: 403, permanent: true })
    expect(r.count('snapshot')).toBe(0)
    // A subscriber joining the failed watch is told at once, synchronously, without a new LIST.
    const late = detailed()
    engine.subscribe(PODS, late.r)
    expect(late.details).toEqual([err])
    expect(fake.lists).toBe(1)
  })

  it('retries a 403 after the permanent delay, a 500 at the backoff (no retry storm)', async () => {
    const { fake, engine } = setup({ permanentMs: 400 })
    fake.failNext(FORBIDDEN)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.some((s) => s.state === 'error'), 'the error state')
    await new Promise((res) => setTimeout(res, 250))
    expect(fake.lists).toBe(1) // a 20 ms backoff would have listed ~10 times by now
    await waitFor(() => r.count('snapshot') === 1, 'the snapshot once the permanent delay is over', 2_000)
    expect(fake.lists).toBe(2)

    const t = setup({ permanentMs: 60_000 })
    t.fake.failNext(new UpstreamError('http', '500 from fake', { status: 500 }))
    const r2 = recorder()
    t.engine.subscribe(PODS, r2)
    await waitFor(() => r2.count('snapshot') === 1, 'a quick retry after a 500', 1_000)
    expect(r2.states.find((s) => s.reason === '500 from fake')?.state).toBe('reconnecting')
  })

  it('lists a 403 as a problem of the ok cluster, and clears it when the kind lists again', async () => {
    const { fake, engine } = setup({ permanentMs: 300 })
    fake.failNext(FORBIDDEN)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.some((s) => s.state === 'error'), 'the error state')
    const [c] = engine.clusters()
    expect(c).toMatchObject({ id: 'c1', status: 'ok', reason: '' })
    expect(c.problems).toEqual([{ kind: 'pods', namespace: '', reason: FORBIDDEN.message, status: 403, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }])
    await waitFor(() => r.count('snapshot') === 1, 'the retry succeeds', 2_000)
    expect(engine.clusters()[0].problems).toBeUndefined()
  })

  it('the polled list answers the 403 itself (with its status), never cached rows, and records the problem', async () => {
    const cached = { items: [], resourceVersion: '1', lastSeen: '2024-01-01T00:00:00.000Z' }
    const cache: OfflineCache = { mark: () => undefined, read: async () => cached, close: async () => undefined }
    const { fake, engine } = setup({ cache })
    fake.failNext(FORBIDDEN)
    await expect(engine.list(PODS)).rejects.toMatchObject({ status: 403, message: FORBIDDEN.message })
    expect(engine.clusters()[0].problems?.map((p) => [p.kind, p.status])).toEqual([['pods', 403]])
    // A 500 is an outage: the cached rows stand in for it, as before.
    fake.failNext(new UpstreamError('http', '500 from fake', { status: 500 }))
    await expect(engine.list(PODS)).resolves.toMatchObject({ stale: true, lastSeen: cached.lastSeen })
    // And a good LIST clears the problem.
    await expect(engine.list(PODS)).resolves.toMatchObject({ stale: false })
    expect(engine.clusters()[0].problems).toBeUndefined()
  })

  it('after the snapshot, an outage is reconnecting with the last good time, then live again', async () => {
    const { fake, engine } = setup()
    fake.create('a')
    const { r, details } = detailed()
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1 && fake.openWatches === 1, 'live')
    const before = Date.now()
    fake.failNext(new UpstreamError('network', 'connection refused to h:1'))
    fake.failNext(new UpstreamError('network', 'connection refused to h:1'))
    fake.dropWatches()
    await waitFor(() => details.some((d) => d.state === 'reconnecting'), 'reconnecting')
    const rec = details.find((d) => d.state === 'reconnecting')!
    expect(rec.detail.synced).toBe(true)
    expect(Date.parse(rec.detail.lastGood ?? '')).toBeGreaterThanOrEqual(before - 1)
    await waitFor(() => details.at(-1)?.state === 'live', 'live again')
    expect(r.count('snapshot')).toBe(1) // resumed from the last RV: no relist, no second snapshot
  })
})
