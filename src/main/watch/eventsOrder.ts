/**
 * Events are special (spec §4): their snapshot and polled list are sorted newest first by last
 * seen time and capped, the same way in both places; their deltas go out raw.
 *
 * Why: a busy cluster keeps thousands of Event objects; a view wants the recent ones, and the
 * polled fallback must show exactly what the stream's snapshot shows.
 */
import type { RowDto } from '../../shared/dto/row.ts'

/** The default cap of the events snapshot and polled list (spec §4: 200, as the polled list). */
export const EVENTS_CAP = 200

/** When the event was last seen: the LAST SEEN cell, else the row's creation time. */
function lastSeen(row: RowDto): number {
  const v = row.cells.lastSeen
  const t = typeof v === 'string' ? Date.parse(v) : NaN
  if (Number.isFinite(t)) return t
  const c = Date.parse(row.createdAt)
  return Number.isFinite(c) ? c : 0
}

/**
 * Newest first, at most `cap` rows. Ties break on name so the order is stable across calls.
 * @returns a new array; the input is not modified.
 */
export function newestEvents(rows: readonly RowDto[], cap: number = EVENTS_CAP): RowDto[] {
  const keyed = rows.map((row) => ({ row, t: lastSeen(row) }))
  keyed.sort((a, b) => b.t - a.t || (a.row.name < b.row.name ? -1 : a.row.name > b.row.name ? 1 : 0))
  return keyed.slice(0, Math.max(0, cap)).map((k) => k.row)
}
