/**
 * Watch, the way the app's engine and kubectl use it, for every kind: open (initial ADDED), a
 * Table watch (kubectl get -w: column definitions on the first event only), resume from a
 * resourceVersion after a write, bookmarks before the timeout, and the streaming list
 * (sendInitialEvents: ADDED for each object, then the `k8s.io/initial-events-end` bookmark).
 *
 * Event order within an initial burst is not a contract (the watch cache and the simulator both
 * walk their stores), so initial ADDED events are compared sorted by name; everything after is
 * compared in order.
 */
import { KINDS } from '../../../src/shared/kinds/registry.ts'
import type { KindDef } from '../../../src/shared/kinds/registry.ts'
import type { Backend } from '../../support/backends.ts'
import { apiGet, apiRequest, apiWatch } from '../../support/kubeApi.ts'
import type { WireEvent } from '../../support/kubeApi.ts'
import { OURS } from '../harness.ts'
import type { Obj, Pair } from '../harness.ts'
import { FIELD_MANAGER, TABLE_ACCEPT, collectionOf, manifestsOf } from './objects.ts'

const sel = encodeURIComponent(OURS)
/** Bound on collecting one watch's events (they arrive in milliseconds on loopback). */
const WATCH_MS = 5_000
/** timeoutSeconds of the bookmark watches (the real watch cache sends its pre-timeout bookmark 2 s before the deadline). */
const BOOKMARK_TIMEOUT_S = 3

const nameOf = (o: unknown): string => String(((o as Obj | undefined)?.metadata as Obj | undefined)?.name ?? '')
const rowName = (row: unknown): string => nameOf((row as Obj).object)
const byName = (a: WireEvent, b: WireEvent): number => nameOf(a.object).localeCompare(nameOf(b.object))
const added = (events: readonly WireEvent[]): number => events.filter((e) => e.type === 'ADDED').length
const isInitialEnd = (e: WireEvent): boolean =>
  e.type === 'BOOKMARK' && ((e.object.metadata as Obj | undefined)?.annotations as Obj | undefined)?.['k8s.io/initial-events-end'] === 'true'

async function count(b: Backend, k: KindDef): Promise<{ n: number; rv: string }> {
  const l = await apiGet<{ items: unknown[]; metadata: { resourceVersion: string } }>(b, `${collectionOf(k)}?labelSelector=${sel}`)
  return { n: l.items.length, rv: l.metadata.resourceVersion }
}

/** Watch both servers with per-server paths/conditions and compare what `view` makes of the events. */
async function both(
  p: Pair,
  label: string,
  path: (b: Backend) => Promise<string> | string,
  o: {
    accept?: string
    until?: (b: Backend) => ((events: readonly WireEvent[]) => boolean) | undefined
    view: (events: WireEvent[]) => unknown
    maxMs?: number
  }
): Promise<string[]> {
  const [s, r] = await Promise.all(
    [p.sim, p.real].map(async (b) => {
      const w = await apiWatch(b, await path(b), { accept: o.accept, until: o.until?.(b), maxMs: o.maxMs ?? WATCH_MS })
      return { status: w.status, events: w.status === 200 ? o.view(w.events) : w.text }
    })
  )
  return p.compare(label, s, r).unexplained
}

/** Open, Table watch, sendInitialEvents for one kind. */
async function initial(p: Pair, k: KindDef): Promise<string[]> {
  const coll = collectionOf(k)
  const counts = { sim: await count(p.sim, k), real: await count(p.real, k) }
  const need =
    (b: Backend) =>
    (ev: readonly WireEvent[]): boolean =>
      added(ev) >= counts[b.kind].n
  const out: string[] = []
  out.push(
    ...(await both(p, `WATCH ${coll}?labelSelector=${OURS}`, () => `${coll}?watch=1&labelSelector=${sel}`, {
      until: need,
      view: (ev) => ev.filter((e) => e.type === 'ADDED').sort(byName)
    }))
  )
  out.push(
    ...(await both(p, `WATCH(Table) ${coll}?labelSelector=${OURS}`, () => `${coll}?watch=1&labelSelector=${sel}`, {
      accept: TABLE_ACCEPT,
      until: need,
      view: (ev) => {
        const adds = ev.filter((e) => e.type === 'ADDED')
        const first = adds[0]?.object
        return {
          headers: adds.map((e) => (e.object.columnDefinitions === null ? 'null' : Array.isArray(e.object.columnDefinitions) ? 'definitions' : 'absent')),
          rowsPerEvent: adds.map((e) => (e.object.rows as unknown[] | undefined)?.length),
          // The first event's Table (its column definitions) holding every event's row, sorted.
          table: first
            ? { ...first, rows: adds.flatMap((e) => (e.object.rows as unknown[] | undefined) ?? []).sort((a, b) => rowName(a).localeCompare(rowName(b))) }
            : undefined
        }
      }
    }))
  )
  out.push(
    ...(await both(
      p,
      `WATCH ${coll}?sendInitialEvents=true&labelSelector=${OURS}`,
      () => `${coll}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=${sel}`,
      {
        until: () => (ev) => ev.some(isInitialEnd),
        view: (ev) => {
          const end = ev.findIndex(isInitialEnd)
          const before = end < 0 ? ev : ev.slice(0, end)
          return {
            initial: before.filter((e) => e.type === 'ADDED').sort(byName),
            others: before.filter((e) => e.type !== 'ADDED').map((e) => e.type),
            end: end < 0 ? undefined : ev[end]
          }
        }
      }
    ))
  )
  return out
}

/** Patch one object (a label), then resume a watch from before the patch, with bookmarks and a timeout. */
async function resume(p: Pair, k: KindDef): Promise<string[]> {
  const m = manifestsOf(p, k)[0]
  const coll = collectionOf(k)
  const out: string[] = []
  const before = { sim: (await count(p.sim, k)).rv, real: (await count(p.real, k)).rv }
  const patch = await p.same(`PATCH ${coll}/${m.metadata.name} (merge, a label)`, 'PATCH', `${coll}/${m.metadata.name}?fieldManager=${FIELD_MANAGER}`, {
    body: { metadata: { labels: { touched: k.id } } },
    contentType: 'application/merge-patch+json'
  })
  out.push(...patch.unexplained)
  const touched = (e: WireEvent): boolean => ((e.object.metadata as Obj | undefined)?.labels as Obj | undefined)?.touched === k.id
  const field = `fieldSelector=${encodeURIComponent(`metadata.name=${m.metadata.name}`)}`
  out.push(
    ...(await both(p, `WATCH ${coll}?resourceVersion=<before the patch>&${field}`, (b) => `${coll}?watch=1&resourceVersion=${before[b.kind]}&${field}`, {
      until: () => (ev) => ev.some(touched),
      view: (ev) => ev.find(touched)
    }))
  )
  // No redundant bookmark: the real watch cache sends one (2 s before the deadline, or every
  // minute) only once its resourceVersion moved past the last event this watcher received. Here
  // nothing of this kind changes after the patch, so the watch ends with no event at all.
  const after = { sim: (await count(p.sim, k)).rv, real: (await count(p.real, k)).rv }
  out.push(
    ...(await both(
      p,
      `WATCH ${coll}?resourceVersion=<after the patch>&allowWatchBookmarks=true&timeoutSeconds=${BOOKMARK_TIMEOUT_S}&${field} (idle)`,
      (b) => `${coll}?watch=1&resourceVersion=${after[b.kind]}&allowWatchBookmarks=true&timeoutSeconds=${BOOKMARK_TIMEOUT_S}&${field}`,
      {
        maxMs: (BOOKMARK_TIMEOUT_S + 5) * 1000,
        view: (ev) => withoutHeartbeats(k, ev)
      }
    ))
  )
  return out
}

/**
 * The pre-timeout bookmark: a watch on one pod while ANOTHER pod changes. The watcher sees no
 * event, but the watch cache's version moves past what it sent, so a BOOKMARK with the newer
 * version arrives before the deadline.
 */
async function progressBookmark(p: Pair): Promise<string[]> {
  const pods = '/api/v1/namespaces/diff/pods'
  const field = `fieldSelector=${encodeURIComponent('metadata.name=toolbox')}`
  const label = `WATCH ${pods}?resourceVersion=<now>&allowWatchBookmarks=true&timeoutSeconds=${BOOKMARK_TIMEOUT_S + 1}&${field} (another pod changes)`
  const [s, r] = await Promise.all(
    [p.sim, p.real].map(async (b) => {
      const rv = (await apiGet<{ metadata: { resourceVersion: string } }>(b, pods)).metadata.resourceVersion
      const other = (await apiGet<{ items: Obj[] }>(b, `${pods}?labelSelector=app%3Dcache`)).items[0]
      const w = apiWatch(b, `${pods}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=${BOOKMARK_TIMEOUT_S + 1}&${field}`, {
        maxMs: (BOOKMARK_TIMEOUT_S + 6) * 1000,
        onOpen: () => {
          void apiRequest(b, 'PATCH', `${pods}/${nameOf(other)}`, {
            body: { metadata: { annotations: { bumped: 'yes' } } },
            contentType: 'application/merge-patch+json'
          })
        }
      })
      const res = await w
      // The real cache may repeat its pre-timeout bookmark on the next tick; how many is timing.
      return { status: res.status, events: res.events.filter((e, i) => !(e.type === 'BOOKMARK' && res.events[i - 1]?.type === 'BOOKMARK')) }
    })
  )
  return p.compare(label, s, r).unexplained
}

/**
 * kwok (real side) writes node status heartbeats far more often than a kubelet (whose status
 * reports come every 5 minutes when nothing changes): our node's MODIFIED events, and the
 * bookmarks other nodes' heartbeats cause, are kwok's timing, not watch framing.
 */
function withoutHeartbeats(k: KindDef, ev: WireEvent[]): WireEvent[] {
  return k.id === 'nodes' ? ev.filter((e) => e.type !== 'MODIFIED' && e.type !== 'BOOKMARK') : ev
}

/** Run the watch requests of every kind; returns the unexplained report lines. */
export async function watchSection(p: Pair): Promise<string[]> {
  const out: string[] = []
  for (const k of KINDS) out.push(...(await initial(p, k)))
  // The bookmark watches each wait for their timeout: run the kinds side by side.
  const resumed = await Promise.all([...KINDS.map((k) => resume(p, k)), progressBookmark(p)])
  for (const r of resumed) out.push(...r)
  return out
}

/** Undo the `touched` labels (so later sections see the objects as created). */
export async function untouch(p: Pair): Promise<void> {
  await Promise.all(
    [p.sim, p.real].flatMap((b) =>
      KINDS.map((k) => {
        const m = manifestsOf(p, k)[0]
        return apiRequest(b, 'PATCH', `${collectionOf(k)}/${m.metadata.name}`, {
          body: { metadata: { labels: { touched: null } } },
          contentType: 'application/merge-patch+json'
        })
      })
    )
  )
}
