/**
 * The log viewer's filter: text or regular expression, case-sensitive or not, inverted or not;
 * which lines pass, and where each match is (for highlighting).
 *
 * Why incremental: 100,000 lines arrive thousands per second; testing them all again on every
 * batch would block the window. `FilterIndex` tests each line once per filter and keeps the
 * indices of the lines that pass, dropping the ones the buffer dropped.
 */
import type { KeptLine } from '../stores/logStore.ts'
import { stripAnsi } from './ansi.ts'

export interface FilterSpec {
  readonly text: string
  readonly regex: boolean
  readonly caseSensitive: boolean
  readonly invert: boolean
}

export interface LineFilter {
  /** An invalid regular expression's message ('' when valid). */
  readonly error: string
  /** True when the filter lets every line through (empty text). */
  readonly all: boolean
  test(line: string): boolean
  /** Match ranges [start, end) in the (escape-free) line, for highlighting. */
  ranges(line: string): [number, number][]
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Compile `spec`. */
export function compileFilter(spec: FilterSpec): LineFilter {
  if (spec.text === '') return { error: '', all: true, test: () => true, ranges: () => [] }
  let re: RegExp
  try {
    re = new RegExp(spec.regex ? spec.text : escapeRe(spec.text), spec.caseSensitive ? 'g' : 'gi')
  } catch (e) {
    return { error: (e as Error).message, all: true, test: () => true, ranges: () => [] }
  }
  const hit = (line: string): boolean => {
    re.lastIndex = 0
    return re.test(stripAnsi(line))
  }
  return {
    error: '',
    all: false,
    test: (line) => hit(line) !== spec.invert,
    ranges(line) {
      if (spec.invert) return []
      const out: [number, number][] = []
      re.lastIndex = 0
      for (let m = re.exec(line); m && out.length < 200; m = re.exec(line)) {
        if (m[0].length === 0) {
          re.lastIndex++
          continue
        }
        out.push([m.index, m.index + m[0].length])
      }
      return out
    }
  }
}

/** The passing lines of a growing buffer, kept up to date batch by batch. */
export class FilterIndex {
  private filter: LineFilter | null = null
  private key = ''
  private passing: KeptLine[] = []
  private lastN = -1

  /** The lines of `lines` (oldest first) that pass `filter` (identified by `key`). */
  update(lines: readonly KeptLine[], filter: LineFilter, key: string): readonly KeptLine[] {
    if (filter.all) return lines
    if (key !== this.key || this.filter !== filter) {
      this.key = key
      this.filter = filter
      this.passing = []
      this.lastN = -1
    }
    const firstN = lines.length > 0 ? lines[0].n : Infinity
    let drop = 0
    while (drop < this.passing.length && this.passing[drop].n < firstN) drop++
    if (drop > 0) this.passing = this.passing.slice(drop)
    let i = lines.length - 1
    while (i >= 0 && lines[i].n > this.lastN) i--
    for (let j = i + 1; j < lines.length; j++) if (filter.test(lines[j].m)) this.passing.push(lines[j])
    if (lines.length > 0) this.lastN = lines[lines.length - 1].n
    return this.passing
  }
}
