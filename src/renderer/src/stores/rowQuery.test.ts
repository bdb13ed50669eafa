import { describe, expect, it } from 'vitest'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { compareFor } from './rowQuery.ts'
import { podRow } from './testRows.ts'

describe('rowQuery', () => {
  const cols = kindDef('pods').columns
  it('sorts numbers numerically and ages youngest first', () => {
    const rows = [podRow('a', { restarts: 10 }), podRow('b', { restarts: 2 }), podRow('c', { restarts: '3 (5m ago)' })]
    expect(rows.sort(compareFor({ column: 'restarts', dir: 'asc' }, cols)).map((r) => r.name)).toEqual(['b', 'c', 'a'])
    const old = podRow('old', { age: '2020-01-01T00:00:00Z' })
    const young = podRow('young', { age: '2024-01-01T00:00:00Z' })
    expect([old, young].sort(compareFor({ column: 'age', dir: 'asc' }, cols))[0]).toBe(young)
    expect([young, old].sort(compareFor({ column: 'name', dir: 'desc' }, cols))[0]).toBe(young)
  })
})
