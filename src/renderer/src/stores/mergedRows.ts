/**
 * Several clusters' lists of one kind as one list: the rows of a merged table, kept up to date
 * from each cluster's own list in the list store, incrementally.
 *
 * Why a view and not a copy: each cluster keeps its own list (its own stream, health, snapshot and
 * change log; listStore.ts). The merged list reads their change logs and applies only the uids
 * each one names, so a delta costs O(1) and 5 clusters × 20k pods cost nothing per frame but the
 * changed rows. A snapshot or poll of one cluster (a `reset` in its log) is diffed against what
 * the merged list holds by row identity (the store keeps unchanged rows' objects), so a polling
 * cluster refreshing every 5 s hands on only what changed — never a rebuild of the whole table.
 * Rows are keyed by (cluster, uid): two clusters may hold the same uid (two simulators with one
 * seed do). Each merged row is a shallow wrapper of its cluster's row with `uid` = `cluster/uid`,
 * `cluster` and `sourceUid`, made once per row change; cells, labels and extras are shared.
 * Lifecycle: created for one set of sources (a new selection makes a new one); `sync()` on each
 * render with the sources' current versions; its `data` is a ListData any table consumer reads.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import { changesSince } from './changeLog.ts'
import type { ChangeBatch, ListData } from './listStore.ts'

/** A row of a merged table: which cluster it is from, and its uid there. */
export interface ClusterRow extends RowDto {
  readonly cluster: string
  readonly sourceUid: string
}

/** One cluster's list feeding the merged one. */
export interface MergedSource {
  readonly cluster: string
  /** Its key in the list store. */
  readonly key: string
}

/** Same length as the list store's: consumers catch up the same way. */
const CHANGE_LOG_LENGTH = 16

/** The merged uid of a cluster's row (a uid never holds `/`, so the last one splits it). */
export function mergedUid(cluster: string, uid: string): string {
  return `${cluster}/${uid}`
}

/** The cluster of a row: its own for a merged row, else `fallback` (the one cluster shown). */
export function rowCluster(row: RowDto, fallback: string): string {
  return (row as Partial<ClusterRow>).cluster ?? fallback
}

/** The row's uid in its cluster. */
export function sourceUid(row: RowDto): string {
  return (row as Partial<ClusterRow>).sourceUid ?? row.uid
}

export interface MergedList {
  /** The merged rows and change log (mutable: read, never write). */
  readonly data: ListData
  /** Bumped when the rows changed. */
  readonly version: number
  /**
   * Catch up with every source.
   * @param read a source's list data and its current version (undefined while not open).
   */
  sync(read: (key: string) => { data: ListData; version: number } | undefined): void
}

interface Fed {
  seen: number
  /** uid → the source row last merged (to tell a changed row by identity). */
  readonly src: Map<string, RowDto>
}

/** A merged list over `sources` (one per cluster). */
export function createMergedList(sources: readonly MergedSource[]): MergedList {
  const rows = new Map<string, RowDto>()
  const log: ChangeBatch[] = []
  const data: ListData = { rows, log, refs: 0 }
  const fed = new Map<string, Fed>(sources.map((s) => [s.key, { seen: -1, src: new Map() }]))
  let version = 0

  const put = (cluster: string, f: Fed, uid: string, row: RowDto | undefined, changed: Set<string>): void => {
    const id = mergedUid(cluster, uid)
    if (!row) {
      if (f.src.delete(uid)) {
        rows.delete(id)
        changed.add(id)
      }
      return
    }
    if (f.src.get(uid) === row) return
    f.src.set(uid, row)
    const merged: ClusterRow = { ...row, uid: id, cluster, sourceUid: uid }
    rows.set(id, merged)
    changed.add(id)
  }

  return {
    data,
    get version() {
      return version
    },
    sync(read) {
      const changed = new Set<string>()
      // A cluster's first rows are a new table, not changes to flash: the batch is a reset then.
      let joined = false
      for (const s of sources) {
        const f = fed.get(s.key)!
        const cur = read(s.key)
        if (!cur) {
          for (const uid of [...f.src.keys()]) put(s.cluster, f, uid, undefined, changed)
          f.seen = -1
          continue
        }
        if (cur.version === f.seen) continue
        const ch = f.seen < 0 ? { reset: true as const } : changesSince(cur.data, f.seen, cur.version)
        if (ch.reset && f.src.size === 0 && cur.data.rows.size > 0) joined = true
        f.seen = cur.version
        if (ch.reset) {
          for (const [uid, row] of cur.data.rows) put(s.cluster, f, uid, row, changed)
          for (const uid of [...f.src.keys()]) if (!cur.data.rows.has(uid)) put(s.cluster, f, uid, undefined, changed)
        } else {
          for (const uid of ch.uids) put(s.cluster, f, uid, cur.data.rows.get(uid), changed)
        }
      }
      if (changed.size === 0 && version > 0) return
      version++
      // The first batch, and one where a cluster's first rows joined, are resets (consumers build
      // once, nothing flashes); later ones name the merged uids.
      const reset = version === 1 || joined
      log.push({ version, reset, uids: reset ? [] : [...changed] })
      if (log.length > CHANGE_LOG_LENGTH) log.shift()
    }
  }
}
