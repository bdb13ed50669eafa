/**
 * The sorted, filtered rows of a list for one table, updated incrementally per committed batch
 * (see stores/viewRows.ts), or held still while `paused`.
 *
 * Lifecycle: a new sort, filter or list key rebuilds once (user-initiated); each later store
 * version applies only the uids its change log names; while paused, changes are counted and
 * applied together when the pause ends.
 */
import { useMemo, useRef } from 'react'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import type { ListData } from '../stores/listStore.ts'
import { createRowIndex } from '../stores/rowIndex.ts'
import type { Predicate } from '../stores/rowIndex.ts'
import { compareFor } from '../stores/rowQuery.ts'
import type { SortSpec } from '../stores/rowQuery.ts'
import { createViewRows } from '../stores/viewRows.ts'
import type { ViewRows } from '../stores/viewRows.ts'

export interface ListViewRows {
  /** Rows in display order (a mutable array: `indexVersion` changes when it does). */
  readonly rows: readonly RowDto[]
  readonly indexVersion: number
  readonly recent: ReadonlySet<string>
  readonly held: { readonly count: number; readonly replaced: boolean }
  indexOf(uid: string): number
}

const EMPTY: ListViewRows = { rows: [], indexVersion: -1, recent: new Set(), held: { count: 0, replaced: false }, indexOf: () => -1 }

/**
 * @param data the list's rows and change log (a cluster's list, or several merged); `key` names it.
 * @param version the list meta's version (re-run when it changes).
 * @param filterKey identifies `predicate` (the filter text); a new one rebuilds.
 * @param predicate the rows to show (null = all).
 */
export function useListView(
  data: ListData | undefined,
  key: string,
  version: number,
  columns: readonly ColumnDef[],
  sort: SortSpec,
  filterKey: string,
  predicate: Predicate | null,
  paused: boolean
): ListViewRows {
  const ref = useRef<ViewRows | null>(null)
  return useMemo(() => {
    if (!data) return EMPTY
    const vr = (ref.current ??= createViewRows())
    const cmp = compareFor(sort, columns)
    vr.sync(
      data,
      version,
      {
        sort: `${key}\n${sort.column}\n${sort.dir}`,
        filter: filterKey,
        makeFull: () => createRowIndex(cmp, () => true),
        makeView: predicate ? () => createRowIndex(cmp, predicate) : null
      },
      paused
    )
    return { rows: vr.rows, indexVersion: vr.version, recent: vr.recent, held: vr.held, indexOf: vr.indexOf }
  }, [data, key, version, columns, sort, filterKey, predicate, paused])
}
