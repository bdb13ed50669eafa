/**
 * The all-namespaces union on its own, with scripted namespace watches: one snapshot once every
 * namespace has answered, rows de-duplicated by uid, a namespace's relist folded into deltas,
 * a namespace that fails before listing counted as answered (no rows), a dropped namespace's
 * rows leaving as deletions, the budget's left-out namespaces reported, and `no access` when
 * no namespace is readable.
 */
import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../shared/dto/row.ts'
import type { NamespaceScope } from '../../shared/api/frames.ts'
import { recorder, waitFor } from './testing/recorder.ts'
import type { StateDetail, WatchSubscriber } from './types.ts'
import { NamespaceUnion } from './union.ts'
import type { UnionPlan } from './union.ts'

const row = (ns: string, name: string, rv = '1', uid = `${ns}/${name}`): RowDto =>
  ({ uid, kind: 'pods', namespace: ns, name, createdAt: '', resourceVersion: rv, labels: {}, cells: {} }) as RowDto

function harness(plans: UnionPlan[], limit = 10) {
  const children = new Map<string, WatchSubscriber>()
  const closed: string[] = []
  const held = new Set<string>()
  const r = recorder()
  const scopes: NamespaceScope[] = []
  const details: StateDetail[] = []
  const sub: WatchSubscriber = {
    ...r,
    onScope: (s) => scopes.push(s),
    onState: (s, reason, d) => {
      details.push(d)
      r.onState?.(s, reason, d)
    }
  }
  let i = 0
  const u = new NamespaceUnion({
    sub,
    refreshMs: 60_000,
    plan: () => Promise.resolve(plans[Math.min(i++, plans.length - 1)]),
    subscribe: (ns, child) => {
      children.set(ns, child)
      return {
        close: () => {
          closed.push(ns)
          children.delete(ns)
        }
      }
    },
    budget: {
      limit,
      take: (ns) => (held.size < limit ? (held.add(ns), true) : false),
      release: (ns) => {
        held.delete(ns)
      }
    }
  })
  return { u, r, scopes, details, children, closed, held }
}

const plan = (...namespaces: string[]): UnionPlan => ({
  namespaces,
  reason: namespaces.length ? '' : 'cannot list resource "pods" … nor in any namespace',
  source: 'configured'
})

describe('NamespaceUnion', () => {
  it('sends one snapshot when every namespace answered, de-duplicated by uid, then forwards deltas', async () => {
    const h = harness([plan('a', 'b')])
    h.u.start()
    await waitFor(() => h.children.size === 2, 'two namespace watches')
    h.children.get('a')?.onSnapshot([row('a', 'x'), row('a', 'y')], '10')
    expect(h.r.count('snapshot')).toBe(0)
    // The same uid from two namespace watches (never on a real cluster, but the union must not double it).
    h.children.get('b')?.onSnapshot([row('b', 'z'), row('a', 'x')], '12')
    expect(h.r.calls).toEqual([{ t: 'snapshot', n: 3, rv: '12' }])
    h.children.get('b')?.onDelta('added', row('b', 'w'), '13')
    expect(h.r.rows.size).toBe(4)
    expect(h.scopes.at(-1)).toEqual({ namespaces: ['a', 'b'], leftOut: [], budget: 10, source: 'configured' })
    h.u.close()
    expect(h.closed.sort()).toEqual(['a', 'b'])
    expect(h.held.size).toBe(0)
  })

  it("folds a namespace's relist into deltas (no relist of the whole view), and counts a namespace that fails before listing as answered", async () => {
    const h = harness([plan('a', 'b')])
    h.u.start()
    await waitFor(() => h.children.size === 2, 'two namespace watches')
    h.children.get('b')?.onState?.('error', '403 Forbidden', { synced: false, status: 403, permanent: true })
    h.children.get('a')?.onSnapshot([row('a', 'x', '1'), row('a', 'y', '1')], '5')
    expect(h.r.count('snapshot')).toBe(1)
    h.children.get('a')?.onRelist('410')
    h.children.get('a')?.onSnapshot([row('a', 'x', '7'), row('a', 'n', '7')], '7')
    expect(
      h.r.calls
        .slice(1)
        .map((c) => c.t)
        .sort()
    ).toEqual(['added', 'deleted', 'modified'])
    expect(h.r.count('relist')).toBe(0)
    expect([...h.r.rows.keys()].sort()).toEqual(['a/n', 'a/x'])
    h.u.close()
  })

  it("a namespace no longer planned ends cleanly: its watch closed, its rows deleted; the budget's left-out are reported", async () => {
    const h = harness([plan('a', 'b', 'c'), plan('a')], 2)
    h.u.start()
    await waitFor(() => h.children.size === 2, 'two of three (budget 2)')
    expect(h.scopes.at(-1)).toMatchObject({ namespaces: ['a', 'b'], leftOut: ['c'], budget: 2 })
    h.children.get('a')?.onSnapshot([row('a', 'x')], '3')
    h.children.get('b')?.onSnapshot([row('b', 'y')], '4')
    h.u.replanNow()
    await waitFor(() => h.closed.includes('b'), 'b closed')
    expect([...h.r.rows.keys()]).toEqual(['a/x'])
    expect(h.scopes.at(-1)).toMatchObject({ namespaces: ['a'], leftOut: [] })
    h.u.close()
  })

  it('no readable namespace: no access (error, not synced, 403, permanent, noAccess) and no watch', async () => {
    const h = harness([plan()])
    h.u.start()
    await waitFor(() => h.r.states.length === 1, 'a state')
    expect(h.r.states[0]).toEqual({ state: 'error', reason: 'cannot list resource "pods" … nor in any namespace' })
    expect(h.details[0]).toEqual({ synced: false, status: 403, permanent: true, noAccess: true })
    expect(h.children.size).toBe(0)
    h.u.close()
  })
})
