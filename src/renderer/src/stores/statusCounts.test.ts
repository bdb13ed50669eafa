import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../shared/dto/row.ts'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { createListStore, listKey } from './listStore.ts'
import type { DeltaOp } from './listStore.ts'
import { chipColumn, createStatusCounts } from './statusCounts.ts'
import { podRow } from './testRows.ts'

const STATUSES = ['Running', 'Pending', 'CrashLoopBackOff', 'Completed', 'ContainerCreating']
const pod = (n: number, status: string, rv: string): RowDto => ({ ...podRow(`p${n}`, { status, ready: status === 'Running' ? '1/1' : '0/1' }, rv), extra: {} })

/** Counts by a plain recount: the independent expectation. */
function recount(rows: Iterable<RowDto>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of rows) {
    const s = String(r.cells.status)
    out[s] = (out[s] ?? 0) + 1
  }
  return out
}

describe('statusCounts', () => {
  it("chips come from STATUS, or an event's TYPE; none for kinds without either", () => {
    expect(chipColumn(kindDef('pods'))).toBe('status')
    expect(chipColumn(kindDef('nodes'))).toBe('status')
    expect(chipColumn(kindDef('events'))).toBe('type')
    expect(chipColumn(kindDef('deployments'))).toBeNull()
  })

  it('stays equal to a recount under random churn, snapshots included', () => {
    const s = createListStore()
    const key = listKey('demo', 'pods', '')
    s.openList(key)
    const counts = createStatusCounts(kindDef('pods'))
    let seed = 7
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    s.replaceAll(
      key,
      Array.from({ length: 50 }, (_, i) => pod(i, STATUSES[rand(5)], '1')),
      { health: 'live' }
    )
    for (let round = 0; round < 300; round++) {
      if (round % 97 === 50) {
        s.replaceAll(
          key,
          Array.from({ length: 40 }, (_, i) => pod(i * 2, STATUSES[rand(5)], String(round))),
          {}
        )
      } else {
        const ops: DeltaOp[] = []
        for (let i = 0; i < 4; i++) {
          const n = rand(80)
          ops.push(rand(5) === 0 ? { type: 'deleted', row: pod(n, 'Running', '0') } : { type: 'modified', row: pod(n, STATUSES[rand(5)], String(round)) })
        }
        s.applyFrame(new Map([[key, ops]]))
      }
      // Sync only now and then: catching up over several batches must work too.
      if (rand(3) === 0) counts.sync(s.data(key)!, s.store.getState().meta[key].version)
    }
    counts.sync(s.data(key)!, s.store.getState().meta[key].version)
    const rows = [...s.data(key)!.rows.values()]
    expect(Object.fromEntries(counts.counts)).toEqual(recount(rows))
    // Problems: CrashLoopBackOff and not-ready/pending states (by STATUS colour, no projector class here).
    expect(counts.problems).toBe(rows.filter((r) => ['Pending', 'CrashLoopBackOff', 'ContainerCreating'].includes(String(r.cells.status))).length)
  })

  it('a batch that changes nothing keeps the version', () => {
    const s = createListStore()
    const key = listKey('demo', 'pods', '')
    s.openList(key)
    s.replaceAll(key, [pod(1, 'Running', '1')], {})
    const counts = createStatusCounts(kindDef('pods'))
    counts.sync(s.data(key)!, 1)
    const v = counts.version
    counts.sync(s.data(key)!, 1)
    expect(counts.version).toBe(v)
    expect(counts.counts.get('Running')).toBe(1)
  })
})
