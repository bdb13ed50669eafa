import { describe, expect, it } from 'vitest'
import type { ChurnSource, KubeObject, SimWriteOp } from '../types.ts'
import { groupVersion, KINDS } from '../kinds.ts'

const findKind = (id: string): (typeof KINDS)[number] | undefined => KINDS.find((k) => k.id === id)
import { createChurn, generateCluster } from './index.ts'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const key = (o: SimWriteOp): string => `${o.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`

/** A minimal store: rejects creates of existing objects and updates/deletes of missing ones. */
class FakeStore {
  readonly objects = new Map<string, KubeObject>()
  apply(op: SimWriteOp): boolean {
    const k = key(op)
    const has = this.objects.has(k)
    if (op.op === 'create' ? has : !has) return false
    if (op.op === 'delete') this.objects.delete(k)
    else this.objects.set(k, op.object)
    return true
  }
  count(kind: string): number {
    let n = 0
    for (const k of this.objects.keys()) if (k.startsWith(`${kind}/`)) n++
    return n
  }
}

function seeded(pods: number, seed = 3): { ops: SimWriteOp[]; store: FakeStore } {
  const ops = generateCluster({ seed, pods, now: NOW })
  const store = new FakeStore()
  for (const op of ops) expect(store.apply(op)).toBe(true)
  return { ops, store }
}

/** Drive `churn` for `total` ops in batches, applying them and reporting rejections. */
function drive(churn: ChurnSource, store: FakeStore, total: number, batch = 500, onOp?: (op: SimWriteOp, ok: boolean) => void): number {
  let rejected = 0
  for (let done = 0; done < total; done += batch) {
    const ops = churn.next(batch)
    expect(ops).toHaveLength(batch)
    for (const op of ops) {
      const ok = store.apply(op)
      onOp?.(op, ok)
      if (!ok) {
        rejected++
        churn.rejected(op)
      }
    }
  }
  return rejected
}

describe('createChurn', () => {
  it('is deterministic: two churns with the same seed over the same cluster produce identical ops', () => {
    const ops = generateCluster({ seed: 4, pods: 500, now: NOW })
    const a = createChurn({ seed: 9, generated: ops, clock: () => NOW })
    const b = createChurn({ seed: 9, generated: ops, clock: () => NOW })
    const c = createChurn({ seed: 10, generated: ops, clock: () => NOW })
    const first = JSON.stringify(a.next(3000))
    expect(JSON.stringify(b.next(3000))).toBe(first)
    expect(JSON.stringify(c.next(3000))).not.toBe(first)
  })

  it('returns exactly n ops of every kind of write, each valid for its kind', () => {
    const { ops, store } = seeded(1000)
    const churn = createChurn({ seed: 1, generated: ops, clock: () => NOW })
    const seen = new Set<string>()
    for (const n of [1, 7, 250, 2000]) {
      const batch = churn.next(n)
      expect(batch).toHaveLength(n)
      for (const op of batch) {
        const k = findKind(op.kind)
        expect(k, op.kind).toBeDefined()
        if (!k) continue
        expect(op.object.metadata.name).toBeTruthy()
        expect(k.namespaced, `${op.kind}/${op.object.metadata.name}`).toBe(Boolean(op.object.metadata.namespace))
        if (op.op !== 'delete') expect([op.object.apiVersion, op.object.kind]).toEqual([groupVersion(k), k.kind])
        seen.add(`${op.kind}:${op.op}`)
        store.apply(op)
      }
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'pods:update',
        'pods:create',
        'pods:delete',
        'events:create',
        'events:delete',
        'events:update',
        'deployments:update',
        'replicasets:update'
      ])
    )
  })

  it('only touches objects it generated or created itself, never objects created through the API', () => {
    const { ops, store } = seeded(1000)
    const api = ['payments/api-made', 'checkout/api-made', 'kube-system/api-made']
    for (const p of api) {
      const [namespace, name] = p.split('/')
      store.apply({ op: 'create', kind: 'pods', object: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } } })
    }
    const known = new Set(ops.map(key))
    const churn = createChurn({ seed: 2, generated: ops, clock: () => NOW })
    const strangers: string[] = []
    drive(churn, store, 40_000, 500, (op) => {
      const k = key(op)
      if (op.op === 'create') known.add(k)
      else if (!known.has(k)) strangers.push(`${op.op} ${k}`)
    })
    expect(strangers.slice(0, 5)).toEqual([])
    for (const p of api) expect(store.objects.has(`pods/${p}`)).toBe(true)
  })

  it('honours rejected(): an object deleted through the API is never touched again after its rejection', () => {
    const { ops, store } = seeded(1000)
    const pods = [...store.objects.keys()].filter((k) => k.startsWith('pods/'))
    const removed = new Set(pods.filter((_, i) => i % 4 === 0))
    for (const k of removed) store.objects.delete(k)
    const deployment = [...store.objects.keys()].find((k) => k.startsWith('deployments/')) as string
    store.objects.delete(deployment)
    const churn = createChurn({ seed: 5, generated: ops, clock: () => NOW })
    // Ops already returned in the same batch were made before the churn heard of the rejection;
    // every later batch must leave the forgotten objects alone.
    const forgotten = new Set<string>()
    const after: string[] = []
    let rejected = 0
    for (let b = 0; b < 120; b++) {
      const fresh: string[] = []
      for (const op of churn.next(500)) {
        const k = key(op)
        if (forgotten.has(k) && op.op !== 'create') after.push(`${op.op} ${k}`)
        if (!store.apply(op)) {
          rejected++
          churn.rejected(op)
          fresh.push(k)
        }
      }
      for (const k of fresh) forgotten.add(k)
    }
    expect(rejected).toBeGreaterThan(50)
    expect(forgotten.has(deployment)).toBe(true)
    expect(after.slice(0, 5)).toEqual([])
  })

  it('keeps object counts bounded over 200k ops', () => {
    const { ops, store } = seeded(2000)
    const before = { pods: store.count('pods'), events: store.count('events'), total: store.objects.size }
    const churn = createChurn({ seed: 6, generated: ops, clock: () => NOW })
    const rejected = drive(churn, store, 200_000, 1000)
    expect(rejected).toBe(0)
    const pods = store.count('pods')
    expect(Math.abs(pods - before.pods)).toBeLessThan(before.pods * 0.05)
    expect(store.count('events')).toBeLessThanOrEqual(Math.max(before.events, 200))
    expect(Math.abs(store.objects.size - before.total)).toBeLessThan(before.total * 0.05)
  })

  it('refuses ops that generateCluster did not produce, and churns nothing for an empty cluster', () => {
    const foreign: SimWriteOp[] = [{ op: 'create', kind: 'namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } } }]
    expect(() => createChurn({ seed: 1, generated: foreign })).toThrow(/must be the ops array returned by generateCluster/)
    expect(createChurn({ seed: 1, generated: [] }).next(10)).toEqual([])
    const tiny = generateCluster({ seed: 1, pods: 0, now: NOW })
    expect(createChurn({ seed: 1, generated: tiny, clock: () => NOW }).next(10).length).toBeLessThanOrEqual(10)
  })
})
