/**
 * The sorted, filtered rows of a list for a table, updated incrementally per committed batch.
 *
 * Lifecycle: a new sort, filter or list key rebuilds the index once (user-initiated); each
 * later store version applies only the uids its change log names, or rebuilds after a snapshot,
 * a poll, or a gap in the log (a render that skipped versions past the log's length).
 */
import { useMemo, useRef } from 'react'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import { lists } from '../stores/listStore.ts'
import { createRowIndex } from '../stores/rowIndex.ts'
import type { RowIndex } from '../stores/rowIndex.ts'
import { compareFor, filterFor } from '../stores/rowQuery.ts'
import type { SortSpec } from '../stores/rowQuery.ts'

interface Cache {
  readonly sig: string
  readonly index: RowIndex
  seen: number
}

/**
 * @param version the list meta's version (re-run when it changes).
 * @returns rows in display order (a mutable array: `indexVersion` changes when it does).
 */
export function useListView(key: string, version: number, columns: readonly ColumnDef[], sort: SortSpec, filter: string): { rows: readonly RowDto[]; indexVersion: number } {
  const cache = useRef<Cache | null>(null)
  return useMemo(() => {
    const data = lists.data(key)
    const sig = `${key}\n${sort.column}\n${sort.dir}\n${filter}`
    let c = cache.current
    if (!data) return { rows: [], indexVersion: -1 }
    if (!c || c.sig !== sig) {
      const index = createRowIndex(compareFor(sort, columns), filterFor(filter) ?? (() => true))
      index.rebuild(data.rows.values())
      c = { sig, index, seen: version }
      cache.current = c
    } else if (version > c.seen) {
      const batches = data.log.filter((b) => b.version > c!.seen && b.version <= version)
      const gap = batches.length === 0 || batches[0].version !== c.seen + 1
      if (gap || batches.some((b) => b.reset)) c.index.rebuild(data.rows.values())
      else {
        const uids = new Set<string>()
        for (const b of batches) for (const u of b.uids) uids.add(u)
        c.index.apply(uids, (u) => data.rows.get(u), data.rows.size)
      }
      c.seen = version
    }
    return { rows: c.index.rows, indexVersion: c.index.version }
  }, [key, version, columns, sort, filter])
}
