/**
 * A kind's collection as it was at an older resourceVersion, rebuilt from the event history.
 *
 * Why: `resourceVersionMatch=Exact` asks for the list at exactly that version (etcd reads at a
 * revision; the real apiserver answers 410 once it is compacted). The store keeps only the
 * current records plus the bounded history, so the old state is the current one with every later
 * event undone: for each key the first later event tells its state then (ADDED: absent; MODIFIED
 * or DELETED: its `prev`). The cost is O(events since `rv` + the page), never a copy of the kind.
 */
import type { KindTable } from './kindTable.ts'
import { matches } from './selectors.ts'
import type { Filter, Rec, StoreEvent } from './types.ts'

/** One page of the collection at `rv`, in key order, from `startKey` (inclusive). */
export function pageAt(t: KindTable, events: readonly StoreEvent[], filter: Filter, startKey: string, limit: number): { items: Rec[]; more: boolean } {
  // The state at rv of every key written since: null = did not exist then.
  const then = new Map<string, Rec | null>()
  for (const ev of events) if (!then.has(ev.cur.key)) then.set(ev.cur.key, ev.type === 'ADDED' ? null : (ev.prev ?? null))
  const [from, to] = t.range(filter.namespace)
  const keys = t.sorted()
  // Keys gone now but present then, in order (they are not in the table's sorted keys).
  const inNs = (k: string): boolean => filter.namespace === undefined || k.startsWith(`${filter.namespace}/`)
  const extra = [...then.entries()]
    .filter(([k, r]) => r !== null && !t.byKey.has(k) && inNs(k) && k >= startKey)
    .map(([k]) => k)
    .sort()
  const items: Rec[] = []
  let i = Math.max(from, t.lowerBound(startKey))
  let e = 0
  while (i < to || e < extra.length) {
    const useExtra = i >= to || (e < extra.length && extra[e] < keys[i])
    const key = useExtra ? extra[e++] : keys[i++]
    const rec = then.has(key) ? then.get(key) : t.byKey.get(key)
    if (!rec || !matches(filter, rec)) continue
    if (items.length >= limit) return { items, more: true }
    items.push(rec)
  }
  return { items, more: false }
}
