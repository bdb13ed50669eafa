/**
 * `sim.logs`: the simulator's own record of what every container it ran has written, for tests
 * and benchmarks to check a client's copy against.
 *
 * Why: "no line lost, none repeated" needs an independent truth. The record is the same
 * generator the log endpoint serves from, over the run boundaries the simulated kubelet recorded
 * (deleted pods included), so it says exactly which lines exist up to a given time.
 */
import type { LogBook } from './book.ts'
import type { LogFollows } from './follow.ts'
import { endOffset, linesBetween } from './generate.ts'
import { formatTs } from './time.ts'
import { written } from './write.ts'

/** One line as the kubelet would print it with `timestamps=true`. */
export interface WrittenLine {
  readonly ts: string
  readonly text: string
}

/** One run of one container, and the lines it has written. */
export interface WrittenRun {
  readonly namespace: string
  readonly pod: string
  readonly uid: string
  readonly container: string
  readonly init: boolean
  /** 0 for the first run, then one more per restart. */
  readonly index: number
  readonly deleted: boolean
  readonly lines: readonly WrittenLine[]
}

export class SimLogs {
  private readonly book: LogBook
  private readonly follows: LogFollows

  constructor(book: LogBook, follows: LogFollows) {
    this.book = book
    this.follows = follows
  }

  /**
   * Every run the simulated kubelet has recorded in `namespace` (pods whose labels include
   * `labels`, when given; deleted pods too) and the lines each wrote up to `untilMs` (default now).
   */
  written(opts: { namespace: string; labels?: Readonly<Record<string, string>>; untilMs?: number }): WrittenRun[] {
    const until = opts.untilMs ?? Date.now()
    const out: WrittenRun[] = []
    for (const pod of this.book.all()) {
      if (pod.namespace !== opts.namespace) continue
      if (opts.labels && !Object.entries(opts.labels).every(([k, v]) => pod.labels[k] === v)) continue
      for (const c of pod.containers.values()) {
        for (const r of c.runs) {
          const run = this.book.runLog(pod, c, r)
          const end = endOffset(run)
          const to = end !== undefined && run.startMs + end / 1e6 <= until ? end + 1 : Math.max(0, (until - run.startMs) * 1e6 + 1)
          const lines = linesBetween(run, 0, to).map((l) => ({ ts: formatTs(run.startMs, l.off), text: l.text }))
          out.push({ namespace: pod.namespace, pod: pod.name, uid: pod.uid, container: c.name, init: c.init, index: r.index, deleted: pod.deleted, lines })
        }
      }
    }
    return out
  }

  /** Log responses with `follow=true` open now. */
  openFollows(): number {
    return this.follows.size()
  }

  /** Lines every log response has written so far (the benchmark's input rate). */
  linesServed(): number {
    return written.lines
  }
}
