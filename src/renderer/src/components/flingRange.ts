/**
 * The virtual table's range extractor: the usual overscan while scrolling at reading speed, almost
 * none during a fling.
 *
 * Why: overscan rows are there so the next frame of a slow scroll finds its rows already built.
 * When one frame moves further than a whole screen of rows (a flung wheel, a dragged scrollbar,
 * End), the next frame lands on rows nobody built either way, so the overscan rows are created,
 * laid out and painted for nothing: at 12 a side that is half the rows of each frame of a fast
 * scroll (bench T9).
 * Lifecycle: one extractor per table (a stable function, so the virtualizer's range memo keeps
 * working); it remembers the previous range's start, and each range it is asked for is compared
 * with it.
 */
import { defaultRangeExtractor } from '@tanstack/react-virtual'
import type { Range } from '@tanstack/react-virtual'

/**
 * Rows kept beyond the viewport during a fling: one a side, so a keyboard step or the first wheel
 * notch after the fling still finds its neighbour row.
 */
export const FLING_OVERSCAN = 1

/** A range extractor that drops the overscan to FLING_OVERSCAN for a range that jumped more than its own length. */
export function flingRangeExtractor(): (range: Range) => number[] {
  let lastStart: number | null = null
  return (range) => {
    const visible = range.endIndex - range.startIndex + 1
    const jumped = lastStart !== null && Math.abs(range.startIndex - lastStart) > visible
    lastStart = range.startIndex
    return defaultRangeExtractor(jumped ? { ...range, overscan: Math.min(range.overscan, FLING_OVERSCAN) } : range)
  }
}
