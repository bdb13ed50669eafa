/**
 * The watch handler: `?watch=<true>` on any collection (or a named object), options decoded and
 * validated by `params.ts` before it runs.
 *
 * Why + semantics (apiserver watch cache, KEP-956 bookmarks, KEP-3157 streaming lists):
 * - `resourceVersion` unset, "" or "0": synthetic ADDED for every current object, then live events.
 * - `resourceVersion=N`: every event after N from the bounded history, then live; N older than the
 *   history → 410 Expired, as an in-stream ERROR event then end of stream (default, like the watch
 *   cache) or as the HTTP status when `faults.goneMode === 'http'`.
 * - `sendInitialEvents=true` (+ `resourceVersionMatch=NotOlderThan`, `allowWatchBookmarks=true`):
 *   initial ADDED events, then a BOOKMARK annotated `k8s.io/initial-events-end: "true"`.
 * - `allowWatchBookmarks=true`: BOOKMARKs as the watch cache sends them (cacheWatcher.process):
 *   only at a version newer than where the watch started (its resourceVersion, or the newest
 *   replayed/initial event), so a watch on which nothing happened gets none. 2 s before the
 *   `timeoutSeconds` deadline at the kind's newest version (any object of the kind, matching the
 *   watch or not: the cache's "last processed" version); every `bookmarkIntervalMs` at the store's
 *   version (the cache's version also moves with etcd's progress notifications, which arrive about
 *   once per bookmark period). The object is the kind's Go zero value (bookmarkObjects.ts).
 * Lifecycle: validate → subscribe to the store (synchronously, so no write is missed or seen
 * twice) → session streams until timeout, fault, slow-consumer cut, client close or server stop.
 */
import type { ServerResponse } from 'node:http'
import { groupVersion } from '../kinds.ts'
import type { KindDef } from '../kinds.ts'
import type { SimFaults } from '../faults.ts'
import type { SimStore } from '../store/store.ts'
import { StoreError } from '../store/types.ts'
import type { EventType, Filter, Rec } from '../store/types.ts'
import type { ListParams } from './params.ts'
import { tooLargeRv } from './params.ts'
import { statusBody, sendStatus } from './status.ts'
import type { StatusBody } from './status.ts'
import { bookmarkObject } from './bookmarkObjects.ts'
import { tableWatchEncoder } from './table.ts'
import type { IncludeObject } from './table.ts'
import type { WatchHub } from './watchHub.ts'
import type { VersionView } from './versions.ts'
import { WatchSession } from './watchSession.ts'
import type { WatchEncoder } from './watchSession.ts'

export interface WatchDeps {
  readonly store: SimStore
  readonly hub: WatchHub
  readonly faults: SimFaults
  readonly bookmarkIntervalMs: number
}

export interface WatchRequest {
  readonly kind: KindDef
  readonly filter: Filter
  /** The decoded and validated list options. */
  readonly params: ListParams
  /** Table output options when the client accepts `as=Table`. */
  readonly table?: { includeObject: IncludeObject; noHeaders: boolean }
  /** Another served version of the kind: objects are converted to it. */
  readonly view?: VersionView
}

const PREFIX: Record<EventType, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":')
}
const SUFFIX = Buffer.from('}\n')
/** The watch cache sends its pre-timeout bookmark this long before the deadline (cacheWatcher.nextBookmarkTime). */
const PRE_TIMEOUT_BOOKMARK_S = 2

function makeEncoder(store: SimStore, kind: KindDef, table: WatchRequest['table'], view: VersionView | undefined): WatchEncoder {
  const apiVersion = groupVersion(kind)
  const tbl = table ? tableWatchEncoder(kind.id, table) : undefined
  return {
    event(type: EventType, rec: Rec): Buffer {
      if (!tbl && view) return Buffer.concat([PREFIX[type], Buffer.from(JSON.stringify(view.out(store.object(rec)))), SUFFIX])
      if (!tbl) return Buffer.concat([PREFIX[type], rec.json, SUFFIX])
      return Buffer.from(`{"type":"${type}","object":${JSON.stringify(tbl.encode(store.object(rec)))}}\n`)
    },
    bookmark(rv: number, initialEnd: boolean): Buffer {
      return Buffer.from(`${JSON.stringify({ type: 'BOOKMARK', object: bookmarkObject(kind.id, kind.kind, apiVersion, rv, initialEnd) })}\n`)
    }
  }
}

/** Where the watch starts: 'initial' (synthetic ADDED), 'now', or after a version. */
function startOf(p: ListParams): 'initial' | 'now' | number | StatusBody {
  const rv = p.resourceVersion
  if (p.sendInitialEvents === true) return 'initial'
  if (rv !== '' && !/^\d+$/.test(rv)) return statusBody(400, 'BadRequest', `invalid resource version: "${rv}"`)
  if (p.sendInitialEvents === false) return rv === '' || rv === '0' ? 'now' : Number(rv)
  return rv === '' || rv === '0' ? 'initial' : Number(rv)
}

/** Serve one watch request on `res` (the response stays open until the watch ends). */
export function serveWatch(deps: WatchDeps, res: ServerResponse, w: WatchRequest): void {
  const start = startOf(w.params)
  if (typeof start === 'object') return sendStatus(res, start)
  const { store, hub, faults } = deps
  if (typeof start === 'number' && start < store.historyFloor() && faults.goneMode === 'http') {
    return sendStatus(res, statusBody(410, 'Expired', `too old resource version: ${start} (${store.historyFloor()})`))
  }
  // A version this apiserver has not reached (it was restarted on a fresh or restored store):
  // the apiserver's "Too large resource version" Timeout (504, cause ResourceVersionTooLarge).
  // The real one first waits up to 3 s for its cache to catch up; the sim answers at once.
  if (typeof start === 'number' && start > store.currentRv()) {
    const tooLarge = tooLargeRv(start, store.currentRv())
    if (faults.goneMode === 'http') return sendStatus(res, tooLarge)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' })
    res.end(`${JSON.stringify({ type: 'ERROR', object: tooLarge })}\n`)
    return
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' })
  res.flushHeaders()
  const encoder = makeEncoder(store, w.kind, w.table, w.view)
  const bookmarks = w.params.allowWatchBookmarks
  const timeout = w.params.timeoutSeconds ?? 0
  const pending: Array<[EventType, Rec]> = []
  // Replayed events arrive inside store.watch(), before the session exists: hold them until then.
  const target: { session?: WatchSession } = {}
  // Bookmarks need a version newer than where the watch started (after its replay).
  let startRv = typeof start === 'number' ? start : store.currentRv()
  let stopKindWatch: (() => void) | undefined
  const listener = (type: EventType, rec: Rec): void => {
    if (target.session) target.session.event(type, rec)
    else {
      pending.push([type, rec])
      startRv = Math.max(startRv, rec.rv)
    }
  }
  let handle
  try {
    handle = store.watch(w.kind.id, w.filter, typeof start === 'number' ? start : start === 'now' ? store.currentRv() : undefined, listener)
  } catch (err) {
    if (!(err instanceof StoreError)) throw err
    res.end(`${JSON.stringify({ type: 'ERROR', object: statusBody(err.code, err.reason, err.message) })}\n`)
    return
  }
  const s = new WatchSession({
    res,
    encoder,
    initial: handle.initial,
    initialEndRv: start === 'initial' && w.params.sendInitialEvents === true ? handle.rv : undefined,
    stalled: () => faults.isStalled(),
    onClose: (closed) => {
      handle.cancel()
      stopKindWatch?.()
      hub.remove(closed)
    }
  })
  target.session = s
  hub.add(s, w.kind.id)
  for (const [type, rec] of pending) s.event(type, rec)
  if (bookmarks) {
    // Every write of the kind, matching this watch or not, moves the kind's version.
    let kindRv = startRv
    const all = store.watch(w.kind.id, store.filter(w.kind.id, {}), store.currentRv(), (_t, rec) => {
      kindRv = rec.rv
    })
    const bookmarkAt = (rv: number): void => {
      if (rv > startRv) s.bookmark(rv)
    }
    s.addTimer(setInterval(() => bookmarkAt(store.currentRv()), deps.bookmarkIntervalMs))
    if (timeout > PRE_TIMEOUT_BOOKMARK_S) s.addTimer(setTimeout(() => bookmarkAt(kindRv), (timeout - PRE_TIMEOUT_BOOKMARK_S) * 1000))
    stopKindWatch = all.cancel
    if (s.isClosed()) all.cancel()
  }
  if (timeout > 0) s.addTimer(setTimeout(() => s.endAfterQueue(), timeout * 1000))
  s.pump()
}
