/**
 * Live counts per status of one list (the chips above a table: "CrashLoopBackOff 521 ·
 * Pending 244 · …") and of its problem rows, kept up to date incrementally.
 *
 * Why incremental: at 150k pods a recount per frame would cost ~10 ms; a delta touches a few
 * rows, so each changed uid moves one count from its old status to its new one. Only a snapshot,
 * a poll or a log gap recounts everything.
 * Lifecycle: `sync()` with the list's current version on each render that has a newer one.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import { changesSince } from './changeLog.ts'
import type { ListData } from './listStore.ts'
import { isProblem } from './statusClass.ts'

/** The column whose values become chips: STATUS where the kind has one, an event's TYPE. */
export function chipColumn(kind: AnyKindDef): string | null {
  if (kind.columns.some((c) => c.id === 'status' && c.type === 'status')) return 'status'
  if (kind.id === 'events') return 'type'
  return null
}

export interface StatusCounts {
  /** Value → rows with it, for the chip column (empty when the kind has none). */
  readonly counts: ReadonlyMap<string, number>
  readonly problems: number
  /** Bumped when any count changed. */
  readonly version: number
  sync(data: ListData, listVersion: number): void
}

/** Counts for one list of `kind`. */
export function createStatusCounts(kind: AnyKindDef): StatusCounts {
  const column = chipColumn(kind)
  const counts = new Map<string, number>()
  /** uid → the status it is counted under (and whether it counts as a problem). */
  const placed = new Map<string, { status: string; problem: boolean }>()
  let problems = 0
  let seen = -1
  let version = 0

  const statusOf = (row: RowDto): string => {
    if (!column) return ''
    const v = row.cells[column]
    return v === null || v === undefined ? '' : String(v)
  }
  const add = (status: string, n: number): void => {
    if (!column) return
    const c = (counts.get(status) ?? 0) + n
    if (c > 0) counts.set(status, c)
    else counts.delete(status)
  }
  const put = (uid: string, row: RowDto | undefined): void => {
    const prev = placed.get(uid)
    if (prev) {
      add(prev.status, -1)
      if (prev.problem) problems--
      placed.delete(uid)
    }
    if (!row) return
    const next = { status: statusOf(row), problem: isProblem(row) }
    add(next.status, 1)
    if (next.problem) problems++
    placed.set(uid, next)
  }

  return {
    get counts() {
      return counts
    },
    get problems() {
      return problems
    },
    get version() {
      return version
    },
    sync(data, listVersion) {
      if (listVersion === seen) return
      const ch = seen < 0 ? { reset: true as const } : changesSince(data, seen, listVersion)
      seen = listVersion
      if (ch.reset) {
        counts.clear()
        placed.clear()
        problems = 0
        for (const [uid, row] of data.rows) put(uid, row)
      } else {
        if (ch.uids.size === 0) return
        for (const uid of ch.uids) put(uid, data.rows.get(uid))
      }
      version++
    }
  }
}
