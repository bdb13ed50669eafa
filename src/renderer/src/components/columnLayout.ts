/**
 * Column widths in whole pixels, shared by the header and every row.
 *
 * Why pixels and not `fr` tracks: the header and the (virtualized, absolutely positioned) rows
 * are separate grid containers; with `fr`/`minmax` each resolves its tracks against its own
 * width and content, and they drift apart (by 30–130 px at 1024 px). One integer template used by
 * both can only line up. Columns the user sized keep their width; the others start at their
 * default and share what is left of the viewport by their `grow`.
 */
import type { TableColumn } from './tableColumns.ts'

export interface ColumnLayout {
  /** Width of each column, in the columns' order. */
  readonly widths: readonly number[]
  /** Sum of the widths: the width of the header and of every row. */
  readonly total: number
  /** The CSS `grid-template-columns` value. */
  readonly template: string
}

/**
 * @param available the scroll container's client width (without its vertical scrollbar).
 * @param userWidths column id → width the user chose.
 */
export function layoutColumns(columns: readonly TableColumn[], available: number, userWidths: Readonly<Record<string, number>> = {}): ColumnLayout {
  const widths = columns.map((c) => Math.max(c.minWidth, Math.round(userWidths[c.id] ?? c.width)))
  const sum = widths.reduce((a, b) => a + b, 0)
  const growers = columns.map((c, i) => ({ i, grow: userWidths[c.id] === undefined ? c.grow : 0 })).filter((g) => g.grow > 0)
  const spare = Math.floor(available) - sum
  if (spare > 0 && growers.length > 0) {
    const weight = growers.reduce((a, g) => a + g.grow, 0)
    let given = 0
    for (const g of growers) {
      const add = Math.floor((spare * g.grow) / weight)
      widths[g.i] += add
      given += add
    }
    // Rounding leftovers go to the biggest grower, so the row ends exactly at the edge.
    const biggest = growers.reduce((a, g) => (g.grow > a.grow ? g : a))
    widths[biggest.i] += spare - given
  }
  const total = widths.reduce((a, b) => a + b, 0)
  return { widths, total, template: widths.map((w) => `${w}px`).join(' ') }
}
