/**
 * Small statistics helpers of the benchmark: percentiles and emit → arrival latency matching.
 *
 * Why: every latency in the report is "arrival time minus the simulator's emit time" of the same
 * resourceVersion (or, for kubectl, which prints no resourceVersion, of the same pod name).
 */

/** Emits of pod events as the simulator child reports them (parallel arrays). */
export interface Emits {
  readonly rvs: number[]
  readonly times: number[]
  readonly keys: string[]
  readonly types: string[]
}

export interface LatencySummary {
  /** Emitted pod events in the window. */
  readonly emitted: number
  /** Of those, how many arrived. */
  readonly arrived: number
  readonly p50?: number
  readonly p99?: number
  readonly max?: number
}

/** The q-quantile (0..1) of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

const round1 = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.round(n * 10) / 10)

/**
 * Latency of each emitted event that arrived (`arrivals`: resourceVersion → epoch ms).
 * Events coalesced away (several writes to one object in one flush) do not arrive; they are
 * counted in `emitted` only.
 */
export function latencyByRv(emits: Emits, arrivals: ReadonlyMap<string, number>): LatencySummary {
  const lat: number[] = []
  for (let i = 0; i < emits.rvs.length; i++) {
    const at = arrivals.get(String(emits.rvs[i]))
    if (at !== undefined) lat.push(at - (emits.times[i] as number))
  }
  return summarize(emits.rvs.length, lat)
}

/** Summarize `lat` (ms) of `emitted` events. */
export function summarize(emitted: number, lat: number[]): LatencySummary {
  lat.sort((a, b) => a - b)
  return { emitted, arrived: lat.length, p50: round1(quantile(lat, 0.5)), p99: round1(quantile(lat, 0.99)), max: round1(lat.at(-1)) }
}

/**
 * kubectl prints no resourceVersion: match each printed line (`ns/name` at time t) to the oldest
 * not yet matched emit of that pod that happened before t.
 */
export function latencyByName(emits: Emits, lines: readonly { key: string; at: number }[]): LatencySummary {
  const queues = new Map<string, number[]>()
  for (let i = 0; i < emits.keys.length; i++) {
    const k = emits.keys[i] as string
    let q = queues.get(k)
    if (!q) {
      q = []
      queues.set(k, q)
    }
    q.push(emits.times[i] as number)
  }
  const lat: number[] = []
  for (const l of lines) {
    const q = queues.get(l.key)
    if (!q || q.length === 0 || (q[0] as number) > l.at) continue
    // kubectl prints every watch event in order, so the oldest unmatched emit is this line's.
    lat.push(l.at - (q.shift() as number))
  }
  return summarize(emits.rvs.length, lat)
}
