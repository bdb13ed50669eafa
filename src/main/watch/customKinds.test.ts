import { afterEach, describe, expect, it, vi } from 'vitest'
import { CustomKinds, REDISCOVER_DEBOUNCE_MS } from './customKinds.ts'
import type { DiscoveryResult } from '../kube/discovery.ts'
import type { DiscoveredKind } from '../../shared/kinds/custom.ts'
import type { WatchKeyParts, WatchSubscriber } from './types.ts'
import { customKindsReport } from '../backend/customKindsReport.ts'
import type { WatchEngine } from './types.ts'

const kind = (resource: string, apiGroup: string): DiscoveredKind => ({
  apiGroup,
  version: 'v1',
  resource,
  kind: resource,
  singular: resource,
  namespaced: true,
  shortNames: [],
  categories: [],
  status: false,
  scale: false
})
const result = (...kinds: DiscoveredKind[]): DiscoveryResult => ({ kinds, partial: '', mode: 'aggregated' })

function harness(answers: (DiscoveryResult | Error)[], crdWatch: 'live' | 'forbidden' = 'live') {
  let calls = 0
  const subs: { key: WatchKeyParts; sub: WatchSubscriber; closed: boolean }[] = []
  const changes: [string[], string[]][] = []
  const modified: string[] = []
  const c = new CustomKinds({
    discover: async () => {
      const a = answers[Math.min(calls++, answers.length - 1)]
      if (a instanceof Error) throw a
      return a
    },
    subscribe: (key, sub) => {
      const s = { key, sub, closed: false }
      subs.push(s)
      if (crdWatch === 'forbidden') sub.onState?.('error', '403 Forbidden', { synced: false, permanent: true, status: 403 })
      else {
        sub.onState?.('live', '', { synced: true, permanent: false })
        sub.onSnapshot([], '1')
      }
      return { close: () => void (s.closed = true) }
    },
    onChange: (_cluster, added, removed) => changes.push([[...added], [...removed]]),
    onCrdModified: (cluster, token) => modified.push(`${cluster}/${token}`),
    rediscoverMs: 1_000
  })
  return { c, subs, changes, modified, calls: () => calls }
}

afterEach(() => vi.useRealTimers())

describe('CustomKinds', () => {
  it('resolves a served kind after the first discovery; an unknown token re-reads discovery once, then is not served', async () => {
    const h = harness([result(kind('certificates', 'cert-manager.io')), result(kind('certificates', 'cert-manager.io'))])
    expect((await h.c.resolve('c1', 'certificates.cert-manager.io'))?.kind).toBe('certificates')
    expect(h.calls()).toBe(1)
    expect(await h.c.resolve('c1', 'issuers.cert-manager.io')).toBeUndefined()
    expect(h.calls()).toBe(2)
    expect(await h.c.resolve('c1', 'not-a-token')).toBeUndefined()
    h.c.close()
  })

  it('re-discovers once a burst of CRD events settles, and reports kinds added and removed', async () => {
    vi.useFakeTimers()
    const h = harness([result(kind('a', 'x.io')), result(kind('a', 'x.io')), result(kind('b', 'x.io'))])
    await h.c.ensure('c1')
    // Discovery alone starts no upstream watch; reading the catalog keeps it fresh by CRD events.
    expect(h.subs).toEqual([])
    await h.c.kinds('c1')
    await vi.advanceTimersByTimeAsync(REDISCOVER_DEBOUNCE_MS + 10)
    expect(h.calls()).toBe(2)
    expect(h.subs.map((s) => s.key)).toEqual([{ cluster: 'c1', kind: 'customresourcedefinitions', namespace: '' }])
    // An install is several events (ADDED, NamesAccepted, Established): one discovery.
    for (let i = 0; i < 3; i++) h.subs[0].sub.onDelta(i === 0 ? 'added' : 'modified', { name: 'b.x.io' } as never, '2')
    // A modified CRD may have new printer columns: its watches are told (they relist).
    expect(h.modified).toEqual(['c1/b.x.io', 'c1/b.x.io'])
    await vi.advanceTimersByTimeAsync(REDISCOVER_DEBOUNCE_MS + 10)
    expect(h.calls()).toBe(3)
    expect(h.changes).toEqual([
      [['a.x.io'], []],
      [['b.x.io'], ['a.x.io']]
    ])
    expect((await h.c.kinds('c1')).kinds.map((k) => k.id)).toEqual(['b.x.io'])
    h.c.close()
    expect(h.subs[0].closed).toBe(true)
  })

  it('without access to CRDs, lets the watch go and re-discovers on the timer', async () => {
    vi.useFakeTimers()
    const h = harness([result(), result(kind('a', 'x.io'))], 'forbidden')
    await h.c.kinds('c1')
    expect(h.subs[0].closed).toBe(true)
    expect(h.calls()).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000 + 10)
    expect(h.calls()).toBe(2)
    expect((await h.c.kinds('c1')).kinds.map((k) => k.id)).toEqual(['a.x.io'])
    h.c.close()
  })

  it('keeps the last kinds when discovery fails, with the reason', async () => {
    vi.useFakeTimers()
    const h = harness([result(kind('a', 'x.io')), new Error('connect ECONNREFUSED 127.0.0.1:6443')], 'forbidden')
    await h.c.ensure('c1')
    await vi.advanceTimersByTimeAsync(1_000 + 10)
    const k = await h.c.kinds('c1')
    expect(k.kinds.map((d) => d.id)).toEqual(['a.x.io'])
    expect(k.reason).toBe('discovery failed: connect ECONNREFUSED 127.0.0.1:6443')
    h.c.close()
  })
})

describe('customKindsReport', () => {
  it('names the tokens no cluster serves, and the clusters whose discovery is incomplete', async () => {
    const engine = {
      clusters: () => [
        { id: 'a', status: 'ok', reason: '' },
        { id: 'b', status: 'ok', reason: '' }
      ],
      customKinds: async (id: string) =>
        id === 'a'
          ? { kinds: [{ id: 'certificates.cert-manager.io' }], discoveredAt: 'now', reason: '' }
          : { kinds: [], discoveredAt: 'now', reason: 'discovery is incomplete: metrics.k8s.io/v1beta1: 503' }
    } as unknown as WatchEngine
    expect(await customKindsReport(engine, { all: false, tokens: ['certificates.cert-manager.io', 'certifcates.cert-manager.io'] })).toEqual([
      'custom kinds: cluster b: discovery is incomplete: metrics.k8s.io/v1beta1: 503',
      'custom kinds: not served by any cluster (2 checked): certifcates.cert-manager.io'
    ])
  })
})
