/**
 * The store's list and watch contracts, and how a raw event translates for a filtered watcher.
 *
 * Why: kept apart from the store itself so the store file stays about writes and reads; the
 * store re-exports these for its callers.
 */
import { matches } from './selectors.ts'
import type { EventType, Filter, Rec, StoreEvent } from './types.ts'

export interface ListOptions {
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** Page size; 0 or undefined = everything. */
  limit?: number
  continue?: string
}

export interface ListResult {
  /** The list's resourceVersion (a continued list keeps its first page's version). */
  readonly rv: number
  readonly items: Rec[]
  readonly continue?: string
  /** Items left after this page; only without selectors, as the apiserver does. */
  readonly remainingItemCount?: number
}

/** Receives a watch event already translated for the watcher's filter. */
export type WatchListener = (type: EventType, rec: Rec) => void

export interface WatchHandle {
  /** Synthetic ADDED objects (only for a watch without a resume version), a snapshot at `rv`. */
  readonly initial: Rec[]
  /** The store's resourceVersion when the watch started. */
  readonly rv: number
  cancel(): void
}

export interface Subscriber {
  readonly filter: Filter
  readonly listener: WatchListener
}

/**
 * Translate a raw event for a filtered watcher, as the apiserver's cacher does: an object that
 * stops matching is DELETED, one that starts matching is ADDED.
 */
export function translate(filter: Filter, ev: StoreEvent): { type: EventType; rec: Rec } | undefined {
  const now = ev.type !== 'DELETED' && matches(filter, ev.cur)
  const before = ev.prev !== undefined && ev.type !== 'ADDED' && matches(filter, ev.prev)
  if (ev.type === 'DELETED') return before ? { type: 'DELETED', rec: ev.cur } : undefined
  if (now && before) return { type: 'MODIFIED', rec: ev.cur }
  if (now) return { type: 'ADDED', rec: ev.cur }
  if (before) return { type: 'DELETED', rec: ev.cur }
  return undefined
}
