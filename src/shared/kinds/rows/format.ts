/**
 * Formatting of row cells as kubectl prints them (the simulator's `as=Table` output, and the
 * renderer's text). Ages follow apimachinery's `duration.HumanDuration`, ported line by line
 * (k8s.io/apimachinery/pkg/util/duration), including its 2-second tolerance for clock skew.
 *
 * Row DTOs keep time columns as ISO timestamps so views can tick them; this module turns a row
 * into the exact strings `kubectl get -o wide` shows at a given `nowMs`.
 */
import type { ColumnDef, KindDef } from '../registry.ts'
import type { CellValue, RowDto } from '../../dto/row.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Go's integer conversion of a float: truncation toward zero. */
const trunc = Math.trunc

/**
 * `duration.HumanDuration`: ~2–3 significant figures. 0s…119s, 2m…9m59s (`3m20s`), 10m…179m,
 * 3h…7h59m (`3h10m`), 8h…47h, 2d…7d23h (`2d5h`), 8d…729d, 2y…7y364d (`3y20d`), then `8y`.
 * Less than −1 s (clock skew beyond tolerance) is `<invalid>`.
 * @param ms a duration in milliseconds.
 */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = trunc(ms / MINUTE)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = trunc(ms / HOUR)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365
    const y = trunc(hours / 24 / 365)
    return dy === 0 ? `${y}y` : `${y}y${dy}d`
  }
  return `${trunc(hours / 24 / 365)}y`
}

/** `duration.ShortHumanDuration`: one unit only (`59s`, `1m`, `23h`, `364d`, `2y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60) return `${seconds}s`
  const minutes = trunc(ms / MINUTE)
  if (minutes < 60) return `${minutes}m`
  const hours = trunc(ms / HOUR)
  if (hours < 24) return `${hours}h`
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`
  return `${trunc(hours / 24 / 365)}y`
}

/** `translateTimestampSince`: the age of an ISO timestamp at `nowMs`, `<unknown>` when unset. */
export function ageSince(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return '<unknown>'
  const t = Date.parse(iso)
  return Number.isNaN(t) ? '<unknown>' : humanDuration(nowMs - t)
}

/**
 * A simple cell as kubectl would print it at `nowMs`: time columns become ages (`<unknown>` when
 * unset), booleans print as Go prints them (`true`), strings as they are (an empty string is an
 * empty cell, as kubectl prints e.g. an unbound PVC's VOLUME), a missing value as `<none>`.
 */
export function formatCell(col: ColumnDef, value: CellValue | undefined, nowMs: number): string {
  if (value === null || value === undefined || (value === '' && col.type === 'time')) {
    const text = NULL_TEXT[col.id]
    if (text !== undefined) return text
  }
  if (col.type === 'age' || col.type === 'time') return typeof value === 'string' ? ageSince(value, nowMs) : '<unknown>'
  if (value === null || value === undefined) return '<none>'
  return typeof value === 'string' ? value : String(value)
}

/**
 * What kubectl prints for an unset cell when it is neither `<none>` nor `<unknown>`, by column id
 * (these ids are unique in the registry): CronJob LAST SCHEDULE and HPA MINPODS.
 */
const NULL_TEXT: Readonly<Record<string, string>> = {
  lastSchedule: '<none>',
  minPods: '<unset>'
}

/** RESTARTS as kubectl shows it: `3`, or `3 (5m ago)` when the last restart time is known. */
export function formatRestarts(restarts: CellValue | undefined, lastRestartAt: CellValue | undefined, nowMs: number): string {
  const n = typeof restarts === 'number' ? restarts : Number(restarts ?? 0)
  if (n !== 0 && typeof lastRestartAt === 'string' && lastRestartAt !== '') {
    return `${n} (${ageSince(lastRestartAt, nowMs)} ago)`
  }
  return String(n)
}

/** One cell of a row, using the row's `extra` where kubectl's text depends on it. */
export function formatRowCell(kind: KindDef, col: ColumnDef, row: RowDto, nowMs: number): string {
  const value = row.cells[col.id]
  if (col.type === 'restarts') return formatRestarts(value, row.extra?.lastRestartAt, nowMs)
  if (kind.id === 'jobs' && col.id === 'duration') {
    // A running job's DURATION grows with time: recompute it from the start time.
    const start = row.extra?.startTime
    if (typeof start === 'string' && !row.extra?.completionTime) return humanDuration(nowMs - Date.parse(start))
  }
  return formatCell(col, value, nowMs)
}

/**
 * The cells of a row in the kind's column order, exactly as `kubectl get -o wide` prints them.
 * @param wide false to omit the `-o wide` columns (plain `kubectl get`).
 * @returns one string per (shown) column, NAME and NAMESPACE excluded (see `formatRowName`).
 */
export function formatRowCells(kind: KindDef, row: RowDto, nowMs: number, wide = true): string[] {
  const out: string[] = []
  for (const col of kind.columns) {
    if (!wide && col.wide) continue
    out.push(formatRowCell(kind, col, row, nowMs))
  }
  return out
}

/** The NAME cell as kubectl prints it: a default StorageClass shows `name (default)`. */
export function formatRowName(row: RowDto): string {
  return row.extra?.isDefault === true ? `${row.name} (default)` : row.name
}
