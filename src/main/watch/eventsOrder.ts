/**
 * Events are special (spec §4): their snapshot and polled list are sorted newest first by last
 * seen time, the same way in both places; their deltas go out raw. They are never capped: a view
 * holds every event the apiserver has, like any other kind (a silent cap of 200 hid most events
 * of a busy cluster and made a filter say "no events match" where kubectl showed some).
 *
 * Why sorted at the source: the polled fallback must show exactly what the stream's snapshot
 * shows, and a bounded copy (the offline cache keeps at most 20,000 rows per list) must keep the
 * newest events, not an arbitrary 20,000.
 */
import type { RowDto } from '../../shared/dto/row.ts'

/** When the event was last seen: the LAST SEEN cell, else the row's creation time. */
function lastSeen(row: RowDto): number {
  const v = row.cells.lastSeen
  const t = typeof v === 'string' ? Date.parse(v) : NaN
  if (Number.isFinite(t)) return t
  const c = Date.parse(row.createdAt)
  return Number.isFinite(c) ? c : 0
}

/**
 * All events, newest first. Ties break on name so the order is stable across calls.
 * @returns a new array; the input is not modified.
 */
export function newestEvents(rows: readonly RowDto[]): RowDto[] {
  const keyed = rows.map((row) => ({ row, t: lastSeen(row) }))
  keyed.sort((a, b) => b.t - a.t || (a.row.name < b.row.name ? -1 : a.row.name > b.row.name ? 1 : 0))
  return keyed.map((k) => k.row)
}
