import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseWatchListMode, useWatchList } from './watchList.ts'
import { Reflector, WATCH_LIST_RETRY_AFTER_MS } from './reflector.ts'
import type { ReflectorHandler, ReflectorOptions } from './reflector.ts'
import type { ListOptions, ResourceSource, WatchOptions } from '../kube/source.ts'
import { UpstreamError } from '../kube/errors.ts'
import type { RowDto } from '../../shared/dto/row.ts'

const pod = (name: string, rv: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: rv },
  spec: {},
  status: { phase: 'Running' }
})
const END = {
  type: 'BOOKMARK' as const,
  object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '20', annotations: { 'k8s.io/initial-events-end': 'true' } } }
}

describe('WatchList setting', () => {
  it('parses auto/on/off and refuses anything else, naming it', () => {
    expect(parseWatchListMode(undefined)).toEqual({ ok: true, mode: 'auto' })
    expect(parseWatchListMode(' ON ')).toEqual({ ok: true, mode: 'on' })
    expect(parseWatchListMode('yes')).toEqual({ ok: false, error: 'PERISCOPE_WATCH_LIST: "yes" is not one of auto, on, off' })
  })
  it('auto: on from kube-apiserver 1.34 (WatchList on by default there), off before and when unknown', () => {
    expect(useWatchList('auto', 'v1.34.4')).toBe(true)
    expect(useWatchList('auto', 'v1.35.0-gke.1')).toBe(true)
    expect(useWatchList('auto', 'v1.33.7')).toBe(false)
    expect(useWatchList('auto', undefined)).toBe(false)
    expect(useWatchList('on', 'v1.27.0')).toBe(true)
    expect(useWatchList('off', 'v1.34.4')).toBe(false)
  })
})

/** A source that answers WatchList requests with `script`, and LISTs with two pods. */
function source(script: (o: WatchOptions) => Promise<void>) {
  const calls: string[] = []
  const s: ResourceSource = {
    async list(o: ListOptions) {
      calls.push('list')
      o.onPage([pod('a', '5'), pod('b', '6')] as never)
      return { resourceVersion: '6' }
    },
    async watch(o: WatchOptions) {
      calls.push(o.initialEvents ? `watchlist rv=${o.resourceVersion}` : `watch rv=${o.resourceVersion}`)
      if (o.initialEvents) return script(o)
      return new Promise<void>((resolve) => o.signal.addEventListener('abort', () => resolve(), { once: true }))
    }
  }
  return { s, calls }
}

function handler() {
  const got: { lists: { names: string[]; rv: string }[]; events: string[] } = { lists: [], events: [] }
  const h: ReflectorHandler = {
    onList: (rows: Map<string, RowDto>, rv: string) => got.lists.push({ names: [...rows.values()].map((r) => r.name).sort(), rv }),
    onEvent: (type, row) => got.events.push(`${type} ${row.name}`),
    onBookmark: () => undefined,
    onState: () => undefined
  }
  return { h, got }
}

/** Backoff of a few ms: the tests count requests, not delays. */
const FAST = { initialMs: 2, maxMs: 5, jitter: 0 }
const reflectors: Reflector[] = []
afterEach(async () => {
  await Promise.all(reflectors.splice(0).map((r) => r.stop()))
})
/** A started reflector with WatchList allowed, stopped after each test. */
function started(src: ResourceSource, h: ReflectorHandler, extra: Partial<ReflectorOptions> = {}): Reflector {
  const r = new Reflector({ kind: 'pods', source: src, handler: h, livenessMs: 10_000, watchList: () => true, backoff: FAST, ...extra })
  reflectors.push(r)
  r.start()
  return r
}
/** Resolves when the watch is aborted (a stream that stays open). */
const untilAborted = (o: WatchOptions): Promise<void> => new Promise<void>((resolve) => o.signal.addEventListener('abort', () => resolve(), { once: true }))
const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(cond()).toBe(true)
}

describe('reflector with WatchList', () => {
  it('syncs from the initial events and the end bookmark, then the same request is live', async () => {
    const { s, calls } = source(async (o) => {
      o.onOpen?.()
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
      o.onEvent({ type: 'ADDED', object: pod('b', '12') })
      o.onEvent(END)
      o.onEvent({ type: 'MODIFIED', object: pod('b', '21') })
      await untilAborted(o)
    })
    const { h, got } = handler()
    const r = new Reflector({ kind: 'pods', source: s, handler: h, livenessMs: 10_000, watchList: () => true })
    reflectors.push(r)
    r.start()
    await until(() => got.events.length === 1)
    expect(got.lists).toEqual([{ names: ['a', 'b'], rv: '20' }])
    expect(got.events).toEqual(['modified b'])
    expect(calls).toEqual(['watchlist rv='])
  })

  it('a server that refuses the parameters (422): LISTs, and asks again only after WATCH_LIST_RETRY_AFTER_MS', async () => {
    const { s, calls } = source(async () => {
      throw new UpstreamError('http', '422 Unprocessable Entity: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled', {
        status: 422
      })
    })
    const { h, got } = handler()
    const r = started(s, h)
    await until(() => got.lists.length === 1)
    expect(got.lists[0]).toEqual({ names: ['a', 'b'], rv: '6' })
    await until(() => calls.length === 3)
    expect(calls).toEqual(['watchlist rv=', 'list', 'watch rv=6'])
    expect(r.watchListNote).toMatch(/^WatchList refused \(422: .*feature gate is enabled\); listing for 10 min$/)
    // A relist inside the window: a LIST, no second refused request.
    r.relist('test')
    await until(() => calls.length === 5)
    expect(calls.slice(3)).toEqual(['list', 'watch rv=6'])
    // After the window (an upgrade may have turned the gate on), the WatchList is tried again.
    const now = Date.now()
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + WATCH_LIST_RETRY_AFTER_MS + 1)
    try {
      r.relist('test')
      await until(() => calls.length === 8)
      expect(calls.slice(5)).toEqual(['watchlist rv=', 'list', 'watch rv=6'])
    } finally {
      spy.mockRestore()
    }
  })

  it('a server that ignores them (initial objects, no end bookmark, then quiet): LISTs after the quiet time', async () => {
    const { s, calls } = source(async (o) => {
      o.onOpen?.()
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
      await untilAborted(o)
    })
    const { h, got } = handler()
    const r = started(s, h, { watchListQuietMs: 50 })
    await until(() => got.lists.length === 1)
    expect(got.lists[0]).toEqual({ names: ['a', 'b'], rv: '6' })
    await until(() => calls.length === 3)
    expect(calls).toEqual(['watchlist rv=', 'list', 'watch rv=6'])
    expect(r.watchListNote).toMatch(/^no initial-events-end bookmark after 1 events and 0.05 s of quiet/)
  })

  it('a stream cut before the bookmark is retried as a WatchList (as client-go does), not turned into LISTs for good', async () => {
    let n = 0
    const { s, calls } = source(async (o) => {
      o.onOpen?.()
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
      if (++n === 1) return // the connection dropped in the middle of the initial events
      o.onEvent({ type: 'ADDED', object: pod('b', '12') })
      o.onEvent(END)
      await untilAborted(o)
    })
    const { h, got } = handler()
    const r = started(s, h)
    await until(() => got.lists.length === 1)
    expect(got.lists).toEqual([{ names: ['a', 'b'], rv: '20' }])
    expect(calls).toEqual(['watchlist rv=', 'watchlist rv='])
    expect(r.watchListNote).toBe('')
  })

  it('three cuts in a row make one sync a LIST; a close at once with nothing makes it a LIST at once', async () => {
    const cut = source(async (o) => {
      o.onOpen?.()
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
    })
    const a = handler()
    started(cut.s, a.h)
    await until(() => a.got.lists.length === 1)
    expect(cut.calls.slice(0, 4)).toEqual(['watchlist rv=', 'watchlist rv=', 'watchlist rv=', 'list'])
    expect(a.got.lists[0].rv).toBe('6')

    const short = source(async () => undefined)
    const b = handler()
    started(short.s, b.h)
    await until(() => b.got.lists.length === 1)
    expect(short.calls.slice(0, 2)).toEqual(['watchlist rv=', 'list'])
  })

  it('410 in the middle of the initial events: a fresh WatchList, and only its rows are the list', async () => {
    let n = 0
    const { s, calls } = source(async (o) => {
      o.onOpen?.()
      if (++n === 1) {
        o.onEvent({ type: 'ADDED', object: pod('stale', '3') })
        throw new UpstreamError('gone', 'too old resource version: 3 (10)', { status: 410 })
      }
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
      o.onEvent(END)
      await untilAborted(o)
    })
    const { h, got } = handler()
    started(s, h)
    await until(() => got.lists.length === 1)
    expect(got.lists).toEqual([{ names: ['a'], rv: '20' }])
    expect(calls).toEqual(['watchlist rv=', 'watchlist rv='])
  })

  it('stop() in the middle of a sync ends the loop with no list and no further request', async () => {
    let opened = false
    const { s, calls } = source(async (o) => {
      o.onOpen?.()
      opened = true
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
      await untilAborted(o)
    })
    const { h, got } = handler()
    const r = new Reflector({ kind: 'pods', source: s, handler: h, livenessMs: 10_000, watchList: () => true, backoff: FAST })
    r.start()
    await until(() => opened)
    await r.stop()
    await new Promise((res) => setTimeout(res, 30))
    expect(got.lists).toEqual([])
    expect(calls).toEqual(['watchlist rv='])
  })
})
