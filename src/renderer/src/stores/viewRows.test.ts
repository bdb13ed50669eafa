import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { createListStore, listKey } from './listStore.ts'
import { createRowIndex } from './rowIndex.ts'
import { podRow } from './testRows.ts'
import { createViewRows } from './viewRows.ts'

const byName = (a: RowDto, b: RowDto): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const names = (rows: readonly RowDto[]): string[] => rows.map((r) => r.name)

function setup() {
  const s = createListStore()
  const key = listKey('demo', 'pods', '')
  s.openList(key)
  s.replaceAll(key, ['b', 'd', 'f'].map((n) => podRow(n)), { health: 'live' })
  const vr = createViewRows()
  const sync = (paused: boolean, sig = 'name'): void => vr.sync(s.data(key)!, s.store.getState().meta[key].version, sig, () => createRowIndex(byName, () => true), paused)
  return { s, key, vr, sync }
}

describe('viewRows', () => {
  it('applies deltas and names the rows they changed', () => {
    const { s, key, vr, sync } = setup()
    sync(false)
    expect(names(vr.rows)).toEqual(['b', 'd', 'f'])
    s.applyFrame(new Map([[key, [{ type: 'added' as const, row: podRow('c') }, { type: 'modified' as const, row: podRow('d', { status: 'x' }, '2') }]]]))
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
    s.applyFrame(new Map([[key, [{ type: 'modified' as const, row: podRow('a', {}, '2') }, { type: 'deleted' as const, row: podRow('f') }]]]))
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
    s.replaceAll(key, ['x', 'y'].map((n) => podRow(n)), {})
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
