/**
 * A small seeded PRNG (mulberry32) and the random helpers the generators and the churn share.
 *
 * Why: the demo cluster and its churn must be reproducible: the same seed gives the same cluster
 * and the same sequence of writes, so a failing test or benchmark can be replayed exactly.
 * mulberry32 is a 32-bit state generator, a few ns per draw, good enough for fixtures.
 * Lifecycle: one Rng per generator run or churn source; never shared across them.
 */

/** Alphabet of Kubernetes generated name suffixes (no vowels, no look-alike digits). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'
const HEX = '0123456789abcdef'

/** A seeded random source. All methods advance the same state. */
export interface Rng {
  /** Uniform float in [0, 1). */
  float(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** `n` characters of the Kubernetes generated-name alphabet (`7d9f8c6b5x`). */
  suffix(n: number): string
  /** `n` lowercase hex characters. */
  hex(n: number): string
  /** An RFC 4122 version-4 shaped UUID. */
  uuid(): string
}

/** Create a Rng from a 32-bit seed (any number; it is truncated to 32 bits). */
export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x9e3779b9
  const float = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(float() * n)
  const hex = (n: number): string => {
    let s = ''
    for (let i = 0; i < n; i++) s += HEX[int(16)]
    return s
  }
  return {
    float,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => float() < p,
    pick: (items) => items[int(items.length)],
    suffix(n) {
      let s = ''
      for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[int(SUFFIX_ALPHABET.length)]
      return s
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + int(4)]}${hex(3)}-${hex(12)}`
  }
}
