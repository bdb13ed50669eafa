import { afterEach, describe, expect, it } from 'vitest'
import { parseWatchListMode, useWatchList } from './watchList.ts'
import { Reflector } from './reflector.ts'
import type { ReflectorHandler } from './reflector.ts'
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

const reflectors: Reflector[] = []
afterEach(async () => {
  await Promise.all(reflectors.splice(0).map((r) => r.stop()))
})
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
      await new Promise<void>((resolve) => o.signal.addEventListener('abort', () => resolve(), { once: true }))
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

  it('a server that refuses the parameters (422): the reflector lists from then on', async () => {
    const { s, calls } = source(async () => {
      throw new UpstreamError('http', '422 Unprocessable Entity: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled', {
        status: 422
      })
    })
    const { h, got } = handler()
    const r = new Reflector({ kind: 'pods', source: s, handler: h, livenessMs: 10_000, watchList: () => true })
    reflectors.push(r)
    r.start()
    await until(() => got.lists.length === 1)
    expect(got.lists[0]).toEqual({ names: ['a', 'b'], rv: '6' })
    await until(() => calls.length === 3)
    expect(calls).toEqual(['watchlist rv=', 'list', 'watch rv=6'])
  })

  it('a server that ignores them (objects, then the stream ends with no end bookmark): it lists', async () => {
    const { s, calls } = source(async (o) => {
      o.onEvent({ type: 'ADDED', object: pod('a', '11') })
    })
    const { h, got } = handler()
    const r = new Reflector({ kind: 'pods', source: s, handler: h, livenessMs: 10_000, watchList: () => true })
    reflectors.push(r)
    r.start()
    await until(() => got.lists.length === 1)
    expect(got.lists[0].rv).toBe('6')
    expect(calls.slice(0, 2)).toEqual(['watchlist rv=', 'list'])
  })
})
