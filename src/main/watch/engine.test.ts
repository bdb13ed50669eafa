import { afterEach, describe, expect, it } from 'vitest'
import { UpstreamError } from '../kube/errors.ts'
import { createWatchEngine } from './engine.ts'
import type { ClusterProvider } from './engine.ts'
import { PARTIAL_MAX_ROWS } from './sharedWatch.ts'
import { FakeSource } from './testing/fakeSource.ts'
import { recorder, versions, waitFor } from './testing/recorder.ts'
import type { WatchEngine, WatchKeyParts } from './types.ts'

const PODS: WatchKeyParts = { cluster: 'c1', kind: 'pods', namespace: '' }
const FAST = { initialMs: 5, maxMs: 20, jitter: 0 }

let engines: WatchEngine[] = []
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()))
  engines = []
})

function setup(opts: { lingerMs?: number; livenessMs?: number; historySize?: number; pageSize?: number } = {}) {
  const fake = new FakeSource()
  fake.pageSize = opts.pageSize ?? 2
  const sourced: string[] = []
  const clusters: ClusterProvider = {
    list: () => [{ id: 'c1', status: 'ok', reason: '' }],
    has: (id) => id === 'c1',
    source: (id, kind, ns) => {
      sourced.push(`${id}/${kind.id}/${ns}`)
      return fake
    }
  }
  const engine = createWatchEngine({
    clusters,
    lingerMs: opts.lingerMs ?? 50,
    livenessMs: opts.livenessMs ?? 5_000,
    historySize: opts.historySize ?? 1000,
    backoff: FAST
  })
  engines.push(engine)
  return { fake, engine, sourced }
}

function seed(fake: FakeSource, n: number): void {
  for (let i = 0; i < n; i++) fake.create(`p${i}`)
}

const expectSameRows = (fake: FakeSource, rows: Map<string, { uid: string; resourceVersion: string }>): void => {
  expect(versions(rows.values())).toEqual(versions(fake.all().map((o) => ({ uid: o.metadata!.uid!, resourceVersion: o.metadata!.resourceVersion! }))))
}

describe('watch engine (fake source)', () => {
  it('lists page by page, sends one snapshot, then deltas that end equal to the source', async () => {
    const { fake, engine } = setup()
    seed(fake, 5)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    expect(fake.pages).toBe(3)
    expect(r.calls[0]).toEqual({ t: 'snapshot', n: 5, rv: fake.resourceVersion })
    await waitFor(() => fake.openWatches === 1, 'watch open')
    const a = fake.create('new')
    fake.modify(fake.all()[0].metadata!.uid!)
    fake.remove(a.metadata!.uid!)
    await waitFor(() => r.calls.length === 4, 'three deltas')
    expect(r.calls.slice(1).map((c) => c.t)).toEqual(['added', 'modified', 'deleted'])
    expect(r.lastId).toBe(fake.resourceVersion)
    expectSameRows(fake, r.rows)
    expect(r.states.at(-1)?.state).toBe('live')
  })

  it('shares one upstream list-watch between subscribers; a late subscriber gets the cache', async () => {
    const { fake, engine } = setup()
    seed(fake, 3)
    const a = recorder()
    const b = recorder()
    engine.subscribe(PODS, a)
    engine.subscribe({ ...PODS }, b)
    await waitFor(() => a.count('snapshot') === 1 && b.count('snapshot') === 1 && fake.openWatches === 1, 'both snapshots')
    const late = recorder()
    engine.subscribe(PODS, late)
    expect(late.calls).toEqual([{ t: 'snapshot', n: 3, rv: fake.resourceVersion }])
    expect(fake.lists).toBe(1)
    expect(fake.watches).toBe(1)
    expect(engine.debugWatches()).toEqual([
      { cluster: 'c1', kind: 'pods', namespace: '', subscribers: 3, state: 'live', resourceVersion: fake.resourceVersion, rows: 3, watchesOpened: 1 }
    ])
  })

  it('bookmarks advance the resourceVersion and never produce a row', async () => {
    const { fake, engine } = setup()
    seed(fake, 2)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => fake.openWatches === 1 && r.count('snapshot') === 1, 'live')
    const bm = fake.bookmark()
    expect(r.calls).toHaveLength(1)
    expect(engine.debugWatches()[0].resourceVersion).toBe(bm)
    fake.dropWatches()
    await waitFor(() => fake.openWatches === 1, 'rewatch')
    expect(fake.watchedFrom.at(-1)).toBe(bm)
  })

  it('resumes with lastEventId: only the missed deltas, no snapshot; current id gets nothing', async () => {
    const { fake, engine } = setup()
    seed(fake, 3)
    const keep = recorder()
    engine.subscribe(PODS, keep)
    const r = recorder()
    const sub = engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1 && fake.openWatches === 1, 'snapshot')
    sub.close()
    const from = r.lastId
    fake.create('missed-1')
    fake.modify(fake.all()[0].metadata!.uid!)
    await waitFor(() => keep.calls.length === 3, 'keeper saw the deltas')
    const again = recorder()
    engine.subscribe(PODS, again, { lastEventId: from })
    expect(again.calls.map((c) => c.t)).toEqual(['added', 'modified'])
    const current = recorder()
    engine.subscribe(PODS, current, { lastEventId: fake.resourceVersion })
    expect(current.calls).toEqual([])
  })

  it('a lastEventId the history no longer covers gets exactly one snapshot', async () => {
    const { fake, engine } = setup({ historySize: 3 })
    seed(fake, 2)
    const keep = recorder()
    engine.subscribe(PODS, keep)
    await waitFor(() => keep.count('snapshot') === 1 && fake.openWatches === 1, 'live')
    const old = keep.lastId
    for (let i = 0; i < 5; i++) fake.create(`more-${i}`)
    await waitFor(() => keep.calls.length === 6, 'deltas')
    for (const id of [old, 'not-a-version']) {
      const r = recorder()
      engine.subscribe(PODS, r, { lastEventId: id })
      expect(r.calls).toEqual([{ t: 'snapshot', n: 7, rv: fake.resourceVersion }])
    }
  })

  for (const form of ['http', 'in-stream'] as const) {
    it(`410 (${form}) relists: onRelist, then a fresh snapshot, and never a delta before it (issue 15)`, async () => {
      const { fake, engine } = setup()
      seed(fake, 4)
      const r = recorder()
      engine.subscribe(PODS, r)
      await waitFor(() => r.count('snapshot') === 1 && fake.openWatches === 1, 'live')
      const [gone, changed] = fake.all()
      fake.stall(true)
      fake.remove(gone.metadata!.uid!)
      const modified = fake.modify(changed.metadata!.uid!)
      fake.create('fresh')
      fake.stall(false)
      fake.expireHistory()
      if (form === 'http') fake.dropWatches()
      else fake.goneInStream()
      await waitFor(() => r.count('snapshot') === 2, 'second snapshot')
      // The three changes happened while the watch was stalled: the only way to learn of them is
      // the relist, which must reach the subscriber as `relist` + snapshot, with no synthesized
      // burst of deltas in front of it.
      const tail = r.calls.slice(1).map((c) => c.t)
      expect(tail).toEqual(['relist', 'snapshot'])
      expect(r.rows.has(gone.metadata!.uid!)).toBe(false)
      expect(r.rows.get(changed.metadata!.uid!)?.resourceVersion).toBe(modified.metadata!.resourceVersion)
      expect(r.calls.find((c) => c.t === 'relist')).toMatchObject({ reason: expect.stringContaining('410') })
      expect(fake.lists).toBe(2)
      expectSameRows(fake, r.rows)
    })
  }

  it('recovers from a dropped watch from the last RV, without relisting', async () => {
    const { fake, engine } = setup()
    seed(fake, 2)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => fake.openWatches === 1, 'live')
    fake.dropWatches()
    fake.create('during-outage')
    await waitFor(() => r.count('added') === 1, 'delta after reconnect')
    expect(fake.lists).toBe(1)
    expect(r.states.map((s) => s.state)).toContain('reconnecting')
    expect(r.states.at(-1)?.state).toBe('live')
    expectSameRows(fake, r.rows)
  })

  it('detects a stalled watch (liveness) and reconnects', async () => {
    const { fake, engine } = setup({ livenessMs: 60 })
    seed(fake, 1)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => fake.openWatches === 1, 'live')
    fake.stall(true)
    fake.create('while-stalled')
    await waitFor(() => r.states.some((s) => s.reason.includes('stalled')), 'stall detected')
    fake.stall(false)
    await waitFor(() => r.count('added') === 1, 'missed delta replayed')
    expect(fake.lists).toBe(1)
  })

  it('retries every error with backoff and honours Retry-After on 429', async () => {
    const { fake, engine } = setup()
    seed(fake, 1)
    fake.failNext(new UpstreamError('http', '500 from fake', { status: 500 }))
    fake.failNext(new UpstreamError('http', '429 Too Many Requests', { status: 429, retryAfterMs: 150 }))
    const r = recorder()
    const t0 = Date.now()
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot after retries')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    expect(fake.lists).toBe(3)
    expect(r.states.map((s) => s.reason)).toEqual(expect.arrayContaining(['500 from fake', '429 Too Many Requests']))
  })

  it('marks non-transient errors as state error and keeps retrying', async () => {
    const { fake, engine } = setup()
    fake.failNext(new UpstreamError('http', '403 Forbidden: pods is forbidden', { status: 403 }))
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot after the error')
    expect(r.states).toContainEqual({ state: 'error', reason: '403 Forbidden: pods is forbidden' })
  })

  it("retryNow() cuts a waiting watch's backoff short; live watches and other clusters are untouched", async () => {
    const fake = new FakeSource()
    seed(fake, 2)
    const clusters: ClusterProvider = { list: () => [{ id: 'c1', status: 'ok', reason: '' }], has: (id) => id === 'c1', source: () => fake }
    // A minute of backoff: without retryNow() the snapshot could not arrive within the test.
    const engine = createWatchEngine({ clusters, lingerMs: 50, backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 } })
    engines.push(engine)
    fake.failNext(new UpstreamError('network', 'connect ECONNREFUSED 127.0.0.1:6443'))
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.some((s) => s.state === 'reconnecting'), 'the failed LIST reported')
    expect(engine.retryNow('c2')).toBe(0)
    expect(engine.retryNow('c1')).toBe(1)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot right after retryNow', 2_000)
    expect(fake.lists).toBe(2)
    await waitFor(() => r.states.at(-1)?.state === 'live', 'live')
    expect(engine.retryNow('c1')).toBe(0)
  })

  it('retryCluster() probes the cluster, wakes its waiting watches and answers its status; unknown clusters throw', async () => {
    const fake = new FakeSource()
    seed(fake, 2)
    let status: 'ok' | 'offline' = 'offline'
    const probed: string[] = []
    const clusters: ClusterProvider = {
      list: () => [{ id: 'c1', status, reason: status === 'ok' ? '' : 'connection refused' }],
      has: (id) => id === 'c1',
      source: () => fake,
      probe: async (id) => {
        probed.push(id)
        status = 'ok'
      }
    }
    const engine = createWatchEngine({ clusters, lingerMs: 50, probe: false, backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 } })
    engines.push(engine)
    fake.failNext(new UpstreamError('network', 'connect ECONNREFUSED 127.0.0.1:6443'))
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.some((s) => s.state === 'reconnecting'), 'the failed LIST reported')
    expect(await engine.retryCluster('c1')).toEqual({ id: 'c1', status: 'ok', reason: '' })
    expect(probed).toEqual(['c1'])
    await waitFor(() => r.count('snapshot') === 1, 'snapshot right after the retry', 2_000)
    await expect(engine.retryCluster('c9')).rejects.toMatchObject({ code: 'UnknownCluster' })
  })

  it("relistCluster() drops even a live watch and lists again: rows become the new source's, with a relist", async () => {
    const a = new FakeSource()
    seed(a, 2)
    const b = new FakeSource()
    for (const n of ['b1', 'b2', 'b3']) b.create(n)
    let current = a // what the cluster's kubeconfig entry points at (a LiveClusters-like provider)
    const clusters: ClusterProvider = {
      list: () => [{ id: 'c1', status: 'ok', reason: '' }],
      has: (id) => id === 'c1',
      source: () => ({ list: (o) => current.list(o), watch: (o) => current.watch(o) })
    }
    const engine = createWatchEngine({ clusters, lingerMs: 50, backoff: FAST })
    engines.push(engine)
    const r = recorder()
    engine.subscribe(PODS, r)
    await waitFor(() => r.states.at(-1)?.state === 'live', 'live on the first source')
    expectSameRows(a, r.rows)
    current = b
    expect(engine.relistCluster('c2', 'server changed')).toBe(0)
    expect(engine.relistCluster('c1', 'server changed')).toBe(1)
    await waitFor(() => r.count('snapshot') === 2, 'a fresh snapshot from the new source')
    expectSameRows(b, r.rows)
    expect(r.calls).toContainEqual({ t: 'relist', reason: 'server changed' })
    expect(r.states).toContainEqual({ state: 'reconnecting', reason: 'server changed' })
    expect(a.openWatches).toBe(0)
    await waitFor(() => r.states.at(-1)?.state === 'live' && b.openWatches === 1, 'live on the new source')
  })

  it('a throwing subscriber does not break the others', async () => {
    const { fake, engine } = setup()
    seed(fake, 1)
    const bad = recorder()
    bad.onDelta = () => {
      throw new Error('boom')
    }
    const good = recorder()
    const errors: unknown[] = []
    const orig = console.error
    console.error = (...a: unknown[]) => {
      errors.push(a)
    }
    try {
      engine.subscribe(PODS, bad)
      engine.subscribe(PODS, good)
      await waitFor(() => fake.openWatches === 1 && good.count('snapshot') === 1, 'live')
      fake.create('x')
      fake.create('y')
      await waitFor(() => good.count('added') === 2, 'good got both deltas')
    } finally {
      console.error = orig
    }
    expect(errors.length).toBe(2)
  })

  it('lingers after the last subscriber leaves, is reused within the linger, then stops', async () => {
    const { fake, engine } = setup({ lingerMs: 80 })
    const s1 = engine.subscribe(PODS, recorder())
    await waitFor(() => fake.openWatches === 1, 'live')
    s1.close()
    s1.close()
    const r = recorder()
    const s2 = engine.subscribe(PODS, r)
    expect(r.count('snapshot')).toBe(1)
    expect(fake.watches).toBe(1)
    s2.close()
    expect(engine.debugWatches()).toHaveLength(1)
    await waitFor(() => engine.debugWatches().length === 0 && fake.openWatches === 0, 'stopped after linger')
  })

  it('events: snapshot and polled list hold every event, newest first; deltas raw', async () => {
    const fake = new FakeSource()
    const clusters: ClusterProvider = { list: () => [], has: () => true, source: () => fake }
    const engine = createWatchEngine({ clusters, backoff: FAST })
    engines.push(engine)
    for (let i = 0; i < 5; i++) fake.create(`ev${i}`, { lastTimestamp: `2024-02-0${i + 1}T00:00:00Z`, count: 1 })
    const key: WatchKeyParts = { cluster: 'c1', kind: 'events', namespace: '' }
    const polled = await engine.list(key)
    expect(fake.watches).toBe(0)
    const r = recorder()
    engine.subscribe(key, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    expect(r.calls[0]).toMatchObject({ n: 5 })
    const names = [...r.rows.values()].map((x) => x.name)
    expect(names).toEqual(['ev4', 'ev3', 'ev2', 'ev1', 'ev0'])
    expect(polled.items.map((x) => x.name)).toEqual(names)
    // Newest first: the projection's LAST SEEN cell (or creation time) decides.
    const times = [...r.rows.values()].map((x) => Date.parse(String(x.cells.lastSeen ?? x.createdAt)))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('list(): one LIST without a watch, then the cache once a watch is synced', async () => {
    const { fake, engine } = setup()
    seed(fake, 3)
    const [a, b] = await Promise.all([engine.list(PODS), engine.list(PODS)])
    expect(a.items).toHaveLength(3)
    expect(b).toBe(a)
    expect(fake.lists).toBe(1)
    expect(fake.watches).toBe(0)
    engine.subscribe(PODS, recorder())
    await waitFor(() => fake.openWatches === 1, 'live')
    const c = await engine.list(PODS)
    expect(c).toMatchObject({ resourceVersion: fake.resourceVersion, stale: false })
    expect(fake.lists).toBe(2)
  })

  it('normalises cluster-scoped kinds and rejects unknown clusters', () => {
    const { engine, sourced } = setup()
    engine.subscribe({ cluster: 'c1', kind: 'nodes', namespace: 'ignored' }, recorder())
    expect(sourced).toEqual(['c1/nodes/'])
    expect(() => engine.subscribe({ cluster: 'nope', kind: 'pods', namespace: '' }, recorder())).toThrow(expect.objectContaining({ code: 'UnknownCluster' }))
  })

  it('close() aborts every watch and leaves no timers', async () => {
    const before = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length
    const { fake, engine } = setup({ lingerMs: 10_000, livenessMs: 10_000 })
    seed(fake, 2)
    engine.subscribe(PODS, recorder())
    const s = engine.subscribe({ cluster: 'c1', kind: 'nodes', namespace: '' }, recorder())
    await waitFor(() => fake.openWatches === 2, 'two watches')
    s.close()
    await engine.close()
    expect(fake.openWatches).toBe(0)
    expect(engine.debugWatches()).toEqual([])
    expect(process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length).toBe(before)
  })
})

describe('watch engine: early partial snapshot during the first LIST (target T2)', () => {
  /** A fake whose pages arrive apart (a network round trip each), so a partial can go out. */
  function paged(n: number, opts: { pageSize?: number; pageDelayMs?: number } = {}) {
    const s = setup({ pageSize: opts.pageSize ?? 2 })
    s.fake.pageDelayMs = opts.pageDelayMs ?? 20
    seed(s.fake, n)
    return s
  }

  it('a waiting subscriber gets one partial after page 1, then exactly one full snapshot, then deltas', async () => {
    const { fake, engine } = paged(7)
    const r = recorder({ partial: true })
    const plain = recorder()
    engine.subscribe(PODS, r)
    engine.subscribe(PODS, plain)
    await waitFor(() => r.count('partial') === 1, 'partial snapshot')
    expect(r.count('snapshot')).toBe(0)
    const early = new Set(r.rows.keys())
    await waitFor(() => r.count('snapshot') === 1 && fake.openWatches === 1, 'full snapshot')
    expect(r.calls).toEqual([
      { t: 'partial', n: 2 },
      { t: 'snapshot', n: 7, rv: fake.resourceVersion }
    ])
    // Page 1 of 4: 2 rows listed, and the apiserver's remainingItemCount (5) tells the total.
    expect(r.progress).toEqual([{ received: 2, total: 7 }])
    // The partial rows were the first ones listed, and the full snapshot replaced them all.
    for (const uid of early) expect(r.rows.has(uid)).toBe(true)
    expect(fake.pages).toBe(4)
    expect(plain.calls).toEqual([{ t: 'snapshot', n: 7, rv: fake.resourceVersion }])
    fake.create('after')
    await waitFor(() => r.count('added') === 1, 'delta')
    expect(r.count('partial')).toBe(1)
    expectSameRows(fake, r.rows)
  })

  it('caps the partial at PARTIAL_MAX_ROWS, the first rows listed', async () => {
    const { engine } = paged(PARTIAL_MAX_ROWS + 1_000, { pageSize: PARTIAL_MAX_ROWS + 500 })
    const r = recorder({ partial: true })
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    expect(r.calls[0]).toEqual({ t: 'partial', n: PARTIAL_MAX_ROWS })
    expect(r.calls[1]).toMatchObject({ t: 'snapshot', n: PARTIAL_MAX_ROWS + 1_000 })
  })

  it('sends no partial for a one-page list', async () => {
    const { fake, engine } = paged(3, { pageSize: 500 })
    const r = recorder({ partial: true })
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    await new Promise((res) => setImmediate(res))
    expect(r.calls).toEqual([{ t: 'snapshot', n: 3, rv: fake.resourceVersion }])
  })

  it('sends no partial to a resuming subscriber, a late joiner of a synced watch, or on a relist', async () => {
    const { fake, engine } = paged(6)
    const first = recorder({ partial: true })
    const resuming = recorder({ partial: true })
    engine.subscribe(PODS, first)
    engine.subscribe(PODS, resuming, { lastEventId: '1' })
    await waitFor(() => first.count('snapshot') === 1 && fake.openWatches === 1, 'synced')
    expect(first.count('partial')).toBe(1)
    expect(resuming.calls).toEqual([{ t: 'snapshot', n: 6, rv: fake.resourceVersion }])
    const late = recorder({ partial: true })
    engine.subscribe(PODS, late)
    expect(late.calls).toEqual([{ t: 'snapshot', n: 6, rv: fake.resourceVersion }])
    fake.stall(true)
    fake.create('fresh')
    fake.stall(false)
    fake.expireHistory()
    fake.dropWatches()
    await waitFor(() => first.count('snapshot') === 2 && late.count('snapshot') === 2, 'relist snapshot')
    expect(fake.lists).toBe(2)
    expect(fake.pages).toBe(3 + 4)
    expect([first, resuming, late].map((x) => x.count('partial'))).toEqual([1, 0, 0])
    expect(late.calls.slice(-2).map((c) => c.t)).toEqual(['relist', 'snapshot'])
  })

  it('partials repeat once a second while the LIST goes on, counting rows; a joiner gets the next one', async () => {
    const { fake, engine } = paged(20, { pageDelayMs: 150 })
    const a = recorder({ partial: true })
    engine.subscribe(PODS, a)
    await waitFor(() => a.count('partial') === 1, 'first partial')
    const t0 = Date.now()
    await waitFor(() => fake.pages >= 3, 'page 3')
    const b = recorder({ partial: true })
    engine.subscribe(PODS, b)
    await waitFor(() => b.calls.length > 0, 'b hears something')
    expect(b.calls[0]).toMatchObject({ t: 'partial' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)
    const n = (b.calls[0] as { n: number }).n
    expect(n).toBeGreaterThan(4)
    expect(n).toBeLessThan(20)
    await waitFor(() => a.count('snapshot') === 1 && b.count('snapshot') === 1, 'full snapshots')
    // a heard twice (page 1, then a second later with b), b once: one copy a second for both.
    expect([a.count('partial'), b.count('partial')]).toEqual([2, 1])
    expect(a.progress[0]).toEqual({ received: 2, total: 20 })
    expect(a.progress[1].received).toBeGreaterThan(4)
    expect(a.progress[1]).toEqual(b.progress[0])
    expect(a.progress[1].total).toBe(20)
    expect(b.calls.at(-1)).toEqual({ t: 'snapshot', n: 20, rv: fake.resourceVersion })
  }, 10_000)

  it('events: the partial snapshot is newest first, like the full one', async () => {
    const fake = new FakeSource()
    fake.pageSize = 3
    fake.pageDelayMs = 20
    const clusters: ClusterProvider = { list: () => [], has: () => true, source: () => fake }
    const engine = createWatchEngine({ clusters, backoff: FAST })
    engines.push(engine)
    for (const day of [3, 5, 1, 6, 2, 4]) fake.create(`ev-day${day}`, { lastTimestamp: `2024-02-0${day}T00:00:00Z`, count: 1 })
    const r = recorder({ partial: true })
    engine.subscribe({ cluster: 'c1', kind: 'events', namespace: '' }, r)
    await waitFor(() => r.count('partial') === 1, 'partial')
    expect([...r.rows.values()].map((x) => x.name)).toEqual(['ev-day5', 'ev-day3', 'ev-day1'])
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    expect([...r.rows.values()].map((x) => x.name)).toEqual(['ev-day6', 'ev-day5', 'ev-day4', 'ev-day3', 'ev-day2', 'ev-day1'])
  })
})

describe('watch engine: list progress without a count', () => {
  it('a partial says how many rows arrived and no total when the apiserver does not tell', async () => {
    const fake = new FakeSource()
    fake.pageSize = 2
    fake.pageDelayMs = 20
    fake.countRemaining = false
    const clusters: ClusterProvider = { list: () => [], has: () => true, source: () => fake }
    const engine = createWatchEngine({ clusters, backoff: FAST })
    engines.push(engine)
    for (let i = 0; i < 6; i++) fake.create(`p${i}`)
    const r = recorder({ partial: true })
    engine.subscribe(PODS, r)
    await waitFor(() => r.count('snapshot') === 1, 'snapshot')
    expect(r.progress).toEqual([{ received: 2 }])
  })
})
