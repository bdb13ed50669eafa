import { describe, expect, it } from 'vitest'
import { createRng } from './prng.ts'

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number): number[] => {
      const r = createRng(seed)
      return Array.from({ length: 50 }, () => r.int(1_000_000))
    }
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
  })

  it('keeps every helper in range', () => {
    const r = createRng(1)
    for (let i = 0; i < 2000; i++) {
      const f = r.float()
      expect(f).toBeGreaterThanOrEqual(0)
      expect(f).toBeLessThan(1)
      const x = r.range(3, 5)
      expect(x >= 3 && x <= 5).toBe(true)
    }
    expect(r.suffix(5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(r.hex(16)).toMatch(/^[0-9a-f]{16}$/)
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('spreads int() roughly uniformly', () => {
    const r = createRng(9)
    const buckets = new Array(10).fill(0)
    for (let i = 0; i < 10_000; i++) buckets[r.int(10)]++
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(150)
  })
})
