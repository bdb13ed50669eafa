/**
 * The lines of one container run, generated on demand from (seed, pod uid, container, run, time).
 *
 * Why: 150k pods must cost nothing for logs nobody reads, yet every read of a run must see the
 * same lines (a `--tail` now, a `--since` later, a follow, the record a test checks against). So
 * nothing is stored: a run's time is cut into one-second buckets, and each bucket's lines (how
 * many, when, what) come from a PRNG seeded by the run's key and the bucket number. Any slice of
 * the log is random access: lines after a time start at that time's bucket, the last N lines walk
 * buckets backwards from the end.
 * A run = start lines (the process starting, 1 µs apart) + `rate` lines/s on average + at its end,
 * if it ended, the end lines (a stack trace, the OOM message, a shutdown), all at the end time
 * exactly, as one write of the process is. Offsets are nanoseconds from the run's start.
 */
import { createRng } from '../gen/prng.ts'
import type { Rng } from '../gen/prng.ts'
import { endLines, startLines, workLine } from './content.ts'
import type { LogStyle, RunEnd } from './content.ts'

const NS_PER_S = 1e9
/** Ordinary lines of a bucket start after this offset, so bucket 0's start lines come first. */
const WORK_START_NS = 1e6
/** Spacing of the start lines. */
const START_STEP_NS = 1e3

/** One run of one container, as far as its log is concerned. */
export interface RunLog {
  /** The PRNG key: seed, pod uid, container name, run number. */
  readonly key: string
  readonly startMs: number
  /** Set once the run ended (ms since the epoch). */
  readonly endMs?: number
  /** How it ended (with endMs). */
  readonly end?: RunEnd
  readonly style: LogStyle
  readonly app: string
  readonly image: string
  /** 0 for the first run, then the restart count at the run's start. */
  readonly index: number
  /** Ordinary lines per second, on average. */
  readonly rate: number
}

/** One generated line: its offset from the run's start (ns) and its text. */
export interface GenLine {
  readonly off: number
  readonly text: string
}

function fnv(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The offset of the run's end, or undefined while it runs. */
export function endOffset(run: RunLog): number | undefined {
  return run.endMs === undefined ? undefined : (run.endMs - run.startMs) * 1e6
}

/** Every line of bucket `j` (ordinary lines; start lines in bucket 0), in order, end lines excluded. */
function bucket(run: RunLog, j: number): GenLine[] {
  const out: GenLine[] = []
  if (j === 0) startLines(run.style, run.app, run.image, run.index).forEach((text, i) => out.push({ off: i * START_STEP_NS, text }))
  if (run.style === 'init' || run.rate <= 0) return out
  const rng: Rng = createRng(fnv(`${run.key}#${j}`))
  const n = Math.floor(run.rate * (0.5 + rng.float()) + rng.float())
  const span = NS_PER_S - WORK_START_NS
  for (let k = 0; k < n; k++) {
    const off = j * NS_PER_S + WORK_START_NS + Math.floor(((k + rng.float()) / n) * span)
    out.push({ off, text: workLine(run.style, rng, run.startMs + off / 1e6, j * 1000 + k, run.app) })
  }
  return out
}

/** The end lines (at the end offset), or none while the run goes on. */
function ending(run: RunLog): GenLine[] {
  const e = endOffset(run)
  if (e === undefined || run.end === undefined) return []
  const rng = createRng(fnv(`${run.key}#end`))
  return endLines(run.end, run.style, run.app, rng).map((text) => ({ off: e, text }))
}

/**
 * The lines with `from ≤ off < to` (and the end lines when the end offset is in range), in order.
 * Ordinary lines never reach the end offset: a process writes nothing after it exits.
 */
export function linesBetween(run: RunLog, from: number, to: number): GenLine[] {
  const e = endOffset(run)
  const limit = e === undefined ? to : Math.min(to, e)
  const out: GenLine[] = []
  for (let j = Math.max(0, Math.floor(from / NS_PER_S)); j * NS_PER_S < limit; j++) {
    for (const l of bucket(run, j)) if (l.off >= from && l.off < limit) out.push(l)
  }
  if (e !== undefined && e >= from && e < to) out.push(...ending(run))
  return out
}

/** The last `n` lines before `to` (end lines included), in order. */
export function tailLines(run: RunLog, n: number, to: number): GenLine[] {
  if (n <= 0) return []
  const e = endOffset(run)
  const out: GenLine[][] = []
  let count = 0
  if (e !== undefined && e < to) {
    const last = ending(run)
    out.push(last)
    count += last.length
  }
  const limit = e === undefined ? to : Math.min(to, e)
  for (let j = Math.floor(Math.max(0, limit - 1) / NS_PER_S); j >= 0 && count < n; j--) {
    const b = bucket(run, j).filter((l) => l.off < limit)
    out.push(b)
    count += b.length
  }
  const all = out.reverse().flat()
  return all.slice(Math.max(0, all.length - n))
}
