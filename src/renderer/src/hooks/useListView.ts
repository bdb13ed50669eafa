/**
 * The sorted, filtered rows of a list for one table, updated incrementally per committed batch
 * (see stores/viewRows.ts), or held still while `paused`.
 *
 * Lifecycle: a new sort, filter or list key rebuilds once (user-initiated); each later store
 * version applies only the uids its change log names; while paused, changes are counted and
 * applied together when the pause ends. A sort change under a filter re-sorts only the filtered
 * rows; the full order follows when the renderer is idle (`settle`), so clearing the filter later
 * finds it ready.
 */
import { useEffect, useMemo, useRef } from 'react'
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

/**
 * Longest wait for an idle moment before the full order is re-sorted anyway (~85 ms at 150k
 * rows): a table under a constant 5,000 ev/s churn may never be idle, and clearing the filter
 * would then pay that re-sort.
 */
const SETTLE_TIMEOUT_MS = 2_000

/** requestIdleCallback where the platform has it (Chromium, Electron); a timer elsewhere (jsdom). */
function whenIdle(fn: () => void): () => void {
  const g = globalThis as { requestIdleCallback?: (f: () => void, o: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void }
  if (g.requestIdleCallback && g.cancelIdleCallback) {
    const id = g.requestIdleCallback(fn, { timeout: SETTLE_TIMEOUT_MS })
    const cancel = g.cancelIdleCallback
    return () => cancel(id)
  }
  const t = setTimeout(fn, 50)
  return () => clearTimeout(t)
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
  const view = useMemo(() => {
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
  const unsettled = ref.current?.unsettled ?? false
  useEffect(() => {
    if (!unsettled) return
    return whenIdle(() => ref.current?.settle())
  }, [unsettled, sort, filterKey])
  return view
}
