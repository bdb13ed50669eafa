/**
 * The on-disk shape of one cached list: its file name and its validated JSON encoding.
 *
 * Why: cluster ids are arbitrary strings (context names hold `/`, `:`, `..`, anything), so a file
 * name is never built from them: it is a SHA-256 of the key, and the key is repeated inside the
 * file so a file that does not belong to the key asked for (a collision, a hand-copied file) is
 * refused. Only row DTOs are written, re-projected field by field so nothing but the row
 * fields can ever reach the disk. Decoding trusts nothing: any shape error is a reason string
 * for the caller's log line, never an exception. Lifecycle: pure functions.
 */
import { createHash } from 'node:crypto'
import type { RowDto } from '../../shared/dto/row.ts'
import type { AnyKindId } from '../../shared/kinds/anyKind.ts'
import { isCustomToken } from '../../shared/kinds/custom.ts'
import { findKind } from '../../shared/kinds/registry.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { WatchKeyParts } from '../watch/types.ts'
import type { OfflineSnapshot } from '../watch/engine.ts'

/** Bumped when the layout changes; files of another format are ignored (and later evicted). */
export const CACHE_FORMAT = 1
/** Extension of cache files (temp files end in `.tmp` and start with a dot). */
export const CACHE_EXT = '.json'

/** What a cache file holds. */
export interface CacheFileBody {
  readonly format: number
  readonly cluster: string
  readonly kind: AnyKindId
  readonly namespace: string
  readonly server?: string
  readonly resourceVersion: string
  /** ISO time the rows were last known to match the cluster. */
  readonly lastSeen: string
  /** ISO time of the write. */
  readonly writtenAt: string
  /** A custom kind's Table columns (its rows' cells are keyed by them). */
  readonly columns?: readonly ColumnDef[]
  /** Rows the list had; more than `items.length` when the per-key cap cut it. */
  readonly totalRows: number
  readonly items: readonly RowDto[]
}

/** The file name of a key: 32 hex characters of SHA-256 (no part of the cluster id survives). */
export function cacheFileName(key: WatchKeyParts): string {
  return (
    createHash('sha256')
      .update(JSON.stringify([key.cluster, key.kind, key.namespace]))
      .digest('hex')
      .slice(0, 32) + CACHE_EXT
  )
}

/** Copy only the row fields (an object carrying anything more still writes just these). */
export function rowOnly(r: RowDto): RowDto {
  return {
    uid: r.uid,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    createdAt: r.createdAt,
    resourceVersion: r.resourceVersion,
    labels: r.labels,
    ...(r.deletingAt !== undefined ? { deletingAt: r.deletingAt } : {}),
    cells: r.cells,
    ...(r.extra !== undefined ? { extra: r.extra } : {})
  }
}

/** Encode a snapshot of `key`, keeping at most `maxRows` rows. */
export function encodeCacheFile(key: WatchKeyParts, snap: OfflineSnapshot, maxRows: number, now = new Date()): string {
  const items = snap.items.length > maxRows ? snap.items.slice(0, maxRows) : snap.items
  const body: CacheFileBody = {
    format: CACHE_FORMAT,
    cluster: key.cluster,
    kind: key.kind,
    namespace: key.namespace,
    ...(snap.server !== undefined ? { server: snap.server } : {}),
    resourceVersion: snap.resourceVersion,
    lastSeen: snap.lastSeen,
    writtenAt: now.toISOString(),
    totalRows: snap.items.length,
    ...(snap.columns ? { columns: snap.columns } : {}),
    items: items.map(rowOnly)
  }
  return JSON.stringify(body)
}

export type Decoded = { readonly ok: true; readonly snapshot: OfflineSnapshot; readonly totalRows: number } | { readonly ok: false; readonly reason: string }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isIso = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v))

/** Decode and validate a cache file's text for `key`. */
export function decodeCacheFile(key: WatchKeyParts, text: string): Decoded {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message.slice(0, 120)})` }
  }
  if (!isObj(body)) return { ok: false, reason: 'not a JSON object' }
  if (body.format !== CACHE_FORMAT) return { ok: false, reason: `format ${JSON.stringify(body.format)} is not ${CACHE_FORMAT}` }
  if (body.cluster !== key.cluster || body.kind !== key.kind || body.namespace !== key.namespace) {
    return { ok: false, reason: 'it belongs to another (cluster, kind, namespace)' }
  }
  if (!findKind(String(body.kind)) && !isCustomToken(String(body.kind))) return { ok: false, reason: 'unknown kind' }
  const columns = validColumns(body.columns)
  if (body.columns !== undefined && !columns) return { ok: false, reason: 'columns is not a list of columns' }
  if (typeof body.resourceVersion !== 'string') return { ok: false, reason: 'no resourceVersion' }
  if (!isIso(body.lastSeen)) return { ok: false, reason: 'no valid lastSeen time' }
  if (body.server !== undefined && typeof body.server !== 'string') return { ok: false, reason: 'server is not a string' }
  if (!Array.isArray(body.items)) return { ok: false, reason: 'items is not a list' }
  for (const [i, r] of (body.items as unknown[]).entries()) {
    if (
      !isObj(r) ||
      typeof r.uid !== 'string' ||
      typeof r.name !== 'string' ||
      r.kind !== key.kind ||
      typeof r.namespace !== 'string' ||
      typeof r.resourceVersion !== 'string' ||
      !isObj(r.cells) ||
      !isObj(r.labels)
    ) {
      return { ok: false, reason: `items[${i}] is not a ${key.kind} row` }
    }
  }
  const items = (body.items as RowDto[]).map(rowOnly)
  return {
    ok: true,
    totalRows: Number.isSafeInteger(body.totalRows) && (body.totalRows as number) >= items.length ? (body.totalRows as number) : items.length,
    snapshot: {
      items,
      resourceVersion: body.resourceVersion,
      lastSeen: new Date(body.lastSeen).toISOString(),
      ...(columns ? { columns } : {}),
      ...(typeof body.server === 'string' ? { server: body.server } : {})
    }
  }
}

/** A custom kind's cached columns, when they are a list of column defs. */
function validColumns(v: unknown): readonly ColumnDef[] | undefined {
  if (!Array.isArray(v)) return undefined
  const ok = v.every((c) => isObj(c) && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.type === 'string')
  return ok ? (v as ColumnDef[]) : undefined
}
