import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { createListStore, listKey } from './listStore.ts'
import { createRowIndex } from './rowIndex.ts'
import { compareFor, defaultSort } from './rowQuery.ts'
import { podRow } from './testRows.ts'
import { createViewRows } from './viewRows.ts'

const byName = (a: RowDto, b: RowDto): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const names = (rows: readonly RowDto[]): string[] => rows.map((r) => r.name)

function setup() {
  const s = createListStore()
  const key = listKey('demo', 'pods', '')
  s.openList(key)
  s.replaceAll(
    key,
    ['b', 'd', 'f'].map((n) => podRow(n)),
    { health: 'live' }
  )
  const vr = createViewRows()
  const sync = (paused: boolean, sort = 'name', filter: ((r: RowDto) => boolean) | null = null, filterKey = ''): void =>
    vr.sync(
      s.data(key)!,
      s.store.getState().meta[key].version,
      { sort, filter: filterKey, makeFull: () => createRowIndex(byName, () => true), makeView: filter ? () => createRowIndex(byName, filter) : null },
      paused
    )
  return { s, key, vr, sync }
}

describe('viewRows', () => {
  it('applies deltas and names the rows they changed', () => {
    const { s, key, vr, sync } = setup()
    sync(false)
    expect(names(vr.rows)).toEqual(['b', 'd', 'f'])
    s.applyFrame(
      new Map([
        [
          key,
          [
            { type: 'added' as const, row: podRow('c') },
            { type: 'modified' as const, row: podRow('d', { status: 'x' }, '2') }
          ]
        ]
      ])
    )
    sync(false)
    expect(names(vr.rows)).toEqual(['b', 'c', 'd', 'f'])
    expect([...vr.recent].sort()).toEqual([podRow('c').uid, podRow('d').uid].sort())
  })

  it('holds the rows while paused, counting distinct changed rows, and applies them on resume', () => {
    const { s, key, vr, sync } = setup()
    sync(false)
    const shown = vr.rows.map((r) => r)
    s.applyFrame(new Map([[key, [{ type: 'added' as const, row: podRow('a') }]]]))
    sync(true)
    s.applyFrame(
      new Map([
        [
          key,
          [
            { type: 'modified' as const, row: podRow('a', {}, '2') },
            { type: 'deleted' as const, row: podRow('f') }
          ]
        ]
      ])
    )
    sync(true)
    expect(vr.rows).toEqual(shown)
    expect(vr.held).toEqual({ count: 2, replaced: false })
    sync(false)
    expect(names(vr.rows)).toEqual(['a', 'b', 'd'])
    expect(vr.rows[0].resourceVersion).toBe('2')
    expect(vr.held).toEqual({ count: 0, replaced: false })
  })

  it('a snapshot while paused is reported as a replaced list and rebuilds on resume', () => {
    const { s, key, vr, sync } = setup()
    sync(false)
    s.replaceAll(
      key,
      ['x', 'y'].map((n) => podRow(n)),
      {}
    )
    sync(true)
    expect(names(vr.rows)).toEqual(['b', 'd', 'f'])
    expect(vr.held.replaced).toBe(true)
    sync(false)
    expect(names(vr.rows)).toEqual(['x', 'y'])
    expect(vr.recent.size).toBe(0)
  })

  it('a new sort or filter rebuilds from the current rows, even while paused', () => {
    const { s, key, vr, sync } = setup()
    sync(true)
    s.applyFrame(new Map([[key, [{ type: 'added' as const, row: podRow('a') }]]]))
    sync(true)
    expect(names(vr.rows)).toEqual(['b', 'd', 'f'])
    sync(true, 'other')
    expect(names(vr.rows)).toEqual(['a', 'b', 'd', 'f'])
    expect(vr.indexOf(podRow('d').uid)).toBe(2)
    expect(vr.indexOf('nope')).toBe(-1)
  })
})

describe('filters over the sorted rows', () => {
  it('a new filter keeps the order without re-sorting, deltas reach both the filtered and the full order, and clearing shows all', () => {
    const { s, key, vr, sync } = setup()
    const notD = (r: RowDto): boolean => r.name !== 'd'
    sync(false, 'name', notD, 'not-d')
    expect(names(vr.rows)).toEqual(['b', 'f'])
    s.applyFrame(
      new Map([
        [
          key,
          [
            { type: 'added' as const, row: podRow('a') },
            { type: 'added' as const, row: podRow('e') }
          ]
        ]
      ])
    )
    sync(false, 'name', notD, 'not-d')
    expect(names(vr.rows)).toEqual(['a', 'b', 'e', 'f'])
    sync(false, 'name', null, '')
    expect(names(vr.rows)).toEqual(['a', 'b', 'd', 'e', 'f'])
    // Paused with a filter: changes wait; a new filter is built from the up-to-date order.
    sync(true, 'name', notD, 'not-d')
    s.applyFrame(new Map([[key, [{ type: 'deleted' as const, row: podRow('a') }]]]))
    sync(true, 'name', notD, 'not-d')
    expect(names(vr.rows)).toEqual(['a', 'b', 'e', 'f'])
    sync(true, 'name', (r) => r.name < 'e', 'lt-e')
    expect(names(vr.rows)).toEqual(['b', 'd'])
  })
})

describe('partial then complete snapshot', () => {
  it('in the default order the rows of the partial snapshot keep their places when the complete one lands', () => {
    const pods = kindDef('pods')
    // The apiserver lists in etcd key order (namespace/name); a partial snapshot is a prefix of it.
    const all: RowDto[] = []
    for (const ns of ['default', 'kube-system', 'payments']) for (const n of ['api-1', 'db-0', 'web-2', 'zeta-9']) all.push(podRow(n, {}, '1', ns))
    const partial = all.slice(0, 5)
    const s = createListStore()
    const key = listKey('demo', 'pods', '')
    s.openList(key)
    const vr = createViewRows()
    const sort = defaultSort(pods, true)
    const sync = (): void =>
      vr.sync(
        s.data(key)!,
        s.store.getState().meta[key].version,
        { sort: 'default', filter: '', makeFull: () => createRowIndex(compareFor(sort, pods.columns), () => true), makeView: null },
        false
      )
    s.replaceAll(key, partial, { health: 'connecting' })
    sync()
    const before = vr.rows.map((r) => r.uid)
    // The complete list arrives in another order on the wire: the view's order must not depend on it.
    s.replaceAll(key, [...all].reverse(), { health: 'live' })
    sync()
    expect(vr.rows.slice(0, before.length).map((r) => r.uid)).toEqual(before)
    expect(vr.rows).toHaveLength(all.length)
  })
})
