/**
 * The filter language of list views: parse the text typed into the filter box into terms.
 *
 *   crash               rows with "crash" anywhere (name, namespace, labels, cells; any case)
 *   "image pull"        a phrase, spaces included ('single quotes' too)
 *   !running  -running  rows WITHOUT it (negation; works before every form below)
 *   status:pending      the STATUS column contains it; column names and ids work (`ready:`,
 *                       `up-to-date:`, `last-seen:`) plus aliases: ns, label, node, msg, …
 *   status:=Running     the column is exactly it (any case)
 *   restarts:>3 age:<10m  numbers and ages compared (>, <, >=, <=; ages as 90s, 5m, 2h, 3d, 1y)
 *   /crash|oom/i        a regular expression (flags i, m, s, u); also after a field
 *   is:problem          rows in trouble (what the "problems only" toggle adds)
 * Terms are combined with AND. Pure: no rows, no DOM; errors are sentences for the user.
 */

export type TermOp = 'contains' | 'equals' | 'regex' | 'gt' | 'lt' | 'ge' | 'le' | 'is'

export interface FilterTerm {
  /** Rows must NOT match. */
  readonly negate: boolean
  /** Normalised field name (see `normaliseField`), or '' for "anywhere". */
  readonly field: string
  readonly op: TermOp
  /** The text to find, lower-cased for `contains`/`equals`; the number or age (ms) for comparisons. */
  readonly value: string
  readonly number?: number
  readonly regex?: RegExp
}

export interface ParsedFilter {
  readonly terms: readonly FilterTerm[]
  /** Problems to show under the box (an invalid regex, an unclosed quote); the rest still applies. */
  readonly errors: readonly string[]
}

/** Flags that keep `RegExp.test` stateless (`g` and `y` would make it depend on lastIndex). */
const REGEX_FLAGS = /^[imsu]*$/
/** `is:` values understood. */
export const IS_VALUES = ['problem'] as const

/** `Up-To-Date`, `LAST SEEN`, `port(s)` → `uptodate`, `lastseen`, `ports`. */
export function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[\s\-_()]/g, '')
}

/** Split at unquoted, un-regexed whitespace. */
function tokens(text: string, errors: string[]): string[] {
  const out: string[] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++
    if (i >= text.length) break
    let tok = ''
    while (i < text.length && !/\s/.test(text[i])) {
      const ch = text[i]
      const atValueStart = tok === '' || tok === '!' || tok === '-' || /:[=<>]*$/.test(tok)
      if ((ch === '"' || ch === "'") && atValueStart) {
        const end = text.indexOf(ch, i + 1)
        if (end < 0) {
          errors.push(`a quote ${ch} is not closed: the rest of the text is one phrase`)
          tok += text.slice(i) + ch
          i = text.length
          break
        }
        tok += text.slice(i, end + 1)
        i = end + 1
        continue
      }
      if (ch === '/' && atValueStart) {
        let j = i + 1
        while (j < text.length && text[j] !== '/') j += text[j] === '\\' ? 2 : 1
        if (j >= text.length) {
          errors.push('a regular expression needs a closing / (for example /crash|oom/i)')
          tok += text.slice(i)
          i = text.length
          break
        }
        tok += text.slice(i, j + 1)
        i = j + 1
        continue
      }
      tok += ch
      i++
    }
    out.push(tok)
  }
  return out
}

/** "90s", "5m", "1h30m", "2d", "1y" → ms; NaN when it is not such a duration. */
export function parseAge(text: string): number {
  const unit: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, y: 365 * 86400e3 }
  if (!/^(\d+(\.\d+)?[smhdy])+$/.test(text)) return NaN
  let ms = 0
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)([smhdy])/g)) ms += Number(m[1]) * unit[m[2]]
  return ms
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v.replace(/^["']/, '')
}

/** A `/…/flags` value as a RegExp, or an error sentence. */
function regexOf(v: string): RegExp | string {
  const end = v.lastIndexOf('/')
  const body = v.slice(1, end)
  const flags = v.slice(end + 1)
  if (!REGEX_FLAGS.test(flags)) return `regular expression ${v}: flags can only be i, m, s or u`
  try {
    return new RegExp(body, flags)
  } catch (e) {
    return `regular expression ${v} is not valid: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`
  }
}

const COMPARE: Readonly<Record<string, TermOp>> = { '>': 'gt', '<': 'lt', '>=': 'ge', '<=': 'le', '=': 'equals' }

/**
 * Parse a filter.
 * @param isField whether a normalised name is a field of the list (else `name:x` is plain text).
 */
export function parseFilter(text: string, isField: (field: string) => boolean): ParsedFilter {
  const errors: string[] = []
  const terms: FilterTerm[] = []
  for (const raw of tokens(text, errors)) {
    let tok = raw
    let negate = false
    if (tok.length > 1 && (tok[0] === '!' || tok[0] === '-')) {
      negate = true
      tok = tok.slice(1)
    }
    let field = ''
    let rest = tok
    const colon = tok.indexOf(':')
    if (colon > 0 && !/^["'/]/.test(tok)) {
      const name = normaliseField(tok.slice(0, colon))
      if (name === 'is' || isField(name)) {
        field = name
        rest = tok.slice(colon + 1)
      }
    }
    if (field === 'is') {
      const v = rest.toLowerCase()
      if ((IS_VALUES as readonly string[]).includes(v)) terms.push({ negate, field, op: 'is', value: v })
      else errors.push(`is:${rest} is not known; try is:problem`)
      continue
    }
    const cmp = field ? /^(>=|<=|>|<|=)/.exec(rest) : null
    let op: TermOp = 'contains'
    if (cmp) {
      op = COMPARE[cmp[1]]
      rest = rest.slice(cmp[1].length)
    }
    if (rest === '') {
      errors.push(`${tok} has no value to look for`)
      continue
    }
    if (rest[0] === '/' && rest.length > 1 && rest.lastIndexOf('/') > 0 && op === 'contains') {
      const re = regexOf(rest)
      if (typeof re === 'string') errors.push(re)
      else terms.push({ negate, field, op: 'regex', value: rest, regex: re })
      continue
    }
    const value = unquote(rest)
    if (op === 'gt' || op === 'lt' || op === 'ge' || op === 'le') {
      const n = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : parseAge(value)
      if (Number.isNaN(n)) errors.push(`${tok}: compare with a number or an age such as 5m, 2h, 3d`)
      else terms.push({ negate, field, op, value, number: n })
      continue
    }
    terms.push({ negate, field, op, value: value.toLowerCase() })
  }
  return { terms, errors }
}
