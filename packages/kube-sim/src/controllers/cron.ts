/**
 * A parser and evaluator for the 5-field cron schedules of CronJobs (UTC).
 *
 * Why: no cron package is installed, and the CronJob controller only needs "the most recent
 * scheduled minute in a window" and "the next one". Semantics follow robfig/cron's standard
 * parser, which Kubernetes uses: minute hour day-of-month month day-of-week; `*`, `?`, lists,
 * ranges, steps (`*\/5`, `1-30/2`, `5/15`), month and weekday names, weekday 7 = Sunday; when both
 * day fields are restricted a day matching either runs (when one is `*` both must match); the
 * descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly.
 */

/** A parsed schedule: which values of each field match. */
export interface CronSchedule {
  readonly minutes: readonly boolean[]
  readonly hours: readonly boolean[]
  readonly dom: readonly boolean[]
  readonly months: readonly boolean[]
  readonly dow: readonly boolean[]
  /** The day field was `*` or `?`. */
  readonly domStar: boolean
  readonly dowStar: boolean
}

const MINUTE = 60_000
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *'
}
/** How far `next` looks before deciding a schedule never fires (Feb 29 fits in 5 years). */
const HORIZON_MS = 5 * 366 * 24 * 60 * MINUTE

interface FieldDef {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly names?: readonly string[]
}
const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS }
]

function value(s: string, f: FieldDef, expr: string): number {
  const named = f.names?.indexOf(s.toLowerCase()) ?? -1
  if (named >= 0) return named + f.min
  if (!/^\d+$/.test(s)) throw new Error(`invalid cron schedule "${expr}": ${f.name} value "${s}" is not a number`)
  const n = Number(s)
  if (n < f.min || n > f.max) throw new Error(`invalid cron schedule "${expr}": ${f.name} value ${n} is out of range ${f.min}-${f.max}`)
  return n
}

function field(src: string, f: FieldDef, expr: string): boolean[] {
  const out = new Array<boolean>(f.max + 1).fill(false)
  for (const part of src.split(',')) {
    const [range, stepText, extra] = part.split('/')
    if (extra !== undefined || range === '') throw new Error(`invalid cron schedule "${expr}": bad ${f.name} "${part}"`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') [lo, hi] = [f.min, f.name === 'day of week' ? 6 : f.max]
    else if (range.includes('-')) {
      const [a, b] = range.split('-')
      ;[lo, hi] = [value(a, f, expr), value(b, f, expr)]
      if (lo > hi) throw new Error(`invalid cron schedule "${expr}": ${f.name} range ${range} is backwards`)
    } else {
      lo = value(range, f, expr)
      hi = stepText === undefined ? lo : f.max
    }
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step <= 0) throw new Error(`invalid cron schedule "${expr}": ${f.name} step "${stepText}" must be a positive number`)
    for (let v = lo; v <= hi; v += step) out[v] = true
  }
  if (f.name === 'day of week' && out[7]) out[0] = true
  return out
}

/** Parse a schedule. @throws Error with a precise message for anything malformed. */
export function parseCron(expr: string): CronSchedule {
  const text = DESCRIPTORS[expr.trim().toLowerCase()] ?? expr.trim()
  if (text.startsWith('@')) throw new Error(`invalid cron schedule "${expr}": unsupported descriptor`)
  const parts = text.split(/\s+/)
  if (parts.length !== 5) throw new Error(`invalid cron schedule "${expr}": expected exactly 5 fields, found ${parts.length}`)
  const f = parts.map((p, i) => field(p, FIELDS[i], expr))
  const star = (p: string): boolean => p.startsWith('*') || p.startsWith('?')
  return { minutes: f[0], hours: f[1], dom: f[2], months: f[3], dow: f[4], domStar: star(parts[2]), dowStar: star(parts[4]) }
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.dom[d.getUTCDate()]
  const dow = s.dow[d.getUTCDay()]
  return s.domStar || s.dowStar ? dom && dow : dom || dow
}

/** The first scheduled minute strictly after `ms`, or undefined when none within five years. */
export function nextAfter(s: CronSchedule, ms: number): number | undefined {
  const d = new Date((Math.floor(ms / MINUTE) + 1) * MINUTE)
  const limit = ms + HORIZON_MS
  while (d.getTime() <= limit) {
    if (!s.months[d.getUTCMonth() + 1]) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1)
      d.setUTCHours(0, 0, 0, 0)
    } else if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1)
      d.setUTCHours(0, 0, 0, 0)
    } else if (!s.hours[d.getUTCHours()]) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0)
    } else if (!s.minutes[d.getUTCMinutes()]) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0)
    } else return d.getTime()
  }
  return undefined
}

/** Scheduled minutes looked at in one window at most (the real controller warns past 100 missed). */
const MAX_MISSED = 10_000

/** The latest scheduled minute in (`fromMs`, `toMs`], or undefined when there is none. */
export function mostRecent(s: CronSchedule, fromMs: number, toMs: number): number | undefined {
  let last: number | undefined
  let t = nextAfter(s, fromMs)
  for (let i = 0; t !== undefined && t <= toMs && i < MAX_MISSED; i++) {
    last = t
    t = nextAfter(s, t)
  }
  return last
}
