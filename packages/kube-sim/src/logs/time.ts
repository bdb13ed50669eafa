/**
 * Log timestamps as the kubelet prints them: RFC3339 with nine fixed fraction digits, UTC
 * (`2026-05-01T12:00:00.123456789Z`, Go's `RFC3339NanoFixed`).
 *
 * Why: a line's time is (run start in ms) + (an offset in ns): absolute nanoseconds since the
 * epoch do not fit a double, so the two parts are kept apart and only joined when printed or
 * compared. Comparisons use the printed form, which sorts lexicographically.
 */

/** The seconds part of `ms` as `YYYY-MM-DDTHH:MM:SS`, cached for the last second asked. */
let cachedSec = Number.NaN
let cachedText = ''
function secondText(sec: number): string {
  if (sec !== cachedSec) {
    cachedSec = sec
    cachedText = new Date(sec * 1000).toISOString().slice(0, 19)
  }
  return cachedText
}

/** Print the time `startMs` + `offNs` nanoseconds in the kubelet's fixed format. */
export function formatTs(startMs: number, offNs: number): string {
  const ms = startMs + Math.floor(offNs / 1e6)
  const sec = Math.floor(ms / 1000)
  const nsec = (ms - sec * 1000) * 1e6 + (offNs % 1e6)
  return `${secondText(sec)}.${String(nsec).padStart(9, '0')}Z`
}

/**
 * Parse an RFC3339 time (`sinceTime`; any fraction, `Z` or an offset) to ms since the epoch, or
 * undefined when it is not one. Sub-millisecond digits are dropped: the apiserver sends
 * `sinceTime` to the kubelet with whole seconds anyway.
 */
export function parseRfc3339Ms(s: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s)) return undefined
  const ms = Date.parse(s.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isFinite(ms) ? ms : undefined
}
