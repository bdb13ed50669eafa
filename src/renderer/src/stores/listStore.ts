/**
 * The rows of every open list (one per cluster|kind|namespace), and each list's stream health.
 *
 * Why this shape: zustand's idiom is "new Map per update", but a copy of a 150k-entry Map per
 * frame blows the frame budget (performance-notes §4.5). So each list keeps one **mutable** Map
 * (uid → row) plus a small immutable `meta` object whose `version` bumps on every change; views
 * select `meta` and read the Map. Only changed rows are new objects, so memoized rows re-render
 * only when they changed. A short change log lets sorted views update incrementally.
 * Lifecycle: `openList` when a view mounts; `applySnapshot` / `applyFrame` / `applyPolled` as data
 * arrives (one setState each); `setHealth` from the stream controller; `closeList` when the last
 * view of a key unmounts.
 */
import type { NamespaceScope } from '../../../shared/api/frames.ts'
import { createStore } from 'zustand/vanilla'
import type { RowDto } from '../../../shared/dto/row.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'

/**
 * What the health badge shows (the live core's `LiveHealth`, declared again here because stores
 * import only shared). `connecting` only before the first data of a list; `error` when the
 * cluster refuses the list it had been streaming (e.g. 403 after an RBAC change).
 */
export type StreamHealth = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline' | 'error' | 'noaccess'

/** How many batches of changed uids are kept for views that render less often than we commit. */
const CHANGE_LOG_LENGTH = 16

export interface ListMeta {
  readonly version: number
  readonly count: number
  readonly health: StreamHealth
  /** Why the list is not live (refused stream, poll error, …), or ''. */
  readonly detail: string
  /** True once a snapshot or a polled list has arrived. */
  readonly loaded: boolean
  /** The last error loading the list, or ''. */
  readonly error: string
  /** Why the user may not list this kind here (`no access`: shown plainly, not as an error), or ''. */
  readonly noAccess: string
  /** An "all namespaces" list served as the namespaces the user may read (and those the budget left out), or null. */
  readonly scope: NamespaceScope | null
  /**
   * When the rows are not current — from a stale cache, or kept while the upstream watch is
   * reconnecting or refused — the time they were last known good; '' when current.
   */
  readonly lastSeen: string
  readonly resourceVersion: string
  /** Rows the list really has when the rows shown are a bounded copy of it (offline cache); 0 otherwise. */
  readonly total: number
  /**
   * While a first LIST is still arriving (partial snapshots): how many rows have arrived, and of
   * how many when the apiserver tells; null once the list is complete (or polled).
   */
  readonly progress: { readonly received: number; readonly total?: number } | null
}

/** One batch of changed uids; `reset` means "everything changed" (snapshot, poll). */
export interface ChangeBatch {
  readonly version: number
  readonly reset: boolean
  readonly uids: readonly string[]
}

/** The mutable part of a list: not copied per update. */
export interface ListData {
  readonly rows: Map<string, RowDto>
  readonly log: ChangeBatch[]
  refs: number
}

export interface DeltaOp {
  readonly type: 'added' | 'modified' | 'deleted'
  readonly row: RowDto
}

export interface ListState {
  readonly meta: Readonly<Record<string, ListMeta>>
  readonly data: ReadonlyMap<string, ListData>
}

/** The identity of a list. */
export function listKey(cluster: string, kind: AnyKindId, namespace: string): string {
  return `${cluster}|${kind}|${namespace}`
}

/** A list's meta before anything is known of it (connecting, nothing loaded). */
export const EMPTY_META: ListMeta = {
  version: 0,
  count: 0,
  health: 'connecting',
  detail: '',
  loaded: false,
  error: '',
  noAccess: '',
  scope: null,
  lastSeen: '',
  resourceVersion: '',
  total: 0,
  progress: null
}

/** Create the store (one per app; tests make their own). */
export function createListStore() {
  const store = createStore<ListState>(() => ({ meta: {}, data: new Map() }))

  function bump(key: string, patch: Partial<ListMeta>, batch?: { reset: boolean; uids: readonly string[] }): Record<string, ListMeta> {
    const d = store.getState().data.get(key)
    const prev = store.getState().meta[key] ?? EMPTY_META
    const version = batch ? prev.version + 1 : prev.version
    if (batch && d) {
      d.log.push({ version, reset: batch.reset, uids: batch.uids })
      if (d.log.length > CHANGE_LOG_LENGTH) d.log.shift()
    }
    return { [key]: { ...prev, ...patch, version, count: d ? d.rows.size : 0 } }
  }

  return {
    store,
    /** Register a view of `key`; the list's data lives while any view holds it. */
    openList(key: string): void {
      const s = store.getState()
      const d = s.data.get(key)
      if (d) {
        d.refs++
        return
      }
      const data = new Map(s.data)
      data.set(key, { rows: new Map(), log: [], refs: 1 })
      store.setState({ data, meta: { ...s.meta, [key]: EMPTY_META } })
    },
    /** Release a view; the last one drops the rows. */
    closeList(key: string): void {
      const s = store.getState()
      const d = s.data.get(key)
      if (!d || --d.refs > 0) return
      const data = new Map(s.data)
      data.delete(key)
      const meta = { ...s.meta }
      delete meta[key]
      store.setState({ data, meta })
    },
    /** Replace all rows (stream snapshot or polled list); unchanged rows keep their object. */
    replaceAll(key: string, items: readonly RowDto[], patch: Partial<ListMeta>): void {
      const d = store.getState().data.get(key)
      if (!d) return
      const next = new Map<string, RowDto>()
      for (const it of items) {
        const old = d.rows.get(it.uid)
        next.set(it.uid, old && old.resourceVersion === it.resourceVersion ? old : it)
      }
      d.rows.clear()
      for (const [k, v] of next) d.rows.set(k, v)
      store.setState((s) => ({ meta: { ...s.meta, ...bump(key, { ...patch, loaded: true, error: '', noAccess: '' }, { reset: true, uids: [] }) } }))
    },
    /** Apply one frame's buffered deltas of many lists with a single setState. */
    applyFrame(batches: ReadonlyMap<string, readonly DeltaOp[]>): void {
      const patches: Record<string, ListMeta> = {}
      for (const [key, ops] of batches) {
        const d = store.getState().data.get(key)
        if (!d || ops.length === 0) continue
        const changed = new Set<string>()
        for (const op of ops) {
          if (op.type === 'deleted') d.rows.delete(op.row.uid)
          else d.rows.set(op.row.uid, op.row)
          changed.add(op.row.uid)
        }
        Object.assign(patches, bump(key, {}, { reset: false, uids: [...changed] }))
      }
      if (Object.keys(patches).length > 0) store.setState((s) => ({ meta: { ...s.meta, ...patches } }))
    },
    /** Change a list's health / detail / error without touching rows. */
    setHealth(key: string, patch: Partial<Pick<ListMeta, 'health' | 'detail' | 'error' | 'lastSeen' | 'noAccess' | 'scope'>>): void {
      const prev = store.getState().meta[key]
      if (!prev) return
      const same = (Object.keys(patch) as (keyof typeof patch)[]).every((k) => prev[k] === patch[k])
      if (!same) store.setState((s) => ({ meta: { ...s.meta, ...bump(key, patch) } }))
    },
    /** The rows and change log of a list (mutable: read, never write). */
    data(key: string): ListData | undefined {
      return store.getState().data.get(key)
    }
  }
}

export type ListStore = ReturnType<typeof createListStore>

/** The app's list store. */
export const lists: ListStore = createListStore()
