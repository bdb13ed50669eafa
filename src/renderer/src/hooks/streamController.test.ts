import { describe, expect, it } from 'vitest'
import type { RowDto, RowList } from '../../../shared/dto/row.ts'
import type { FeaturesResponse } from '../../../shared/api/wire.ts'
import type { DeltaOp, ListMeta } from '../stores/listStore.ts'
import { podRow } from '../stores/testRows.ts'
import { createStreamController, FAILURE_WINDOW_MS, POLL_MS, RETRY_BASE_MS } from './streamController.ts'
import type { EventSourceLike } from './streamController.ts'

class FakeES implements EventSourceLike {
  readyState = 0
  onopen: ((ev: Event) => void) | null = null
  onerror: ((ev: Event) => void) | null = null
  closed = false
  listeners = new Map<string, ((ev: { data: string }) => void)[]>()
  addEventListener(type: string, fn: (ev: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close(): void {
    this.closed = true
    this.readyState = 2
  }
  emit(type: string, data: unknown): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data) })
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({} as Event)
  }
  fail(state: number): void {
    this.readyState = state
    this.onerror?.({} as Event)
  }
}

/** A harness with a fake clock, fake EventSource, fake server answers, and a recording sink. */
function harness(opts: { enabledKinds?: string[]; list?: RowList } = {}) {
  let now = 0
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  const streams: FakeES[] = []
  const health: Partial<ListMeta>[] = []
  const replaced: { items: readonly RowDto[]; patch: Partial<ListMeta> }[] = []
  const deltas: DeltaOp[] = []
  let polls = 0
  let features: FeaturesResponse = {
    watchStreams: (opts.enabledKinds ?? ['pods']) as FeaturesResponse['watchStreams'],
    custom: { all: true, tokens: [] },
    version: 't',
    perUserLimit: 60
  }
  const ctrl = createStreamController(
    'pods',
    {
      openStream: () => {
        const s = new FakeES()
        streams.push(s)
        return s
      },
      fetchList: async () => {
        polls++
        return opts.list ?? { items: [podRow(`polled-${polls}`)], resourceVersion: String(polls), stale: false }
      },
      fetchFeatures: async () => features,
      now: () => now,
      setTimeout: (fn, ms) => {
        const id = ++seq
        timers.set(id, { at: now + ms, fn })
        return id
      },
      clearTimeout: (h) => {
        timers.delete(h as number)
      }
    },
    {
      replaceAll: (items, patch) => {
        replaced.push({ items, patch })
        if (patch.health) health.push({ health: patch.health })
      },
      delta: (op) => deltas.push(op),
      dropPending: () => undefined,
      setHealth: (p) => {
        if (p.health) health.push({ health: p.health })
      }
    }
  )
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  /** Advance the fake clock, running due timers in order (bounded). */
  const advance = async (ms: number): Promise<void> => {
    const end = now + ms
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      timers.delete(due[0])
      now = due[1].at
      due[1].fn()
      await flush()
    }
    now = end
  }
  const last = (): string | undefined => health.at(-1)?.health
  return {
    ctrl,
    streams,
    deltas,
    replaced,
    health,
    flush,
    advance,
    last,
    polls: () => polls,
    setFeatures: (kinds: string[]) => {
      features = { ...features, watchStreams: kinds as FeaturesResponse['watchStreams'] }
    }
  }
}

describe('streamController', () => {
  it('goes live on snapshot and forwards deltas only after it', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.open()
    es.emit('added', podRow('early'))
    es.emit('snapshot', { items: [podRow('a')], resourceVersion: '5' })
    es.emit('modified', podRow('a', { status: 'Running' }, '6'))
    es.emit('relist', { reason: 'Gone' })
    expect(h.last()).toBe('reconnecting')
    es.emit('snapshot', { items: [podRow('a')], resourceVersion: '9' })
    expect(h.last()).toBe('live')
    expect(h.deltas.map((d) => d.row.name)).toEqual(['a'])
    expect(h.replaced[0].patch).toMatchObject({ health: 'live', resourceVersion: '5' })
    expect(h.polls()).toBe(0)
  })

  it('shows partial snapshot rows at once as connecting, and goes live only at the complete one', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.open()
    es.emit('snapshot', { items: [podRow('a'), podRow('b')], resourceVersion: '', partial: true })
    expect(h.replaced).toHaveLength(1)
    expect(h.replaced[0].items.map((r) => r.name)).toEqual(['a', 'b'])
    expect(h.replaced[0].patch).toMatchObject({ health: 'connecting', detail: expect.stringContaining('2 rows so far') })
    expect(h.last()).toBe('connecting')
    es.emit('added', podRow('too-early'))
    expect(h.deltas).toEqual([])
    es.fail(0)
    es.open() // reopened before the complete snapshot: still not live
    expect(h.last()).toBe('reconnecting')
    es.emit('snapshot', { items: [podRow('a'), podRow('b'), podRow('c')], resourceVersion: '12' })
    expect(h.replaced[1].items).toHaveLength(3)
    expect(h.last()).toBe('live')
    expect(h.replaced[1].patch).toMatchObject({ progress: null })
    // Once complete, a stray partial never replaces the rows again.
    es.emit('snapshot', { items: [podRow('a')], resourceVersion: '', partial: true })
    expect(h.replaced).toHaveLength(2)
    expect(h.last()).toBe('live')
  })

  it("counts the rows of a long first list from the partial snapshots' progress", async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.open()
    es.emit('snapshot', { items: [podRow('a'), podRow('b')], resourceVersion: '', partial: true, progress: { received: 500, total: 20_000 } })
    expect(h.replaced[0].patch).toMatchObject({ progress: { received: 500, total: 20_000 }, detail: expect.stringContaining('500 of 20,000 rows so far') })
    es.emit('snapshot', { items: [podRow('a'), podRow('b')], resourceVersion: '', partial: true, progress: { received: 6_500, total: 20_000 } })
    expect(h.replaced[1].patch).toMatchObject({ progress: { received: 6_500, total: 20_000 } })
    // An apiserver that does not count (a selector): how many arrived, of an unknown total.
    es.emit('snapshot', { items: [podRow('a')], resourceVersion: '', partial: true, progress: { received: 7_000 } })
    expect(h.replaced[2].patch).toMatchObject({ progress: { received: 7_000 }, detail: expect.stringContaining('7,000 rows so far') })
    // An older server without progress: the rows shown are what arrived.
    es.emit('snapshot', { items: [podRow('a'), podRow('b'), podRow('c')], resourceVersion: '', partial: true })
    expect(h.replaced[3].patch).toMatchObject({ progress: { received: 3 } })
    es.emit('snapshot', { items: [podRow('a')], resourceVersion: '7' })
    expect(h.replaced[4].patch).toMatchObject({ progress: null, health: 'live' })
  })

  it('ignores a partial snapshot while polling (the polled list is complete)', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].fail(2)
    await h.flush()
    expect(h.last()).toBe('polling')
    await h.advance(RETRY_BASE_MS)
    expect(h.streams).toHaveLength(2)
    const n = h.replaced.length
    h.streams[1].emit('snapshot', { items: [podRow('early')], resourceVersion: '', partial: true })
    expect(h.replaced).toHaveLength(n)
    expect(h.last()).toBe('polling')
    h.streams[1].emit('snapshot', { items: [podRow('early'), podRow('late')], resourceVersion: '4' })
    expect(h.last()).toBe('live')
  })

  it('polls from the start when the kind is not enabled, and goes live when it is', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: false, clusterDown: '' })
    await h.flush()
    expect(h.streams).toHaveLength(0)
    expect(h.last()).toBe('polling')
    expect(h.polls()).toBe(1)
    await h.advance(POLL_MS)
    expect(h.polls()).toBe(2)
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    expect(h.streams).toHaveLength(1)
    h.streams[0].emit('snapshot', { items: [], resourceVersion: '1' })
    expect(h.last()).toBe('live')
    await h.advance(POLL_MS * 3)
    expect(h.polls()).toBe(2)
    // Disabled again (settings applied): the stream closes and the view polls.
    h.ctrl.update({ streamEnabled: false, clusterDown: '' })
    await h.flush()
    expect(h.streams[0].closed).toBe(true)
    expect(h.last()).toBe('polling')
    expect(h.polls()).toBe(3)
  })

  it('on a refused stream (CLOSED) re-checks features: capped → polls and retries with backoff', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    h.streams[0].fail(2)
    await h.flush()
    expect(h.last()).toBe('polling')
    expect(h.polls()).toBe(1)
    await h.advance(RETRY_BASE_MS - 1)
    expect(h.streams).toHaveLength(1)
    await h.advance(1)
    expect(h.streams).toHaveLength(2)
    h.streams[1].fail(2)
    await h.flush()
    await h.advance(RETRY_BASE_MS)
    expect(h.streams).toHaveLength(2) // backoff doubled
    await h.advance(RETRY_BASE_MS)
    expect(h.streams).toHaveLength(3)
    const pollsBefore = h.polls()
    h.streams[2].emit('snapshot', { items: [podRow('x')], resourceVersion: '7' })
    expect(h.last()).toBe('live')
    await h.advance(POLL_MS * 4)
    expect(h.polls()).toBe(pollsBefore)
  })

  it('on a refused stream whose kind got disabled → polls and does not retry until re-enabled', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    h.setFeatures([])
    h.streams[0].fail(2)
    await h.flush()
    expect(h.last()).toBe('polling')
    await h.advance(RETRY_BASE_MS * 20)
    expect(h.streams).toHaveLength(1)
  })

  it('shows reconnecting on transient errors and falls back after 4 errors in the window', async () => {
    const h = harness()
    h.ctrl.update({ streamEnabled: true, clusterDown: '' })
    const es = h.streams[0]
    es.emit('snapshot', { items: [], resourceVersion: '1' })
    es.fail(0)
    expect(h.last()).toBe('reconnecting')
    es.open()
    expect(h.last()).toBe('live') // resumed via Last-Event-ID: no snapshot needed
    await h.advance(FAILURE_WINDOW_MS) // old failures age out
    es.fail(0)
    es.fail(0)
    es.fail(0)
    expect(es.closed).toBe(false)
    es.fail(0)
    expect(es.closed).toBe(true)
    await h.flush()
    expect(h.last()).toBe('polling')
    await h.advance(RETRY_BASE_MS)
    expect(h.streams).toHaveLength(2)
  })

  it('an unreachable cluster polls the cached list and shows offline; stop() ends everything', async () => {
    const h = harness({ list: { items: [podRow('cached')], resourceVersion: '3', stale: true, lastSeen: '2024-05-01T00:00:00Z' } })
    h.ctrl.update({ streamEnabled: true, clusterDown: 'connection refused to https://10.0.0.1:6443' })
    await h.flush()
    expect(h.streams).toHaveLength(0)
    expect(h.replaced[0].patch).toMatchObject({ health: 'offline', lastSeen: '2024-05-01T00:00:00Z' })
    h.ctrl.stop()
    await h.advance(POLL_MS * 5)
    expect(h.polls()).toBe(1)
  })
})
