/**
 * Reading log streams in tests: every line a connection received, per `pod/container`, next to
 * the simulator's own record of what each container wrote (`sim.logs.written()`), in the same
 * "<timestamp> <text>" form so the two compare with one `toEqual`.
 */
import type { LogLine, LogSource } from '../../src/shared/api/logs.ts'
import type { WrittenRun } from '@periscope/kube-sim'
import type { Frame } from './sseClient.ts'

/** Every line a stream delivered, as `pod/container` → "ts text" in order, and the last id. */
export class Collected {
  readonly lines = new Map<string, string[]>()
  private readonly sources = new Map<number, LogSource>()
  lastId: string | undefined
  /** Take frames[from..]; `single` names the key of a one-container stream. @returns frames.length. */
  take(frames: readonly Frame[], from: number, single?: string): number {
    for (let i = from; i < frames.length; i++) {
      const f = frames[i]
      if (f.event === 'source') {
        const s = (JSON.parse(f.data ?? '{}') as { source: LogSource }).source
        this.sources.set(s.id, s)
      }
      if (f.event === 'lines') {
        for (const l of (JSON.parse(f.data ?? '{}') as { lines: LogLine[] }).lines) {
          const s = l.s === undefined ? undefined : this.sources.get(l.s)
          const k = single ?? `${s?.pod}/${s?.container}`
          const list = this.lines.get(k) ?? []
          list.push(`${l.t} ${l.m}`)
          this.lines.set(k, list)
        }
      }
      if ((f.event === 'lines' || f.event === 'dropped') && f.id) this.lastId = f.id
    }
    return frames.length
  }
}

/** The simulator's record as `pod/container` → "ts text", runs in order. */
export function record(runs: readonly WrittenRun[]): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const r of runs) {
    const k = `${r.pod}/${r.container}`
    m.set(k, [...(m.get(k) ?? []), ...r.lines.map((l) => `${l.ts} ${l.text}`)])
  }
  return m
}
