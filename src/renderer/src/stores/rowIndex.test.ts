import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { createRowIndex } from './rowIndex.ts'
import { podRow } from './testRows.ts'

const byName = (a: RowDto, b: RowDto): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const names = (rows: readonly RowDto[]): string[] => rows.map((r) => r.name)

describe('rowIndex', () => {
  it('rebuilds sorted and filtered', () => {
    const idx = createRowIndex(byName, (r) => !r.name.startsWith('x'))
    idx.rebuild([podRow('c'), podRow('a'), podRow('xb'), podRow('b')])
    expect(names(idx.rows)).toEqual(['a', 'b', 'c'])
  })

  it('replaces a changed row in place, inserts, deletes and moves rows, matching a full sort', () => {
    const map = new Map<string, RowDto>()
    for (const n of ['d', 'b', 'f', 'a']) {
      const r = podRow(n)
      map.set(r.uid, r)
    }
    const idx = createRowIndex(byName, (r) => r.cells.status !== 'hidden')
    idx.rebuild(map.values())
    const before = idx.rows
    // modified in place: same name, new object
    const b2 = podRow('b', { status: 'Running' }, '2')
    map.set(b2.uid, b2)
    // added
    const c = podRow('c')
    map.set(c.uid, c)
    // deleted
    map.delete(podRow('f').uid)
    // filtered out by a change
    const d2 = podRow('d', { status: 'hidden' }, '3')
    map.set(d2.uid, d2)
    const v = idx.version
    expect(idx.apply([b2.uid, c.uid, podRow('f').uid, d2.uid], (u) => map.get(u), map.size)).toBe(true)
    expect(idx.version).toBe(v + 1)
    expect(idx.rows).toBe(before)
    expect(names(idx.rows)).toEqual(['a', 'b', 'c'])
    expect(idx.rows[1]).toBe(b2)
  })

  it('keeps order under random churn equal to a fresh sort', () => {
    let seed = 42
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const map = new Map<string, RowDto>()
    const byStatus = (a: RowDto, b: RowDto): number => String(a.cells.status).localeCompare(String(b.cells.status))
    const idx = createRowIndex(byStatus, () => true)
    idx.rebuild(map.values())
    for (let round = 0; round < 200; round++) {
      const changed: string[] = []
      for (let i = 0; i < 5; i++) {
        const name = `p${rand(60)}`
        const uid = podRow(name).uid
        if (rand(4) === 0) map.delete(uid)
        else map.set(uid, podRow(name, { status: `s${rand(7)}` }, String(round)))
        changed.push(uid)
      }
      idx.apply(changed, (u) => map.get(u), map.size)
    }
    const fresh = createRowIndex(byStatus, () => true)
    fresh.rebuild(map.values())
    expect(idx.rows.map((r) => r.uid)).toEqual(fresh.rows.map((r) => r.uid))
    expect(idx.rows.length).toBe(map.size)
  })

  it('rebuilds instead of splicing when a batch touches most rows', () => {
    const map = new Map<string, RowDto>()
    for (let i = 0; i < 1000; i++) {
      const r = podRow(`p${String(i).padStart(4, '0')}`)
      map.set(r.uid, r)
    }
    const idx = createRowIndex(byName, () => true)
    idx.rebuild(map.values())
    const before = idx.rows
    const uids = [...map.keys()].slice(0, 600)
    for (const u of uids) map.delete(u)
    idx.apply(uids, (u) => map.get(u), map.size)
    expect(idx.rows).not.toBe(before)
    expect(idx.rows.length).toBe(400)
  })
})
