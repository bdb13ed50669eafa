/**
 * Reading a list's change log (listStore `ListData.log`) from a version a consumer has seen.
 *
 * Why: several consumers of one list (a table's rows, the status counts) each catch up at their
 * own pace; all must tell "these uids changed" from "start again" (a snapshot, a poll, or a gap
 * past the log's length) the same way.
 */
import type { ListData } from './listStore.ts'

export type Changes = { readonly reset: true } | { readonly reset: false; readonly uids: ReadonlySet<string> }

const NOTHING: Changes = { reset: false, uids: new Set() }

/** What changed after version `seen` up to `version` (nothing when `version <= seen`). */
export function changesSince(data: ListData, seen: number, version: number): Changes {
  if (version <= seen) return NOTHING
  const batches = data.log.filter((b) => b.version > seen && b.version <= version)
  if (batches.length === 0 || batches[0].version !== seen + 1 || batches.some((b) => b.reset)) return { reset: true }
  const uids = new Set<string>()
  for (const b of batches) for (const u of b.uids) uids.add(u)
  return { reset: false, uids }
}
