/**
 * What the demo custom-resource builders share (`customResources.ts`): their context (random
 * source, clock, namespaces, scale, common metadata) and the time texts controllers write into
 * messages. Lifecycle: pure helpers.
 */
import type { Rng } from './prng.ts'
import { iso } from './ids.ts'

/** What every builder gets: the shared random source, the clock and the object counts' scale. */
export interface CrContext {
  readonly rng: Rng
  readonly nowMs: number
  readonly namespaces: readonly string[]
  /** `n` scaled (at least 1). */
  count(n: number): number
  /** The common metadata of a new object of `kind`, created `agoMs` before now. */
  meta(kind: string, name: string, namespace: string | undefined, agoMs: number, extra?: Record<string, unknown>): Record<string, unknown>
}

/** Distinct names: `base`, then `base-<suffix>` when taken in the same namespace. */
export function namer(rng: Rng): (ns: string, base: string) => string {
  const used = new Set<string>()
  return (ns, base) => {
    let name = base
    while (used.has(`${ns}/${name}`)) name = `${base}-${rng.suffix(4)}`
    used.add(`${ns}/${name}`)
    return name
  }
}

/** metav1.Time as Go's `%s` prints it (`2023-09-09 13:39:16 +0000 UTC`), as controllers put it in messages. */
export function goTimeString(ms: number): string {
  return `${iso(ms).replace('T', ' ').replace('Z', '')} +0000 UTC`
}

/** time.RFC1123 in UTC (`Sun, 01 Nov 2026 10:00:00 UTC`). */
export function rfc1123(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', 'UTC')
}
