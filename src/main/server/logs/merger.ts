/**
 * Merges the lines of many containers into one stream in timestamp order, and keeps the merged
 * resume id (cursor.ts): the head and every container's own cursor.
 *
 * Why: a workload's pods log at once; a reader wants one timeline. Lines that arrived within one
 * flush period are sorted by (time, source key, arrival); a line older than what was already sent
 * (its node lags, or its clock is behind) is sent anyway, marked `late`. Every container's own
 * cursor is in the id, so a reconnect resumes each one exactly where it was, however far behind
 * the others it is at that moment.
 * Lifecycle: `add` from the followers; the owner calls `flush()` every FLUSH_MS, which pushes the
 * sorted lines to the output; `forget` when a container's pod is gone and read to its end;
 * `retain` once a resumed stream knows which containers still exist.
 */
import type { LogLine } from '../../../shared/api/logs.ts'
import type { RawLogLine } from '../../watch/types.ts'
import { advance, mergedId } from './cursor.ts'
import type { Cursor, MergedCursor, ResumePoint } from './cursor.ts'
import type { LogOutput } from './output.ts'

/**
 * Lines between two resume ids in one flush: an id costs O(containers) to write, so it is not
 * written per line; the output never ends a frame between two ids (output.ts), and this bounds
 * such a group.
 */
export const ID_EVERY = 500

/** One followed container, as the merger knows it. */
export interface MergeSource {
  readonly id: number
  readonly key: string
}

interface Pending {
  readonly t: string
  readonly m: string
  readonly src: MergeSource
  readonly seq: number
}

export class Merger {
  private buf: Pending[] = []
  private seq = 0
  private head: MergedCursor | undefined
  /** Every container that has passed a line, by key (restored ones included until `retain`). */
  private readonly cursors = new Map<string, Cursor>()
  private readonly out: LogOutput

  constructor(out: LogOutput, resume: ResumePoint | undefined) {
    this.out = out
    const key = resume?.head.key
    if (resume && key !== undefined) {
      this.head = { t: resume.head.t, n: resume.head.n, key }
      for (const [k, c] of resume.sources) this.cursors.set(k, c)
    }
  }

  /** Where container `key` resumes from (undefined: it has passed no line; from its first). */
  cursorOf(key: string): Cursor | undefined {
    return this.cursors.get(key)
  }

  add(src: MergeSource, lines: readonly RawLogLine[]): void {
    for (const l of lines) this.buf.push({ t: l.t, m: l.m, src, seq: this.seq++ })
  }

  /** A container left for good (its pod is gone, its log read to the end): the id no longer names it. */
  forget(src: MergeSource): void {
    this.cursors.delete(src.key)
  }

  /** Keep only these containers' cursors (a resumed stream drops those of pods gone meanwhile). */
  retain(keys: ReadonlySet<string>): void {
    for (const k of [...this.cursors.keys()]) if (!keys.has(k)) this.cursors.delete(k)
  }

  flush(): void {
    if (this.buf.length === 0) return
    const batch = this.buf
    this.buf = []
    batch.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.src.key < b.src.key ? -1 : a.src.key > b.src.key ? 1 : a.seq - b.seq))
    const last = batch.length - 1
    for (let i = 0; i <= last; i++) {
      const { src, t, m } = batch[i]
      const c = advance(this.cursors.get(src.key), t)
      this.cursors.set(src.key, c)
      const h = this.head
      const late = h !== undefined && (t < h.t || (t === h.t && src.key < h.key))
      // Not late: every earlier line of this source at `t` was not late either, so its count is the head's.
      if (!late) this.head = { t, n: c.n, key: src.key }
      const line: LogLine = late ? { t, m, s: src.id, late: true } : { t, m, s: src.id }
      this.out.push(line, i === last || (i + 1) % ID_EVERY === 0 ? this.id() : '')
    }
  }

  /** The resume id after the lines pushed so far. */
  id(): string {
    return this.head ? mergedId(this.head, this.cursors) : ''
  }
}
