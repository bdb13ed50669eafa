/**
 * How Go prints the values a custom-resource printer column finds: `jsonpath.PrintResults` of one
 * value (`fmt.Fprint` for scalars, `json.Marshal` for maps and slices) and `metav1.Time`'s
 * RFC 3339 parsing of date columns.
 *
 * Why: a `string` column's cell is Go's text of the value, so `1234567.5` is `1.2345675e+06`, an
 * array is compact JSON with `<>&` escaped as `\u003c…`, a map's keys are sorted by bytes, and a
 * JSON null is `<no value>`. JavaScript's `String`/`JSON.stringify` differ on each of these.
 * Lifecycle: pure.
 */
import { GoFloat, isGoInt } from './jsonpath.ts'

/** `strconv.FormatFloat(v, 'g', -1, 64)` as `fmt` prints a `float64` with `%v`. */
export function goFloatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const [mant, expText] = v.toExponential().split('e')
  const exp = Number(expText)
  // Go's shortest %g switches to an exponent below 1e-4 and from 1e6 (precision 6), JS from 1e21.
  if (exp >= -4 && exp < 6) return String(v)
  const e = Math.abs(exp)
  return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
}

/** Go's `encoding/json` string encoding (HTML-safe, as `json.Marshal`). */
function goJsonString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0) as number
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'
    else out += ch
  }
  return `${out}"`
}

/** `json.Marshal` of a decoded JSON value (map keys sorted by their UTF-8 bytes). */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return String(v)
  if (v instanceof GoFloat) return String(v.value)
  if (typeof v === 'string') return goJsonString(v)
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`
  const m = v as Record<string, unknown>
  const keys = Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(m[k])}`).join(',')}}`
}

/** `jsonpath.PrintResults` of one value without JSON output mode. */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<no value>'
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return isGoInt(v) ? String(v) : goFloatV(v)
  if (v instanceof GoFloat) return goFloatV(v.value)
  return goJson(v)
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-](\d{2}):(\d{2}))$/
/** Milliseconds from 0001-01-01T00:00:00Z (Go's zero `time.Time`) to the Unix epoch. */
const GO_ZERO_MS = new Date(0).setUTCFullYear(1, 0, 1)

/**
 * `metav1.Time.UnmarshalQueryParameter`: `time.Parse(time.RFC3339, s)` in ms since the epoch
 * (fractional seconds kept below the millisecond), `'zero'` for the empty string, `"null"` and
 * Go's zero instant, `undefined` when Go would refuse the text.
 */
export function parseGoTime(s: string): number | 'zero' | undefined {
  if (s === '' || s === 'null') return 'zero'
  const m = RFC3339.exec(s)
  if (!m) return undefined
  const [year, month, day, hour, min, sec] = m.slice(1, 7).map(Number)
  const daysIn = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0)
  if (month < 1 || month > 12 || day < 1 || day > daysIn || hour > 23 || min > 59 || sec > 59) return undefined
  let offsetMin = 0
  if (m[8] !== 'Z') {
    const oh = Number(m[9])
    const om = Number(m[10])
    if (oh > 23 || om > 59) return undefined
    offsetMin = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  d.setUTCHours(hour, min, sec, 0)
  const ms = d.getTime() - offsetMin * 60_000 + (m[7] ? Number(`0.${m[7]}`) * 1000 : 0)
  return ms === GO_ZERO_MS ? 'zero' : ms
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}
