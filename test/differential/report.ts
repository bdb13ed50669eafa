/**
 * The divergence report: every divergence found, split into explained (matched by an allowlist
 * entry, with its reason) and unexplained, printed to the test output and written to
 * `test-results/differential-report.txt`.
 *
 * Why: the report is how a person reads what the simulator still gets wrong; the allowlist
 * bookkeeping (which entry matched what) is how an entry that no longer matches anything is
 * caught, so the list cannot rot. Lifecycle: one Report per suite run; `add` per compared
 * request; `write` once at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AllowEntry } from './allowlist.ts'
import { formatDivergence } from './diff.ts'
import type { Divergence } from './diff.ts'
import { RULES } from './normalize.ts'

export const REPORT_PATH = 'test-results/differential-report.txt'

export interface Classified {
  readonly unexplained: Divergence[]
  readonly explained: { d: Divergence; entry: AllowEntry }[]
}

export class Report {
  private readonly unexplained: Divergence[] = []
  private readonly explained: { d: Divergence; entry: AllowEntry }[] = []
  private readonly hits = new Map<AllowEntry, number>()
  private readonly sections: string[] = []
  private requests = 0
  private readonly allowlist: readonly AllowEntry[]

  constructor(allowlist: readonly AllowEntry[]) {
    this.allowlist = allowlist
    for (const e of allowlist) this.hits.set(e, 0)
  }

  /** Classify the divergences of one request against the allowlist. */
  add(found: readonly Divergence[]): Classified {
    this.requests++
    const c: Classified = { unexplained: [], explained: [] }
    for (const d of found) {
      const entry = this.allowlist.find((e) => e.request.test(d.request) && e.path.test(d.path) && (e.when?.(d) ?? true))
      if (entry) {
        this.hits.set(entry, (this.hits.get(entry) ?? 0) + 1)
        c.explained.push({ d, entry })
      } else {
        c.unexplained.push(d)
      }
    }
    this.unexplained.push(...c.unexplained)
    this.explained.push(...c.explained)
    return c
  }

  /** Note that a section of the request set ran (the stale-entry check needs them all). */
  ran(section: string): void {
    this.sections.push(section)
  }

  sectionsRun(): readonly string[] {
    return this.sections
  }

  /** Allowlist entries that matched nothing in this run. */
  stale(): AllowEntry[] {
    return [...this.hits].filter(([, n]) => n === 0).map(([e]) => e)
  }

  counts(): { requests: number; unexplained: number; explained: number } {
    return { requests: this.requests, unexplained: this.unexplained.length, explained: this.explained.length }
  }

  unexplainedLines(): string[] {
    return this.unexplained.map(formatDivergence)
  }

  /** The whole report as text. */
  render(): string {
    const c = this.counts()
    const lines = [
      'Differential report: the simulator (@periscope/kube-sim) against a real kube-apiserver 1.34',
      `requests compared: ${c.requests}; divergences: ${c.unexplained + c.explained} (unexplained ${c.unexplained}, allowlisted ${c.explained})`,
      'line format: <request>  <JSON path>  sim=<value>  real=<value>   (<absent> = not in that answer)',
      '',
      `== UNEXPLAINED (${c.unexplained}): fix the simulator, or allowlist with a reason in test/differential/allowlist.ts`,
      ...this.unexplainedLines(),
      '',
      `== ALLOWLISTED (${c.explained})`
    ]
    for (const e of this.allowlist) {
      const mine = this.explained.filter((x) => x.entry === e)
      if (mine.length === 0) continue
      lines.push(`-- ${e.reason} [${mine.length}]`)
      for (const x of mine) lines.push(`   ${formatDivergence(x.d)}`)
    }
    const stale = this.stale()
    lines.push('', `== STALE ALLOWLIST ENTRIES (${stale.length}): they matched nothing; delete them`)
    for (const e of stale) lines.push(`   request ${e.request} path ${e.path}: ${e.reason}`)
    lines.push('', '== NORMALIZERS (applied to both answers before comparing)')
    for (const r of RULES) lines.push(`   ${r.name}: ${r.why}`)
    return lines.join('\n') + '\n'
  }

  /** Write the report file (and return its text). */
  write(path = REPORT_PATH): string {
    const text = this.render()
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    return text
  }
}
