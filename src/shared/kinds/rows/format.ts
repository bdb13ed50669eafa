/**
 * Formatting of row cells as kubectl prints them (Table output of the simulator, and the
 * renderer's text). Ages follow apimachinery's `duration.HumanDuration`.
 */
import type { ColumnDef } from '../registry.ts'
import type { CellValue } from '../../dto/row.ts'

/** kubectl's human duration: 45s, 5m, 3h10m, 2d5h, 400d, 3y20d … (PLACEHOLDER: simple form). */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h`
  return `${Math.floor(h / 24)}d`
}

/** A cell as kubectl would print it at `nowMs`. */
export function formatCell(col: ColumnDef, value: CellValue, nowMs: number): string {
  if (value === null || value === undefined || value === '') return col.type === 'age' || col.type === 'time' ? '<unknown>' : '<none>'
  if ((col.type === 'age' || col.type === 'time') && typeof value === 'string') {
    const t = Date.parse(value)
    return Number.isNaN(t) ? '<unknown>' : humanDuration(nowMs - t)
  }
  return String(value)
}
