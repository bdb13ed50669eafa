/**
 * Log timestamps: the kubelet prints RFC3339 with nine fixed fraction digits
 * (`2026-05-01T12:00:00.123456789Z`), in the node's time zone; everything downstream compares
 * them as text, so each is normalised once to UTC with exactly nine digits, which sorts
 * lexicographically in time order.
 */

const FIXED_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/
const ANY = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i

/**
 * `ts` in UTC with nine fraction digits, or undefined when it is not an RFC3339 time.
 * The common case (already UTC, nine digits) returns `ts` itself.
 */
export function normaliseLogTime(ts: string): string | undefined {
  if (FIXED_UTC.test(ts)) return ts
  const m = ANY.exec(ts)
  if (!m) return undefined
  const zone = m[3].toUpperCase() === 'Z' ? 'Z' : m[3]
  const secMs = Date.parse(`${m[1]}${zone}`)
  if (!Number.isFinite(secMs)) return undefined
  return `${new Date(secMs).toISOString().slice(0, 19)}.${(m[2] ?? '').padEnd(9, '0')}Z`
}

/** The whole second of a normalised time, as `sinceTime` takes it (RFC3339, `Z`). */
export function logTimeSecond(ts: string): string {
  return `${ts.slice(0, 19)}Z`
}

/** Milliseconds since the epoch of a normalised time (sub-millisecond digits dropped). */
export function logTimeMs(ts: string): number {
  return Date.parse(`${ts.slice(0, 23)}Z`)
}
