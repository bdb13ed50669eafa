import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../types.ts'
import { SimStore, translate } from './store.ts'
import { StoreError } from './types.ts'
import type { EventType, Rec } from './types.ts'

const ns = (name: string): KubeObject => ({ metadata: { name } })
const pod = (name: string, namespace = 'default', labels: Record<string, string> = {}, phase = 'Running'): KubeObject => ({
  metadata: { name, namespace, labels },
  spec: { nodeName: 'n1' },
  status: { phase }
})

function seeded(history = 100): SimStore {
  const s = new SimStore(history)
  s.create('namespaces', ns('default'))
  s.create('namespaces', ns('kube-system'))
  return s
}

function thrown(fn: () => unknown): StoreError {
  try {
    fn()
  } catch (err) {
    if (err instanceof StoreError) return err
    throw err
  }
  throw new Error('expected a StoreError')
}

describe('SimStore writes', () => {
  it('assigns uid, a monotonic resourceVersion, creationTimestamp and generation', () => {
    const s = seeded()
    const a = s.create('pods', pod('a'))
    const b = s.create('pods', pod('b'))
    expect(b.rv).toBe(a.rv + 1)
    expect(s.resourceVersion()).toBe(String(b.rv))
    const obj = s.object(a)
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(obj.metadata.resourceVersion).toBe(String(a.rv))
    expect(obj.metadata.generation).toBe(1)
    expect(obj.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(obj.apiVersion).toBe('v1')
    expect(obj.kind).toBe('Pod')
  })

  it('keeps uid and creationTimestamp on replace and bumps generation only on a spec change', () => {
    const s = seeded()
    const a = s.create('pods', pod('a'))
    const b = s.update('pods', { ...pod('a', 'default', { x: '1' }) })
    expect(b.uid).toBe(a.uid)
    expect(b.generation).toBe(1)
    // Binding (only nodeName set) leaves a pod's generation alone, as a real server does.
    const bound = s.update('pods', { ...pod('a'), spec: { ...(pod('a').spec as object), nodeName: 'n2' } })
    expect(bound.generation).toBe(1)
    const c = s.update('pods', { ...pod('a'), spec: { nodeName: 'n2', activeDeadlineSeconds: 30 } })
    expect(c.generation).toBe(2)
    expect(s.object(c).metadata.creationTimestamp).toBe(s.object(a).metadata.creationTimestamp)
  })

  it('does not mutate the caller object', () => {
    const s = seeded()
    const o = pod('a')
    s.create('pods', o)
    expect(o.metadata.uid).toBeUndefined()
    expect(o.metadata.resourceVersion).toBeUndefined()
  })

  it('fills empty ownerReference uids by owner name', () => {
    const s = seeded()
    const rs = s.create('replicasets', { metadata: { name: 'web-1', namespace: 'default' }, spec: {} })
    const p = s.create('pods', {
      ...pod('web-1-x'),
      metadata: {
        name: 'web-1-x',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: '', controller: true }]
      }
    })
    expect(s.object(p).metadata.ownerReferences?.[0].uid).toBe(rs.uid)
  })

  it('refuses duplicates, missing objects, missing namespaces and stale versions with apiserver messages', () => {
    const s = seeded()
    s.create('pods', pod('a'))
    expect(thrown(() => s.create('pods', pod('a')))).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "a" already exists' })
    expect(thrown(() => s.update('pods', pod('zz')))).toMatchObject({ code: 404, message: 'pods "zz" not found' })
    expect(thrown(() => s.delete('deployments', 'default', 'zz'))).toMatchObject({ code: 404, message: 'deployments.apps "zz" not found' })
    expect(thrown(() => s.create('pods', pod('a', 'nope')))).toMatchObject({ code: 404, message: 'namespaces "nope" not found' })
    const stale = { ...pod('a'), metadata: { ...pod('a').metadata, resourceVersion: '1' } }
    expect(thrown(() => s.update('pods', stale, true))).toMatchObject({ code: 409, reason: 'Conflict' })
    expect(s.applyOp({ op: 'delete', kind: 'pods', object: pod('zz') })).toBe(false)
    expect(s.applyOp({ op: 'delete', kind: 'pods', object: pod('a') })).toBe(true)
    expect(s.count('pods')).toBe(0)
  })

  it('stamps a DELETED object with the delete version', () => {
    const s = seeded()
    s.create('pods', pod('a'))
    const d = s.delete('pods', 'default', 'a')
    expect(d.rv).toBe(Number(s.resourceVersion()))
    expect(s.object(d).metadata.resourceVersion).toBe(s.resourceVersion())
    expect(s.get('pods', 'default', 'a')).toBeUndefined()
  })
})

describe('SimStore list', () => {
  function many(): SimStore {
    const s = seeded()
    for (let i = 0; i < 25; i++)
      s.create('pods', pod(`p${String(i).padStart(2, '0')}`, i % 2 ? 'kube-system' : 'default', { app: i % 3 ? 'web' : 'db' }, i % 5 ? 'Running' : 'Pending'))
    return s
  }

  it('lists in namespace/name key order and restricts to a namespace', () => {
    const s = many()
    const all = s.list('pods').items.map((r) => r.key)
    expect(all).toEqual([...all].sort())
    expect(all[0].startsWith('default/')).toBe(true)
    expect(s.list('pods', { namespace: 'kube-system' }).items.every((r) => r.ns === 'kube-system')).toBe(true)
    expect(s.list('pods', { namespace: 'kube-system' }).items).toHaveLength(12)
  })

  it('pages with limit/continue, keeping the first page version, with no duplicates or gaps', () => {
    const s = many()
    const seen: string[] = []
    let cont: string | undefined
    let pages = 0
    let rv: number | undefined
    do {
      const page = s.list('pods', { limit: 7, continue: cont })
      rv ??= page.rv
      expect(page.rv).toBe(rv)
      seen.push(...page.items.map((r) => r.key))
      if (page.continue) expect(page.remainingItemCount).toBe(25 - seen.length)
      cont = page.continue
      s.create('namespaces', ns(`later-${pages}`)) // writes between pages do not disturb paging
    } while (cont && ++pages < 10)
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
  })

  it('applies label and field selectors', () => {
    const s = many()
    const dbPending = s.list('pods', { labelSelector: 'app=db', fieldSelector: 'status.phase=Pending' }).items
    expect(dbPending.map((r) => r.name)).toEqual(['p00', 'p15'])
    expect(s.list('pods', { labelSelector: 'app in (db)' }).items).toHaveLength(9)
    expect(s.list('pods', { labelSelector: 'app notin (db),app' }).items).toHaveLength(16)
    expect(s.list('pods', { fieldSelector: 'metadata.name=p03' }).items).toHaveLength(1)
    expect(s.list('pods', { fieldSelector: 'metadata.namespace!=default' }).items).toHaveLength(12)
  })

  it('pages a selector as etcd does: a continue token while more objects follow in key order, matching or not', () => {
    const s = many()
    // app=db and Pending: p00 and p15 only; p15 is followed by non-matching pods, p24 (a db pod) by none.
    const first = s.list('pods', { labelSelector: 'app=db', fieldSelector: 'status.phase=Pending', limit: 1 })
    expect(first.items.map((r) => r.name)).toEqual(['p00'])
    expect(first.remainingItemCount).toBeUndefined()
    const second = s.list('pods', { labelSelector: 'app=db', fieldSelector: 'status.phase=Pending', limit: 1, continue: first.continue })
    expect(second.items.map((r) => r.name)).toEqual(['p15'])
    expect(second.continue).toBeDefined()
    const last = s.list('pods', { labelSelector: 'app=db', fieldSelector: 'status.phase=Pending', limit: 1, continue: second.continue })
    expect(last.items).toEqual([])
    expect(last.continue).toBeUndefined()
  })

  it('refuses unsupported fields and bad continue tokens (400) and expires compacted tokens (410)', () => {
    const s = many()
    expect(thrown(() => s.list('pods', { fieldSelector: 'spec.foo=x' }))).toMatchObject({ code: 400, message: 'field label not supported: spec.foo' })
    expect(thrown(() => s.list('pods', { continue: '!!!' }))).toMatchObject({ code: 400, reason: 'BadRequest' })
    const first = s.list('pods', { limit: 5 })
    s.create('pods', pod('zz'))
    s.expireHistory()
    const err = thrown(() => s.list('pods', { limit: 5, continue: first.continue }))
    expect(err).toMatchObject({ code: 410, reason: 'Expired' })
    expect(err.message).toMatch(/^The provided continue parameter is too old/)
    expect(err.continueToken).toBeTruthy()
  })
})

describe('SimStore watch', () => {
  const collect = (): { out: Array<[EventType, string, number]>; fn: (t: EventType, r: Rec) => void } => {
    const out: Array<[EventType, string, number]> = []
    return { out, fn: (t, r) => out.push([t, r.name, r.rv]) }
  }

  it('delivers every write once, in order, to every matching watcher', () => {
    const s = seeded()
    const a = collect()
    const b = collect()
    const hA = s.watch('pods', {}, s.currentRv(), a.fn)
    s.watch('pods', { namespace: 'kube-system' }, s.currentRv(), b.fn)
    s.create('pods', pod('x'))
    s.create('pods', pod('y', 'kube-system'))
    s.update('pods', pod('x', 'default', { v: '2' }))
    s.delete('pods', 'default', 'x')
    hA.cancel()
    s.create('pods', pod('z'))
    expect(a.out.map(([t, n]) => `${t} ${n}`)).toEqual(['ADDED x', 'ADDED y', 'MODIFIED x', 'DELETED x'])
    const rvs = a.out.map(([, , rv]) => rv)
    expect(rvs).toEqual([...rvs].sort((p, q) => p - q))
    expect(b.out.map(([t, n]) => `${t} ${n}`)).toEqual(['ADDED y'])
  })

  it('gives a snapshot without a version and resumes from history with one', () => {
    const s = seeded()
    s.create('pods', pod('a'))
    const mid = s.currentRv()
    s.create('pods', pod('b'))
    s.update('pods', pod('a', 'default', { v: '1' }))
    const snap = s.watch('pods', {}, undefined, () => undefined)
    expect(snap.initial.map((r) => r.name)).toEqual(['a', 'b'])
    const c = collect()
    s.watch('pods', {}, mid, c.fn)
    expect(c.out.map(([t, n]) => `${t} ${n}`)).toEqual(['ADDED b', 'MODIFIED a'])
  })

  it('answers 410 Expired "too old resource version" past the bounded history', () => {
    const s = seeded(5)
    for (let i = 0; i < 10; i++) s.create('pods', pod(`p${i}`))
    const err = thrown(() => s.watch('pods', {}, 3, () => undefined))
    expect(err).toMatchObject({ code: 410, reason: 'Expired', message: `too old resource version: 3 (${s.historyFloor()})` })
    expect(() => s.watch('pods', {}, s.historyFloor(), () => undefined)).not.toThrow()
    s.expireHistory()
    expect(thrown(() => s.watch('pods', {}, s.currentRv() - 1, () => undefined)).code).toBe(410)
  })

  it('turns selector transitions into ADDED / DELETED like the apiserver', () => {
    const s = seeded()
    const c = collect()
    s.watch('pods', s.filter('pods', { labelSelector: 'app=web' }), s.currentRv(), c.fn)
    s.create('pods', pod('a', 'default', { app: 'db' }))
    s.update('pods', pod('a', 'default', { app: 'web' }))
    s.update('pods', pod('a', 'default', { app: 'web', v: '2' }))
    s.update('pods', pod('a', 'default', { app: 'db' }))
    s.delete('pods', 'default', 'a')
    expect(c.out.map(([t]) => t)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
  })

  it('translate() ignores events that never matched', () => {
    const s = seeded()
    const rec = s.create('pods', pod('a', 'default', { app: 'db' }))
    expect(translate(s.filter('pods', { labelSelector: 'app=web' }), { rv: rec.rv, kind: 'pods', type: 'ADDED', cur: rec })).toBeUndefined()
  })
})
