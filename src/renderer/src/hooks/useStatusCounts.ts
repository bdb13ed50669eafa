/**
 * Live per-status counts of a list, and of its problem rows (stores/statusCounts.ts), caught up
 * with the list's change log on each new version.
 *
 * Lifecycle: one counter per list key, created on first use; counts every row of the list (the
 * filter and a pause do not change them: they describe the cluster, not the view).
 */
import { useMemo, useRef } from 'react'
import type { AnyKindDef } from '../../../shared/kinds/anyKind.ts'
import type { ListData } from '../stores/listStore.ts'
import { chipColumn, createStatusCounts } from '../stores/statusCounts.ts'
import type { StatusCounts } from '../stores/statusCounts.ts'

export interface StatusCountsView {
  /** The chip column, or null when the kind has none. */
  readonly column: string | null
  readonly counts: ReadonlyMap<string, number>
  readonly problems: number
}

const NONE: ReadonlyMap<string, number> = new Map()

/**
 * @param data the list's rows and change log; `key` names it (a new key counts afresh).
 * @param version the list meta's version.
 */
export function useStatusCounts(data: ListData | undefined, key: string, version: number, kind: AnyKindDef): StatusCountsView {
  const ref = useRef<{ key: string; counts: StatusCounts } | null>(null)
  return useMemo(() => {
    const column = chipColumn(kind)
    if (!data) return { column, counts: NONE, problems: 0 }
    if (!ref.current || ref.current.key !== key) ref.current = { key, counts: createStatusCounts(kind) }
    const c = ref.current.counts
    c.sync(data, version)
    return { column, counts: c.counts, problems: c.problems }
  }, [data, key, version, kind])
}
