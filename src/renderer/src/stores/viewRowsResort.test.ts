import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { createListStore, listKey } from './listStore.ts'
import type { DeltaOp } from './listStore.ts'
import { createRowIndex } from './rowIndex.ts'
import { compareFor } from './rowQuery.ts'
import type { SortSpec } from './rowQuery.ts'
import { podRow } from './testRows.ts'
import { createViewRows } from './viewRows.ts'

const pods = kindDef('pods')
const STATUSES = ['Running', 'Pending', 'Error', 'Completed']

/** Rows with ties on every sortable column but uid (same names in two namespaces, repeated statuses and restarts). */
function rows(rv = '1'): RowDto[] {
  const out: RowDto[] = []
  for (const ns of ['b-ns', 'a-ns']) {
    for (let i = 0; i < 30; i++) {
      out.push(
        podRow(
          `web-${(i * 7) % 30}`,
          { status: STATUSES[i % 4], restarts: i % 3 === 0 ? `${i % 5} (3m ago)` : i % 5, age: `2024-01-0${1 + (i % 9)}T00:00:00Z` },
          rv,
          ns
        )
      )
    }
  }
  return out
}

/**
 * The order a reader expects, written out independently of rowQuery: the column (numbers by
 * their leading number, ages youngest first), then namespace, then name, then uid — the whole
 * tuple reversed for a descending sort.
 */
function oracle(all: readonly RowDto[], spec: SortSpec): string[] {
  const tuple = (r: RowDto): (number | string)[] => {
    const v = spec.column === 'name' ? r.name : spec.column === 'namespace' ? r.namespace : r.cells[spec.column]
    const primary: (number | string)[] =
      spec.column === 'restarts' ? [parseFloat(String(v)), String(v)] : spec.column === 'age' ? [-Date.parse(String(v)), ''] : [0, String(v)]
    return [...primary, r.namespace, r.name, r.uid]
  }
  const cmp = (a: RowDto, b: RowDto): number => {
    const x = tuple(a)
    const y = tuple(b)
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1
    return 0
  }
  const sorted = [...all].sort(cmp)
  return (spec.dir === 'desc' ? sorted.reverse() : sorted).map((r) => r.uid)
}

function setup() {
  const s = createListStore()
  const key = listKey('demo', 'pods', '')
  s.openList(key)
  s.replaceAll(key, rows(), { health: 'live' })
  const vr = createViewRows()
  const sync = (spec: SortSpec, filter = ''): void => {
    const cmp = compareFor(spec, pods.columns)
    const pred = filter ? (r: RowDto) => r.cells.status === filter : null
    vr.sync(
      s.data(key)!,
      s.store.getState().meta[key].version,
      {
        sort: `${spec.column} ${spec.dir}`,
        filter,
        makeFull: () => createRowIndex(cmp, () => true),
        makeView: pred ? () => createRowIndex(cmp, pred) : null
      },
      false
    )
  }
  const churn = (n: number): void => {
    const cur = [...s.data(key)!.rows.values()]
    const ops: DeltaOp[] = cur
      .slice(0, n)
      .map((r, i) => ({ type: 'modified', row: { ...r, resourceVersion: '2', cells: { ...r.cells, status: STATUSES[(i + 1) % 4], restarts: (i * 3) % 7 } } }))
    ops.push(
      { type: 'deleted', row: cur[n] },
      { type: 'added', row: podRow('new-0', { status: 'Pending', restarts: 1, age: '2024-02-01T00:00:00Z' }, '3', 'c-ns') }
    )
    s.applyFrame(new Map([[key, ops]]))
  }
  const all = (): RowDto[] => [...s.data(key)!.rows.values()]
  /** The rows the filter of `sync` keeps: those in this status. */
  const withStatus = (status: string): RowDto[] => all().filter((r) => r.cells.status === status)
  return { s, key, vr, sync, churn, all, withStatus }
}

describe('viewRows re-sorts', () => {
  const specs: SortSpec[] = [
    { column: 'status', dir: 'asc' },
    { column: 'status', dir: 'desc' },
    { column: 'restarts', dir: 'asc' },
    { column: 'restarts', dir: 'desc' },
    { column: 'age', dir: 'asc' },
    { column: 'name', dir: 'desc' },
    { column: 'namespace', dir: 'asc' }
  ]

  it('a sort change (from any sort, with deltas since the last render) gives the same order as a full sort', () => {
    const { vr, sync, churn, all } = setup()
    let prev: SortSpec = { column: 'namespace', dir: 'asc' }
    sync(prev)
    for (const spec of specs) {
      churn(7)
      sync(spec)
      expect(
        vr.rows.map((r) => r.uid),
        `${prev.column} ${prev.dir} → ${spec.column} ${spec.dir}`
      ).toEqual(oracle(all(), spec))
      prev = spec
    }
  })

  it('under a filter, a sort change and a filter change with deltas pending keep the filtered order exact', () => {
    const { vr, sync, churn, all, withStatus } = setup()
    sync({ column: 'name', dir: 'asc' }, 'Running')
    churn(11)
    sync({ column: 'restarts', dir: 'desc' }, 'Running')
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(withStatus('Running'), { column: 'restarts', dir: 'desc' }))
    churn(5)
    sync({ column: 'restarts', dir: 'desc' }, 'Pending')
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(withStatus('Pending'), { column: 'restarts', dir: 'desc' }))
    churn(3)
    sync({ column: 'restarts', dir: 'desc' })
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(all(), { column: 'restarts', dir: 'desc' }))
    // Later deltas still land in place (the uid map moved with the rows).
    churn(9)
    sync({ column: 'restarts', dir: 'desc' })
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(all(), { column: 'restarts', dir: 'desc' }))
    expect(vr.indexOf(vr.rows[17].uid)).toBe(17)
  })

  it('a sort change under a filter re-sorts only the view; the full order follows on settle(), or when a filter change needs it first', () => {
    const { s: store, key, vr, sync, churn, all, withStatus } = setup()
    sync({ column: 'namespace', dir: 'asc' }, 'Running')
    expect(vr.unsettled).toBe(false)
    // Sort changes under the filter, deltas between: the view is exact each time, the full order waits.
    for (const spec of specs.slice(0, -1)) {
      churn(7)
      sync(spec, 'Running')
      expect(
        vr.rows.map((r) => r.uid),
        `${spec.column} ${spec.dir}`
      ).toEqual(oracle(withStatus('Running'), spec))
    }
    expect(vr.unsettled).toBe(true)
    // Deltas still reach the unsettled full order (in its own order): clearing the filter shows every row, exact.
    churn(13)
    const last = specs.at(-2)!
    sync(last)
    expect(vr.unsettled).toBe(false)
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(all(), last))
    // Back to the sort the full order is in: nothing to settle.
    sync({ column: 'namespace', dir: 'asc' }, 'Running')
    sync({ column: 'name', dir: 'desc' }, 'Running')
    expect(vr.unsettled).toBe(false)

    // settle() in idle time: the full order is in the view's sort, and a cleared filter shows it as is.
    const age = { column: 'age', dir: 'asc' } as const
    sync({ column: 'restarts', dir: 'asc' }, 'Pending')
    sync(age, 'Pending')
    expect(vr.unsettled).toBe(true)
    churn(3)
    vr.settle()
    expect(vr.unsettled).toBe(false)
    churn(4)
    sync(age)
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(all(), age))
    expect(vr.indexOf(vr.rows[9].uid)).toBe(9)

    // Unsettled, then another filter: the new view is filtered and sorted from the rows the full order has.
    const status = { column: 'status', dir: 'desc' } as const
    sync(status, 'Error')
    sync({ column: 'name', dir: 'asc' }, 'Error')
    expect(vr.unsettled).toBe(true)
    churn(6)
    sync({ column: 'name', dir: 'asc' }, 'Completed')
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(withStatus('Completed'), { column: 'name', dir: 'asc' }))
    // A whole new list (a relist's snapshot) while unsettled: the view is rebuilt in its own sort.
    const fresh = all().map((r, i) => ({ ...r, resourceVersion: '9', cells: { ...r.cells, status: STATUSES[(i + 2) % 4] } }))
    store.replaceAll(key, fresh, { health: 'live' })
    sync({ column: 'name', dir: 'asc' }, 'Completed')
    expect(vr.rows.map((r) => r.uid)).toEqual(oracle(withStatus('Completed'), { column: 'name', dir: 'asc' }))
  })
})
