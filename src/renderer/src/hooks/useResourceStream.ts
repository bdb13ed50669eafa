/**
 * useResourceStream: keeps one list (cluster, kind, namespace) live in the list store, and says
 * how healthy that is (`live` | `reconnecting` | `polling` | `offline` | `error`). The row sink is
 * hooks/streamController.ts; staying live (retry, fallback, health) is live/liveStream.ts.
 *
 * Lifecycle:
 *  1. Mount: register the list in the store (`openList`; views of the same key share rows).
 *  2. Wait for `/api/features`. A kind not in `watchStreams` polls from the start.
 *  3. Stream: open an EventSource at `…/{kind}/watch?token=` (EventSource cannot send headers).
 *  4. `snapshot` replaces all rows (unchanged rows keep their object) and marks the view `live`.
 *     An early `snapshot` with `partial: true` (a cold LIST still paging) shows its rows at once
 *     but keeps `connecting` with a "loading" detail until the complete snapshot replaces it.
 *  5. `added|modified|deleted` are buffered and applied once per animation frame, for all lists
 *     with one setState (frameBatcher): no Map copy, new objects only for changed rows.
 *  6. `relist` shows `reconnecting`; the fresh snapshot that follows makes it `live` again.
 *     `state` (the upstream watch changed state after the snapshot) shows `reconnecting` or
 *     `error` with the reason and the time of the last good data, and `live` when it recovers.
 *  7. Network drop: the browser reconnects by itself and sends Last-Event-ID; a resumed stream
 *     sends only the missed deltas, so "open again" already means `live`.
 *  8. Refusal (404 disabled, 429 capped, 401): EventSource closes with no status, so on CLOSED we
 *     re-check `/api/features`: disabled → poll until the settings re-enable it; otherwise poll
 *     and retry the stream after RETRY_BASE_MS, doubling up to RETRY_MAX_MS.
 *  9. MAX_FAILURES errors within FAILURE_WINDOW_MS → poll and retry later, as in 8. Polling runs
 *     every POLL_MS and stops when a retried stream delivers its snapshot.
 *  9b. `error` frame (the upstream failed before a snapshot, e.g. 403 listing pods): poll — the
 *     polled list answers the same refusal, shown as the view's error — and retry the stream after
 *     PERMANENT_RETRY_MS (403/404), or at once when a poll succeeds.
 * 10. Settings applied / cluster status changed → `update()`: disabled kinds close their stream
 *     and drop to `polling`; re-enabled kinds reopen it; an unreachable cluster polls the cached
 *     list and shows `offline` with its reason.
 * 11. Unmount: close the stream, stop timers, drop pending deltas, release the list.
 *     Views of one key (a table and a detail drawer's related rows, two clusters' tables) share
 *     one stream: the first opens it, the last one to leave closes it.
 * 12. `retry()` (the view's "Retry now" / "Go live"): asks the server to try the cluster again
 *     (probe + wake its watches) and reopens this view's stream at once.
 */
import { useCallback, useEffect } from 'react'
import { useStore } from 'zustand'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { ApiError, fetchFeatures, fetchList, retryCluster, routeKind } from '../api/client.ts'
import { isCustomToken } from '../../../shared/kinds/custom.ts'
import { setKindColumns, watchEnabled } from '../stores/kindCatalog.ts'
import { requestKindsRefresh } from './useKindCatalog.ts'
import { streamUrl } from '../api/stream.ts'
import { EMPTY_META, listKey, lists } from '../stores/listStore.ts'
import type { ListMeta } from '../stores/listStore.ts'
import { server, setClusterInfo, setFeatures } from '../stores/serverStore.ts'
import { createFrameBatcher, frameSchedule } from './frameBatcher.ts'
import { createStreamController } from './streamController.ts'
import type { StreamController } from './streamController.ts'

/** One batcher for every list: one setState per frame, however many views are live. */
const batcher = createFrameBatcher((b) => lists.applyFrame(b), frameSchedule)

/** Why a cluster is down ('' when usable), and whether it refuses us (`error`) rather than being unreachable. */
function clusterDown(cluster: string): { clusterDown: string; clusterError: boolean } {
  const c = server.getState().clusters?.find((x) => x.id === cluster)
  const down = c && (c.status === 'error' || c.status === 'offline') ? c.reason || `cluster ${cluster} is ${c.status}` : ''
  return { clusterDown: down, clusterError: Boolean(down) && c?.status === 'error' }
}

/**
 * Keep a list live and return its meta (rows are read from `lists.data(key)`).
 * @param namespace '' for all namespaces (or a cluster-scoped kind).
 * @returns the list key and its meta (health, count, version, …).
 */
export function useResourceStream(cluster: string, kind: AnyKindId, namespace: string): { key: string; meta: ListMeta; retry: () => void } {
  const key = listKey(cluster, kind, namespace)
  const featuresReady = useStore(server, (s) => s.features !== null || s.featuresError !== '')
  const meta = useStore(lists.store, (s) => s.meta[key]) ?? EMPTY_META

  useEffect(() => {
    lists.openList(key)
    return () => lists.closeList(key)
  }, [key])

  useEffect(() => {
    if (!cluster || !featuresReady) return
    return acquireFeed(cluster, kind, namespace, key)
  }, [cluster, kind, namespace, key, featuresReady])

  const retry = useCallback(() => {
    feeds.get(key)?.ctrl.retryNow()
    void retryCluster(cluster).then(
      (info) => {
        if (info) setClusterInfo(info)
      },
      () => undefined
    )
  }, [cluster, key])

  return { key, meta, retry }
}

/** One stream per list key, shared by every view of it. */
interface Feed {
  readonly ctrl: StreamController
  readonly stop: () => void
  refs: number
}
const feeds = new Map<string, Feed>()

/** Take a share of the key's stream (opening it first). @returns the release function. */
function acquireFeed(cluster: string, kind: AnyKindId, namespace: string, key: string): () => void {
  let feed = feeds.get(key)
  if (feed) feed.refs++
  else {
    feed = openFeed(cluster, kind, namespace, key)
    feeds.set(key, feed)
  }
  const mine = feed
  return () => {
    if (--mine.refs > 0) return
    mine.stop()
    if (feeds.get(key) === mine) feeds.delete(key)
  }
}

function openFeed(cluster: string, kind: AnyKindId, namespace: string, key: string): Feed {
  const ns = namespace || undefined
  const ctrl = createStreamController(
    kind,
    {
      openStream: () => new EventSource(streamUrl({ cluster, kind: routeKind(kind), namespace: ns })),
      fetchList: (signal) =>
        fetchList(cluster, kind, ns, signal).catch((e: unknown) => {
          // A custom kind the server does not serve (any more): the catalog may be stale (CRD removed).
          if (e instanceof ApiError && e.status === 404 && isCustomToken(kind)) requestKindsRefresh(cluster)
          throw e
        }),
      fetchFeatures: async () => {
        const f = await fetchFeatures()
        setFeatures(f)
        return f
      },
      now: () => Date.now(),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (h) => window.clearTimeout(h as number)
    },
    {
      replaceAll: (items, patch) => lists.replaceAll(key, items, patch),
      delta: (op) => batcher.push(key, op),
      dropPending: () => batcher.drop(key),
      setHealth: (patch) => lists.setHealth(key, patch),
      columns: (cols) => setKindColumns(cluster, kind, cols)
    }
  )
  const read = (): { streamEnabled: boolean; clusterDown: string; clusterError: boolean } => ({
    streamEnabled: watchEnabled(server.getState().features, kind),
    ...clusterDown(cluster)
  })
  ctrl.update(read())
  const unsub = server.subscribe(() => ctrl.update(read()))
  return {
    ctrl,
    refs: 1,
    stop: () => {
      unsub()
      ctrl.stop()
    }
  }
}

/**
 * Keep a list live for a part of a view that only reads it (a describe view's events and related
 * rows): the same shared stream as any table of that key, or nothing when `kind` is null.
 * @returns the list key ('' when none) and its current version (-1 until it exists).
 */
export function useListFeed(cluster: string, kind: AnyKindId | null, namespace: string): { key: string; version: number } {
  const key = kind && cluster ? listKey(cluster, kind, namespace) : ''
  const featuresReady = useStore(server, (s) => s.features !== null || s.featuresError !== '')
  const version = useStore(lists.store, (s) => (key ? (s.meta[key]?.version ?? -1) : -1))
  useEffect(() => {
    if (!key) return
    lists.openList(key)
    return () => lists.closeList(key)
  }, [key])
  useEffect(() => {
    if (!key || !kind || !featuresReady) return
    return acquireFeed(cluster, kind, namespace, key)
  }, [cluster, kind, namespace, key, featuresReady])
  return { key, version }
}
