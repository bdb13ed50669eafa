/**
 * The rows one table shows, in order, kept up to date from the list store's change log — or held
 * still while the user pauses the view.
 *
 * Why: a table needs three things the raw list does not give: its own sorted, filtered order
 * updated incrementally (rowIndex), the uids that just changed (a short highlight), and a pause
 * that freezes what is on screen while counting what is waiting ("N changes — show").
 * Lifecycle: `sync()` on every render with the list's current version; a new sort/filter (`sig`)
 * rebuilds; each later version applies the log's batches, or rebuilds after a snapshot/poll
 * (`reset`) or a gap in the log. While paused nothing is applied: changed uids are collected and
 * applied in one go when the pause ends.
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
   * @param sig identifies the sort and filter; a new one rebuilds with `make()`.
   */
  sync(data: ListData, listVersion: number, sig: string, make: () => RowIndex, paused: boolean): void
}

/** Create the rows of one table. */
export function createViewRows(): ViewRows {
  let index: RowIndex | null = null
  let sig = ''
  let seen = 0
  let held = new Set<string>()
  let heldReset = false
  let recent: ReadonlySet<string> = NONE

  const vr = {
    get rows(): readonly RowDto[] { return index?.rows ?? [] },
    get version(): number { return index?.version ?? -1 },
    get recent(): ReadonlySet<string> { return recent },
    get held() { return { count: held.size, replaced: heldReset } },
    indexOf: (uid: string): number => index?.indexOf(uid) ?? -1,
    sync(data: ListData, listVersion: number, nextSig: string, make: () => RowIndex, paused: boolean): void {
      if (!index || sig !== nextSig) {
        index = make()
        index.rebuild(data.rows.values())
        sig = nextSig
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
      if (heldReset) {
        index.rebuild(data.rows.values())
        recent = NONE
      } else {
        index.apply(held, (u) => data.rows.get(u), data.rows.size)
        recent = held
      }
      held = new Set()
      heldReset = false
    }
  }
  return vr
}
