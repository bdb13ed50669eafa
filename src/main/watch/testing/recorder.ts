/**
 * Test helpers shared by the engine's unit and integration tests: a subscriber that records every
 * call and mirrors the row set the way a client would, and a bounded `waitFor`.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import type { ListProgress, WatchState, WatchSubscriber } from '../types.ts'

export type Call =
  | { readonly t: 'snapshot'; readonly n: number; readonly rv: string }
  | { readonly t: 'partial'; readonly n: number }
  | { readonly t: 'added' | 'modified' | 'deleted'; readonly uid: string; readonly rv: string }
  | { readonly t: 'relist'; readonly reason: string }

export interface Recorder extends WatchSubscriber {
  readonly calls: Call[]
  readonly states: { state: WatchState; reason: string }[]
  /** The progress of each partial snapshot, in order. */
  readonly progress: ListProgress[]
  /** uid → row, as a client applying snapshot + deltas would hold it. */
  readonly rows: Map<string, RowDto>
  /** The last event id (snapshot or delta RV) seen, like SSE's Last-Event-ID. */
  lastId: string
  count(t: Call['t']): number
}

/** @param opts.partial also take early partial snapshots (recorded as `partial`; rows replaced). */
export function recorder(opts: { partial?: boolean } = {}): Recorder {
  const r: Recorder = {
    calls: [],
    states: [],
    progress: [],
    rows: new Map(),
    lastId: '',
    count: (t) => r.calls.filter((c) => c.t === t).length,
    onSnapshot(items, rv) {
      r.calls.push({ t: 'snapshot', n: items.length, rv })
      r.rows.clear()
      for (const row of items) r.rows.set(row.uid, row)
      r.lastId = rv
    },
    onDelta(type, row, rv) {
      r.calls.push({ t: type, uid: row.uid, rv })
      if (type === 'deleted') r.rows.delete(row.uid)
      else r.rows.set(row.uid, row)
      r.lastId = rv
    },
    onRelist(reason) {
      r.calls.push({ t: 'relist', reason })
    },
    ...(opts.partial
      ? {
          onPartialSnapshot(items: readonly RowDto[], progress: ListProgress) {
            r.calls.push({ t: 'partial', n: items.length })
            r.progress.push(progress)
            r.rows.clear()
            for (const row of items) r.rows.set(row.uid, row)
          }
        }
      : {}),
    onState(state, reason) {
      r.states.push({ state, reason })
    }
  }
  return r
}

/** Poll `cond` every 5 ms until true; throws with `what` after `timeoutMs` (bounded loop). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** uid → resourceVersion of a row map, for comparing row sets. */
export function versions(rows: Iterable<{ uid: string; resourceVersion: string }>): Map<string, string> {
  const m = new Map<string, string>()
  for (const r of rows) m.set(r.uid, r.resourceVersion)
  return m
}
