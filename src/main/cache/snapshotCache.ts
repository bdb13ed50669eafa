/**
 * The offline snapshot cache: the last rows of each (cluster, kind, namespace), on disk.
 *
 * Why: an unreachable cluster should still show what it had ("offline, last seen <time>", spec
 * §1), across restarts. The watch engine marks a key whenever its rows change; this cache writes
 * the key's snapshot at most once per MIN_WRITE_INTERVAL_MS (the first write of a key soon after,
 * so a cluster that dies a moment after it was opened still has a snapshot), atomically
 * (`atomicFile.ts`), rows only (`cacheFile.ts`), with caps on rows per key and on the folder's
 * total bytes (oldest files evicted first). Nothing is kept in memory but a closure per pending
 * key: rows are read from the engine when written and from disk when asked for. A corrupt or
 * unreadable file is ignored with one log line, never a crash. The cache touches only its own
 * files, in its own marked subfolder (cacheFolder.ts): eviction and the temp sweep never see
 * anything else. A namespace with no rows leaves no file (a stream on a namespace the cluster
 * does not have lists nothing: 1,000 made-up names must not leave 1,000 files); an existing file
 * of a namespace that became empty is removed.
 * Lifecycle: `openSnapshotCache()` → `mark()` per change / `read()` per offline request →
 * `close()` (flushes every pending key, waits for writes in flight, clears every timer).
 */
import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readRegularFile } from '../files/regularFile.ts'
import type { OfflineCache, OfflineSnapshot } from '../watch/engine.ts'
import { watchKey } from '../watch/registry.ts'
import type { WatchKeyParts } from '../watch/types.ts'
import type { AnyKindId as KindId } from '../../shared/kinds/anyKind.ts'
import { removeStaleTemps, writeFileAtomic } from './atomicFile.ts'
import { cacheFileName, decodeCacheFile, encodeCacheFile } from './cacheFile.ts'
import { CACHE_SUBDIR, claimCacheFolder, isOwnCacheFile, isOwnTempFile } from './cacheFolder.ts'

/** A key is rewritten at most this often: at 500 events/s a list changes constantly, and a
 * snapshot 15 s old is as good as a live one for offline browsing, at a bounded disk cost. */
export const MIN_WRITE_INTERVAL_MS = 15_000
/** The first write of a key waits this long, so the burst of a first LIST lands as one write. */
export const FIRST_WRITE_DELAY_MS = 1_000
/** Rows kept per key: pods rows are ~660 B of JSON, so 20k rows ≈ 13 MB, ~40 ms to encode and
 * ~60 ms to write or read back (measured). A bigger list keeps its first 20k rows offline (events:
 * the newest 20k, as the engine hands them over newest first), and says so: the file records the
 * list's size, and the polled list carries it as `total`, so a view shows "20,000 of 20,080". */
export const MAX_ROWS_PER_KEY = 20_000
/** A file larger than this is not read (nothing we write comes near it: 20k rows ≈ 13 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024
/** The folder's budget; the least recently written files go first past it. */
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024

export interface SnapshotCacheOptions {
  /** The configured cache folder; the cache works in its own subfolder of it (created on first write). */
  readonly dir: string
  /** One line per problem; never given rows or credentials. */
  readonly log: (line: string) => void
  readonly minWriteIntervalMs?: number
  readonly firstWriteDelayMs?: number
  readonly maxRowsPerKey?: number
  readonly maxFileBytes?: number
  readonly maxTotalBytes?: number
}

/** The disk cache, plus what tests and the kubeconfig browser need. */
export interface SnapshotCache extends OfflineCache {
  readonly dir: string
  /** The cache's own subfolder of `dir`, where its files are. */
  readonly folder: string
  /** Persist every pending key now (or just `key`'s), and wait for writes in flight. */
  flush(key?: WatchKeyParts): Promise<void>
  /** A number that changes whenever what `read` answers for `kind` may have changed. */
  stamp(kind: KindId): number
}

interface Pending {
  readonly key: WatchKeyParts
  take: (() => OfflineSnapshot | undefined) | undefined
  timer?: NodeJS.Timeout
  writing?: Promise<void>
}

/** Open (lazily create) the cache in `opts.dir`. */
export function openSnapshotCache(opts: SnapshotCacheOptions): SnapshotCache {
  const { dir, log } = opts
  const folder = join(dir, CACHE_SUBDIR)
  const interval = opts.minWriteIntervalMs ?? MIN_WRITE_INTERVAL_MS
  const firstDelay = opts.firstWriteDelayMs ?? FIRST_WRITE_DELAY_MS
  const maxRows = opts.maxRowsPerKey ?? MAX_ROWS_PER_KEY
  const maxFileBytes = opts.maxFileBytes ?? MAX_FILE_BYTES
  const maxTotal = opts.maxTotalBytes ?? MAX_TOTAL_BYTES
  const pending = new Map<string, Pending>()
  const lastWriteAt = new Map<string, number>()
  const stamps = new Map<KindId, number>()
  const bump = (kind: KindId): void => {
    stamps.set(kind, (stamps.get(kind) ?? 0) + 1)
  }
  /** Files evicted so far (their kind is not known from the name: every stamp moves). */
  let evicted = 0
  /** file name → { bytes, written (ms) }: what the folder holds, for the byte budget. */
  let index: Promise<Map<string, { bytes: number; written: number }> | undefined> | undefined
  let closed = false

  /** Claim the folder, sweep our dead temp files, index our files; undefined = not ours, hands off. */
  const loadIndex = (): Promise<Map<string, { bytes: number; written: number }> | undefined> =>
    (index ??= (async () => {
      const claim = await claimCacheFolder(dir)
      if (!claim.ok) {
        log(`offline cache: not using ${claim.folder}: ${claim.reason}`)
        return undefined
      }
      const m = new Map<string, { bytes: number; written: number }>()
      await removeStaleTemps(folder, isOwnTempFile)
      let names: string[] = []
      try {
        names = await readdir(folder)
      } catch {
        /* vanished */
      }
      for (const name of names) {
        if (!isOwnCacheFile(name)) continue
        try {
          const st = await lstat(join(folder, name))
          if (st.isFile()) m.set(name, { bytes: st.size, written: st.mtimeMs })
        } catch {
          /* vanished meanwhile */
        }
      }
      return m
    })())

  function schedule(p: Pending, id: string): void {
    if (closed || p.timer || p.writing) return
    const last = lastWriteAt.get(id)
    const delay = last === undefined ? firstDelay : Math.max(0, last + interval - Date.now())
    p.timer = setTimeout(() => {
      delete p.timer
      void write(p, id)
    }, delay)
    p.timer.unref()
  }

  async function write(p: Pending, id: string): Promise<void> {
    const take = p.take
    p.take = undefined
    if (!take) {
      pending.delete(id)
      return
    }
    const run = (async () => {
      try {
        const snap = take()
        if (!snap) return
        await persist(p.key, snap)
      } catch (e) {
        log(`offline cache: could not save ${describe(p.key)}: ${(e as Error).message}`)
      }
    })()
    p.writing = run
    await run
    delete p.writing
    lastWriteAt.set(id, Date.now())
    if (p.take) schedule(p, id)
    else pending.delete(id)
  }

  async function persist(key: WatchKeyParts, snap: OfflineSnapshot): Promise<void> {
    if (key.namespace !== '' && snap.items.length === 0) return forget(key)
    const text = encodeCacheFile(key, snap, maxRows)
    const bytes = Buffer.byteLength(text)
    if (bytes > maxFileBytes) {
      log(`offline cache: not saving ${describe(key)}: ${bytes} bytes is over the ${maxFileBytes}-byte file cap`)
      return
    }
    if (snap.items.length > maxRows)
      log(`offline cache: ${describe(key)} has ${snap.items.length} rows; keeping the ${key.kind === 'events' ? 'newest' : 'first'} ${maxRows}`)
    const idx = await loadIndex()
    if (!idx) return
    const name = cacheFileName(key)
    await writeFileAtomic(join(folder, name), text)
    bump(key.kind)
    idx.set(name, { bytes, written: Date.now() })
    await evict(idx, name)
  }

  /** Remove the file of `key`, if we wrote one (a namespace that has no rows now). */
  async function forget(key: WatchKeyParts): Promise<void> {
    const idx = await loadIndex()
    const name = cacheFileName(key)
    if (!idx?.has(name)) return
    idx.delete(name)
    bump(key.kind)
    await rm(join(folder, name), { force: true })
  }

  /** Delete the least recently written files until the folder fits its budget (never `keep`). */
  async function evict(idx: Map<string, { bytes: number; written: number }>, keep: string): Promise<void> {
    let total = 0
    for (const f of idx.values()) total += f.bytes
    if (total <= maxTotal) return
    const oldest = [...idx.entries()].filter(([n]) => n !== keep).sort((a, b) => a[1].written - b[1].written)
    for (const [name, f] of oldest) {
      if (total <= maxTotal) break
      idx.delete(name)
      total -= f.bytes
      evicted++
      await rm(join(folder, name), { force: true }).catch((e: Error) => log(`offline cache: could not evict ${name}: ${e.message}`))
    }
  }

  return {
    dir,
    folder,

    mark(key, take): void {
      if (closed) return
      bump(key.kind)
      const id = watchKey(key)
      let p = pending.get(id)
      if (!p) {
        p = { key, take }
        pending.set(id, p)
      } else p.take = take
      schedule(p, id)
    },

    async read(key): Promise<OfflineSnapshot | undefined> {
      const fresh = pending.get(watchKey(key))?.take?.()
      if (fresh) return fresh
      const file = join(folder, cacheFileName(key))
      // Only a regular file under the cap is read (never a FIFO or a device planted there).
      const r = await readRegularFile(file, maxFileBytes)
      if (!r.ok) {
        if (r.code !== 'missing') log(`offline cache: ignoring ${file}: ${r.reason}`)
        return undefined
      }
      const d = decodeCacheFile(key, r.text)
      if (!d.ok) {
        log(`offline cache: ignoring ${file} (${describe(key)}): ${d.reason}`)
        return undefined
      }
      return d.totalRows > d.snapshot.items.length ? { ...d.snapshot, totalRows: d.totalRows } : d.snapshot
    },

    flush,

    stamp: (kind) => (stamps.get(kind) ?? 0) + evicted,

    async close(): Promise<void> {
      await flush()
      closed = true
      for (const p of pending.values()) if (p.timer) clearTimeout(p.timer)
      pending.clear()
    }
  }

  async function flush(key?: WatchKeyParts): Promise<void> {
    const ids = key ? [watchKey(key)] : [...pending.keys()]
    await Promise.all(
      ids.map(async (id) => {
        const p = pending.get(id)
        if (!p) return
        if (p.writing) await p.writing
        if (p.timer) {
          clearTimeout(p.timer)
          delete p.timer
        }
        if (p.take) await write(p, id)
      })
    )
  }
}

/** "cluster/kind[/namespace]" for log lines (names only, never rows). */
function describe(k: WatchKeyParts): string {
  return `${JSON.stringify(k.cluster)}/${k.kind}${k.namespace ? `/${k.namespace}` : ''}`
}
