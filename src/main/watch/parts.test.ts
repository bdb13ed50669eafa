import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../shared/dto/row.ts'
import { Backoff } from './backoff.ts'
import { newestEvents } from './eventsOrder.ts'
import { DeltaHistory } from './history.ts'
import { compactRow } from './intern.ts'
import { RowStore } from './rowStore.ts'

const row = (uid: string, rv: string, extra: Partial<RowDto> = {}): RowDto => ({
  uid,
  kind: 'pods',
  namespace: 'ns',
  name: uid,
  createdAt: '2024-01-01T00:00:00Z',
  resourceVersion: rv,
  labels: {},
  cells: {},
  ...extra
})

describe('RowStore', () => {
  it('diffs a relist: deletes vanished, modifies changed RVs, adds new, keeps unchanged identity', () => {
    const s = new RowStore()
    const a = row('a', '1')
    s.replace(
      new Map([
        ['a', a],
        ['b', row('b', '1')],
        ['c', row('c', '1')]
      ])
    )
    const deltas = s.replace(
      new Map([
        ['a', row('a', '1')],
        ['b', row('b', '2')],
        ['d', row('d', '2')]
      ])
    )
    expect(deltas.map((d) => `${d.type}:${d.row.uid}`).sort()).toEqual(['added:d', 'deleted:c', 'modified:b'])
    expect(s.values().find((r) => r.uid === 'a')).toBe(a)
  })

  it('turns events into effective deltas and drops no-ops', () => {
    const s = new RowStore()
    expect(s.apply('modified', row('a', '1'))?.type).toBe('added')
    expect(s.apply('added', row('a', '1'))).toBeUndefined()
    expect(s.apply('added', row('a', '2'))?.type).toBe('modified')
    expect(s.apply('deleted', row('zz', '3'))).toBeUndefined()
    expect(s.apply('deleted', row('a', '3'))?.type).toBe('deleted')
    expect(s.size).toBe(0)
  })
})

describe('DeltaHistory', () => {
  it('answers the deltas after a covered id, [] for the current one, undefined when not covered', () => {
    const h = new DeltaHistory(4) // entries: the base, deltas and bookmark markers
    h.reset('10')
    h.push('11', { type: 'added', row: row('a', '11') })
    h.mark('12')
    h.push('13', { type: 'modified', row: row('a', '13') })
    expect(h.since('10')?.map((e) => e.rv)).toEqual(['11', '13'])
    expect(h.since('12')?.map((e) => e.rv)).toEqual(['13'])
    expect(h.since('13')).toEqual([])
    expect(h.since('9')).toBeUndefined()
    h.push('14', { type: 'deleted', row: row('a', '14') })
    expect(h.since('10')).toBeUndefined() // fell out of the ring
    expect(h.since('11')?.map((e) => e.rv)).toEqual(['13', '14'])
    h.reset('20')
    expect(h.since('13')).toBeUndefined()
    expect(h.length).toBe(1)
  })

  it('stays bounded over many pushes', () => {
    const h = new DeltaHistory(100)
    h.reset('0')
    for (let i = 1; i <= 10_000; i++) h.push(String(i), { type: 'modified', row: row('a', String(i)) })
    expect(h.length).toBe(100)
    expect(h.since('9950')).toHaveLength(50)
  })
})

describe('Backoff', () => {
  it('grows ×2 from 800 ms to 30 s with jitter, and resets after a healthy period', () => {
    const b = new Backoff({}, () => 0)
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => b.next(0))).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000])
    b.healthy(1000)
    expect(b.next(1000 + 60_000)).toBe(30000) // not healthy long enough
    b.healthy(0)
    expect(b.next(120_000)).toBe(800)
    const j = new Backoff({}, () => 0.5)
    expect(j.next()).toBe(1200)
  })
})

describe('events order and interning', () => {
  it('sorts events newest first by LAST SEEN (else creation), keeping them all', () => {
    const rows = [
      row('a', '1', { cells: { lastSeen: '2024-03-01T00:00:00Z' } }),
      row('b', '1', { createdAt: '2024-05-01T00:00:00Z' }),
      row('c', '1', { cells: { lastSeen: '2024-04-01T00:00:00Z' } })
    ]
    expect(newestEvents(rows).map((r) => r.uid)).toEqual(['b', 'c', 'a'])
  })

  it('shares repeated strings between rows without changing them', () => {
    let n = 0
    const mk = (): RowDto =>
      row(`u${n++}`, '1', {
        namespace: ['kube', 'system'].join('-'),
        labels: { app: ['we', 'b'].join('') },
        cells: { status: ['Run', 'ning'].join(''), restarts: 3 }
      })
    const [x, y] = [compactRow(mk()), compactRow(mk())]
    n = 0
    expect(x).toEqual(mk())
    expect(x.namespace).toBe(y.namespace)
    expect(x.cells.status).toBe('Running')
    expect(x.cells.restarts).toBe(3)
  })
})
