/**
 * The rows one table shows, in order, kept up to date from the list store's change log — or held
 * still while the user pauses the view.
 *
 * Why: a table needs three things the raw list does not give: its own sorted, filtered order
 * updated incrementally (rowIndex), the uids that just changed (a short highlight), and a pause
 * that freezes what is on screen while counting what is waiting ("N changes — show").
 * Two indexes when a filter is set: every row (`full`), and the filtered view; a new filter then
 * only filters `full` (no re-sort: at 150k rows the sort is the slow part), and a cleared filter
 * shows `full` at once. A new sort under a filter re-sorts only the view; `full` stays in the
 * order it had (still a complete, current index: deltas reach it in its own order) until
 * `settle()` brings it to the new sort in idle time, or a filter change needs it first (a new
 * filter then filters and sorts only the rows it keeps; a cleared one re-sorts `full`).
 * Lifecycle: `sync()` on every render with the list's current version; a new sort rebuilds the
 * shown index, a new filter the view; each later version applies the log's batches to both, or
 * rebuilds after a snapshot/poll (`reset`) or a gap in the log. While paused nothing is applied:
 * changed uids are collected and applied in one go when the pause ends. `settle()` when idle.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import { changesSince } from './changeLog.ts'
import type { ListData } from './listStore.ts'
import type { RowIndex } from './rowIndex.ts'

const NONE: ReadonlySet<string> = new Set()

export interface ViewRows {
  /** Rows in display order (mutable array; `version` changes when it does). */
  readonly rows: readonly RowDto[]
  readonly version: number
  /** Rows changed by the last update applied (empty after a rebuild). */
  readonly recent: ReadonlySet<string>
  /** Distinct rows changed while paused; `replaced` when the whole list was replaced meanwhile. */
  readonly held: { readonly count: number; readonly replaced: boolean }
  indexOf(uid: string): number
  /**
   * Bring the rows up to `listVersion`.
   * @param order `sort` identifies the sort (a new one rebuilds with `makeFull`), `filter` the
   *   filter (a new one rebuilds the view with `makeView`, null for no filter).
   */
  sync(data: ListData, listVersion: number, order: ViewOrder, paused: boolean): void
  /** True while the full order is not yet in the current sort (a sort changed under a filter). */
  readonly unsettled: boolean
  /** Bring the full order to the current sort (the slow re-sort a filtered sort change put off). */
  settle(): void
}

/** How the table orders and filters its rows. */
export interface ViewOrder {
  readonly sort: string
  readonly filter: string
  /** An index of every row in the sort's order. */
  readonly makeFull: () => RowIndex
  /** An index of the rows the filter keeps, in the same order; null = no filter. */
  readonly makeView: (() => RowIndex) | null
}

/** Create the rows of one table. */
export function createViewRows(): ViewRows {
  let full: RowIndex | null = null
  let index: RowIndex | null = null
  let sortSig = ''
  /** The sort `full` is in: behind `sortSig` after a sort change under a filter, until settled. */
  let fullSort = ''
  let makeFull: (() => RowIndex) | null = null
  let filterSig = ''
  let seen = 0
  let held = new Set<string>()
  let heldReset = false
  let recent: ReadonlySet<string> = NONE
  let lastData: ListData | null = null

  /**
   * Apply every change since `seen` (held while paused included) to the full order and the
   * filtered view; false when only a rebuild can (a snapshot, a gap in the log).
   */
  function catchUp(f: RowIndex, data: ListData, listVersion: number): boolean {
    if (listVersion > seen) {
      const ch = changesSince(data, seen, listVersion)
      if (ch.reset) heldReset = true
      else for (const u of ch.uids) held.add(u)
    }
    if (heldReset) return false
    const lookup = (u: string): RowDto | undefined => data.rows.get(u)
    if (held.size > 0) {
      f.apply(held, lookup, data.rows.size)
      if (index && index !== f) index.apply(held, lookup, data.rows.size)
    }
    return true
  }

  /** Re-sort `full` into the current sort, taking its rows and uid map over (no filter pass). */
  function reorderFull(make: () => RowIndex, sort: string): void {
    const next = make()
    next.takeOver(full!)
    full = next
    fullSort = sort
  }

  const vr = {
    get rows(): readonly RowDto[] {
      return index?.rows ?? []
    },
    get version(): number {
      return index?.version ?? -1
    },
    get recent(): ReadonlySet<string> {
      return recent
    },
    get held() {
      return { count: held.size, replaced: heldReset }
    },
    indexOf: (uid: string): number => index?.indexOf(uid) ?? -1,
    get unsettled(): boolean {
      return full !== null && fullSort !== sortSig
    },
    settle(): void {
      if (full && makeFull && fullSort !== sortSig) reorderFull(makeFull, sortSig)
    },
    sync(data: ListData, listVersion: number, order: ViewOrder, paused: boolean): void {
      const sameList = data === lastData
      const newSort = !full || !sameList || sortSig !== order.sort
      if (newSort || !index || filterSig !== order.filter) {
        // The full order is behind (paused, or changes since): bring it up to date, by its deltas
        // when the log has them (at 150k rows a rebuild is a re-sort, the slow part).
        const current = full !== null && sameList && catchUp(full, data, listVersion)
        // A new sort under the same filter re-sorts the filtered rows it has (no filter pass).
        const oldView = current && filterSig === order.filter && index !== full ? index : null
        if (!current) {
          full = order.makeFull()
          full.rebuild(data.rows.values())
          fullSort = order.sort
        } else if (fullSort !== order.sort && !order.makeView) reorderFull(order.makeFull, order.sort)
        if (order.makeView) {
          const view = order.makeView()
          if (oldView) view.takeOver(oldView)
          else if (fullSort === order.sort) view.rebuildSorted(full!.rows)
          else view.rebuild(full!.rows)
          index = view
        } else index = full
        sortSig = order.sort
        makeFull = order.makeFull
        filterSig = order.filter
        lastData = data
        seen = listVersion
        held = new Set()
        heldReset = false
        recent = NONE
        return
      }
      if (listVersion > seen) {
        const ch = changesSince(data, seen, listVersion)
        if (ch.reset) heldReset = true
        else for (const u of ch.uids) held.add(u)
        seen = listVersion
      }
      if (paused || (held.size === 0 && !heldReset)) return
      const f = full!
      if (heldReset) {
        f.rebuild(data.rows.values())
        if (index !== f) {
          if (fullSort === sortSig) index.rebuildSorted(f.rows)
          else index.rebuild(f.rows)
        }
        recent = NONE
      } else {
        const lookup = (u: string): RowDto | undefined => data.rows.get(u)
        f.apply(held, lookup, data.rows.size)
        if (index !== f) index.apply(held, lookup, data.rows.size)
        recent = held
      }
      held = new Set()
      heldReset = false
    }
  }
  return vr
}
