import { describe, expect, it } from 'vitest'
import { ChurnDriver } from './churn.ts'
import { createChurn, generateCluster } from './gen/index.ts'
import { SimStore } from './store/store.ts'
import type { ChurnSource, SimWriteOp } from './types.ts'

/** A fixed clock: event names are `<object>.<UnixNano hex>`, so the same seed gives the same writes only at the same time. */
const NOW = Date.parse('2025-06-01T12:00:00Z')

function driven(seed: number): { store: SimStore; driver: ChurnDriver; events: string[] } {
  const store = new SimStore(1000)
  const generated = generateCluster({ seed, pods: 20, now: NOW })
  for (const op of generated) expect(store.applyOp(op)).toBe(true)
  const events: string[] = []
  for (const kind of ['pods', 'events', 'deployments', 'replicasets', 'nodes'] as const) {
    store.watch(kind, {}, store.currentRv(), (type, rec) => events.push(`${type} ${kind} ${rec.key}`))
  }
  return { store, driver: new ChurnDriver(store, createChurn({ seed, generated, clock: () => NOW })), events }
}

describe('ChurnDriver', () => {
  it('gives the same write sequence for the same seed', () => {
    const a = driven(7)
    const b = driven(7)
    for (let i = 0; i < 10; i++) {
      a.driver.step(13)
      b.driver.step(13)
    }
    expect(a.events.length).toBeGreaterThan(0)
    expect(a.events).toEqual(b.events)
    expect(a.store.resourceVersion()).toBe(b.store.resourceVersion())
  })

  it('reports refused operations back to the source', () => {
    const rejected: SimWriteOp[] = []
    const source: ChurnSource = {
      next: (n) => Array.from({ length: n }, (_, i) => ({ op: 'delete', kind: 'pods', object: { metadata: { name: `gone-${i}`, namespace: 'default' } } })),
      rejected: (op) => {
        rejected.push(op)
      }
    }
    const d = new ChurnDriver(new SimStore(10), source)
    d.step(3)
    expect(rejected).toHaveLength(3)
    expect(d.stats()).toMatchObject({ applied: 0, rejected: 3 })
  })

  it('runs at a live-changeable rate and stops', async () => {
    const { store, driver } = driven(1)
    const rv0 = store.currentRv()
    driver.setRate(2_000)
    const deadline = Date.now() + 5_000
    while (store.currentRv() === rv0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(store.currentRv()).toBeGreaterThan(rv0)
    driver.setRate(0)
    const rv1 = store.currentRv()
    await new Promise((r) => setTimeout(r, 150))
    expect(store.currentRv()).toBe(rv1)
    expect(() => driver.setRate(-1)).toThrow(/non-negative/)
  })

  it('a rate it cannot reach still lets the event loop turn: each tick does at most ~30 ms of work', async () => {
    // Each op costs 2 ms: 5,000 ops/s asked would need 10 s of work per second.
    let applied = 0
    const source: ChurnSource = {
      next: (n) => Array.from({ length: n }, () => ({ op: 'delete', kind: 'pods', object: { metadata: { name: 'x', namespace: 'default' } } })),
      rejected: () => {
        applied++
        const until = performance.now() + 2
        while (performance.now() < until);
      }
    }
    const d = new ChurnDriver(new SimStore(10), source, 5_000)
    try {
      // An I/O-like callback every few ms: the longest gap between two is the longest tick.
      let worst = 0
      let last = performance.now()
      const end = last + 1_000
      while (performance.now() < end) {
        await new Promise((r) => setImmediate(r))
        const t = performance.now()
        worst = Math.max(worst, t - last)
        last = t
      }
      expect(applied).toBeGreaterThan(100)
      expect(applied).toBeLessThan(5_000)
      // A tick's budget (30 ms) plus one op that started before it ran out, plus scheduling slack.
      expect(worst).toBeLessThan(80)
    } finally {
      d.setRate(0)
    }
  })
})
