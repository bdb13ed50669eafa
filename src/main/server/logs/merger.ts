/**
 * Merges the lines of many containers into one stream in timestamp order, and keeps the merged
 * resume id (cursor.ts).
 *
 * Why: a workload's pods log at once; a reader wants one timeline. Lines that arrived within one
 * flush period are sorted by (time, source key, arrival); a line older than what was already sent
 * (its node lags, or its clock is behind) is sent anyway, marked `late`, and its source is listed
 * in the id with its own cursor, so a resume stays exact for it too.
 * Lifecycle: `add` from the followers; the owner calls `flush()` every FLUSH_MS, which pushes the
 * sorted lines to the output.
 */
import type { LogLine } from '../../../shared/api/logs.ts'
import type { RawLogLine } from '../../watch/types.ts'
import { advance, mergedId } from './cursor.ts'
import type { Cursor, MergedCursor, ResumePoint } from './cursor.ts'
import type { LogOutput } from './output.ts'

/** One followed container, as the merger knows it. */
export interface MergeSource {
  readonly id: number
  readonly key: string
  cursor?: Cursor
  /** Its last line was late: the id lists its own cursor. */
  lagging: boolean
}

interface Pending { readonly t: string; readonly m: string; readonly src: MergeSource; readonly seq: number }

export class Merger {
  private buf: Pending[] = []
  private seq = 0
  private at: MergedCursor | undefined
  private readonly lagging = new Map<string, Cursor>()
  private suffix = ''
  private readonly out: LogOutput

  constructor(out: LogOutput, resume: ResumePoint | undefined) {
    this.out = out
    if (resume?.at.key !== undefined) this.at = { t: resume.at.t, n: resume.at.n, key: resume.at.key }
    for (const [k, c] of resume?.lagging ?? []) this.lagging.set(k, c)
    this.rebuild()
  }

  add(src: MergeSource, lines: readonly RawLogLine[]): void {
    for (const l of lines) this.buf.push({ t: l.t, m: l.m, src, seq: this.seq++ })
  }

  /** A source left: its cursor no longer needs to be in the id. */
  forget(src: MergeSource): void {
    if (this.lagging.delete(src.key)) this.rebuild()
  }

  flush(): void {
    if (this.buf.length === 0) return
    const batch = this.buf
    this.buf = []
    batch.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.src.key < b.src.key ? -1 : a.src.key > b.src.key ? 1 : a.seq - b.seq))
    for (const p of batch) {
      const { src, t } = p
      src.cursor = advance(src.cursor, t)
      const at = this.at
      const late = at !== undefined && (t < at.t || (t === at.t && src.key < at.key))
      if (late) {
        src.lagging = true
        this.lagging.set(src.key, src.cursor)
        this.rebuild()
      } else {
        this.at = at && at.t === t && at.key === src.key ? { t, n: at.n + 1, key: src.key } : { t, n: 1, key: src.key }
        if (src.lagging) {
          src.lagging = false
          this.lagging.delete(src.key)
          this.rebuild()
        }
      }
      const line: LogLine = late ? { t, m: p.m, s: src.id, late: true } : { t, m: p.m, s: src.id }
      this.out.push(line, this.id())
    }
  }

  private rebuild(): void {
    let s = ''
    for (const [key, c] of this.lagging) s += `|${key}:${c.t}~${c.n}`
    this.suffix = s
  }

  private id(): string {
    return this.at ? mergedId(this.at, new Map()) + this.suffix : ''
  }
}
