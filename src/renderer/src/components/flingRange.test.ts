import { describe, expect, it } from 'vitest'
import { flingRangeExtractor, FLING_OVERSCAN } from './flingRange.ts'

const range = (startIndex: number, endIndex: number, overscan = 12, count = 150_000) => ({ startIndex, endIndex, overscan, count })

describe('flingRangeExtractor', () => {
  it('keeps the full overscan on both sides while each range moves by less than a screen', () => {
    const x = flingRangeExtractor()
    expect(x(range(0, 25))).toEqual(Array.from({ length: 38 }, (_, i) => i)) // nothing above row 0
    const r = x(range(20, 45)) // 20 rows down: under the 26 visible
    expect(r[0]).toBe(8)
    expect(r.at(-1)).toBe(57)
    expect(r).toHaveLength(50)
  })

  it('drops to one row a side when a range jumps more than its own length, and comes back when it slows', () => {
    const x = flingRangeExtractor()
    x(range(1000, 1025))
    const fling = x(range(1093, 1118)) // 93 rows in one frame (2,800 px at 30 px)
    expect(fling[0]).toBe(1093 - FLING_OVERSCAN)
    expect(fling.at(-1)).toBe(1118 + FLING_OVERSCAN)
    expect(fling).toHaveLength(26 + 2 * FLING_OVERSCAN)
    const up = x(range(900, 925)) // flung back up
    expect(up).toHaveLength(26 + 2 * FLING_OVERSCAN)
    const slow = x(range(905, 930))
    expect(slow[0]).toBe(893)
    expect(slow.at(-1)).toBe(942)
  })

  it('a range that only changes its count (rows added under a still view) keeps the overscan', () => {
    const x = flingRangeExtractor()
    x(range(500, 525))
    expect(x(range(500, 525, 12, 150_100))).toHaveLength(50)
  })

  it('stays within the rows there are', () => {
    const x = flingRangeExtractor()
    x(range(0, 25, 12, 40))
    expect(x(range(14, 39, 12, 40))).toEqual(Array.from({ length: 40 - 2 }, (_, i) => i + 2))
  })
})
