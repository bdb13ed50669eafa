import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { changesSince } from './changeLog.ts'
import { createListStore, listKey } from './listStore.ts'
import { createMergedList, mergedUid, rowCluster, sourceUid } from './mergedRows.ts'
import type { ClusterRow } from './mergedRows.ts'
import { createRowIndex } from './rowIndex.ts'
import { podRow } from './testRows.ts'
import { createViewRows } from './viewRows.ts'

function setup() {
  const s = createListStore()
  const a = listKey('a', 'pods', '')
  const b = listKey('b', 'pods', '')
  s.openList(a)
  s.openList(b)
  const m = createMergedList([
    { cluster: 'a', key: a },
    { cluster: 'b', key: b }
  ])
  const sync = (): void =>
    m.sync((key) => {
      const d = s.data(key)
      return d ? { data: d, version: s.store.getState().meta[key].version } : undefined
    })
  return { s, a, b, m, sync }
}
const ids = (rows: Iterable<RowDto>): string[] => [...rows].map((r) => `${(r as ClusterRow).cluster}:${r.name}`).sort()

describe("merged rows over several clusters' lists", () => {
  it('keys rows by (cluster, uid): the same uid in two clusters is two rows', () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('x'), podRow('y')], { health: 'live' })
    s.replaceAll(b, [podRow('x')], { health: 'polling' })
    sync()
    expect(ids(m.data.rows.values())).toEqual(['a:x', 'a:y', 'b:x'])
    const row = m.data.rows.get(mergedUid('b', podRow('x').uid))!
    expect([rowCluster(row, '?'), sourceUid(row), row.uid]).toEqual(['b', podRow('x').uid, `b/${podRow('x').uid}`])
    // The wrapper shares the cluster row's cells and labels (no deep copy).
    expect(row.cells).toBe(s.data(b)!.rows.get(podRow('x').uid)!.cells)
    expect(m.data.log.at(-1)).toMatchObject({ version: 1, reset: true })
  })

  it('hands on a delta of one cluster as that row alone', () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('x'), podRow('y')], { health: 'live' })
    s.replaceAll(b, [podRow('x')], { health: 'live' })
    sync()
    const v = m.version
    s.applyFrame(
      new Map([
        [
          a,
          [
            { type: 'modified' as const, row: podRow('y', { status: 'Error' }, '2') },
            { type: 'deleted' as const, row: podRow('x') }
          ]
        ]
      ])
    )
    sync()
    expect(m.version).toBe(v + 1)
    const ch = changesSince(m.data, v, m.version)
    expect(ch.reset).toBe(false)
    if (!ch.reset) expect([...ch.uids].sort()).toEqual([mergedUid('a', podRow('x').uid), mergedUid('a', podRow('y').uid)].sort())
    expect(ids(m.data.rows.values())).toEqual(['a:y', 'b:x'])
    expect(m.data.rows.get(mergedUid('a', podRow('y').uid))!.cells).toEqual({ status: 'Error' })
  })

  it("turns a cluster's fresh snapshot or poll into the rows that really changed, not a reset", () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('x'), podRow('y'), podRow('z')], { health: 'live' })
    s.replaceAll(b, [podRow('x')], { health: 'polling' })
    sync()
    const v = m.version
    // A poll of b answers the same row (same resourceVersion: the store keeps its object) and a new one.
    s.replaceAll(b, [podRow('x'), podRow('w')], { health: 'polling' })
    // a relists: y changed, z is gone.
    s.replaceAll(a, [podRow('x'), podRow('y', {}, '9')], { health: 'live' })
    sync()
    const ch = changesSince(m.data, v, m.version)
    expect(ch.reset).toBe(false)
    if (!ch.reset) expect([...ch.uids].map((u) => u.replace(/\/uid-default-/, ':')).sort()).toEqual(['a:y', 'a:z', 'b:w'])
    expect(ids(m.data.rows.values())).toEqual(['a:x', 'a:y', 'b:w', 'b:x'])
  })

  it('a cluster whose first rows arrive later joins as a reset (the table builds once, nothing flashes)', () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('x')], { health: 'live' })
    sync()
    s.replaceAll(b, [podRow('y'), podRow('z')], { health: 'live' })
    sync()
    expect(m.data.log.at(-1)).toMatchObject({ reset: true })
    s.applyFrame(new Map([[b, [{ type: 'added' as const, row: podRow('w') }]]]))
    sync()
    expect(m.data.log.at(-1)).toMatchObject({ reset: false, uids: [mergedUid('b', podRow('w').uid)] })
  })

  it("drops a cluster's rows when its list closes, and does nothing when nothing changed", () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('x')], { health: 'live' })
    s.replaceAll(b, [podRow('y')], { health: 'live' })
    sync()
    const v = m.version
    sync()
    expect(m.version).toBe(v)
    s.closeList(b)
    sync()
    expect(ids(m.data.rows.values())).toEqual(['a:x'])
  })

  it('feeds a sorted, filtered table incrementally (viewRows over the merged data)', () => {
    const { s, a, b, m, sync } = setup()
    s.replaceAll(a, [podRow('m'), podRow('c')], { health: 'live' })
    s.replaceAll(b, [podRow('k')], { health: 'live' })
    sync()
    const byName = (x: RowDto, y: RowDto): number => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)
    const vr = createViewRows()
    const order = { sort: 'name', filter: '', makeFull: () => createRowIndex(byName, () => true), makeView: null }
    vr.sync(m.data, m.version, order, false)
    expect(vr.rows.map((r) => r.name)).toEqual(['c', 'k', 'm'])
    s.applyFrame(new Map([[b, [{ type: 'added' as const, row: podRow('a') }]]]))
    sync()
    vr.sync(m.data, m.version, order, false)
    expect(vr.rows.map((r) => r.name)).toEqual(['a', 'c', 'k', 'm'])
    expect([...vr.recent]).toEqual([mergedUid('b', podRow('a').uid)])
  })
})
