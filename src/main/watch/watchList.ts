/**
 * WatchList (streaming lists): whether a reflector's first sync uses a watch with
 * `sendInitialEvents=true` instead of a paged LIST, and how such a sync is recognised as done.
 *
 * Why: a LIST of 50k pods is one big body per page, parsed page by page, held whole until its
 * last page; the apiserver also builds each page. A WatchList streams the same objects as ADDED
 * events from its watch cache, then a BOOKMARK annotated `k8s.io/initial-events-end: "true"`
 * whose resourceVersion is where the list stands; the same request then carries the live events
 * (client-go's reflector `watchList`, on by default in client-go from 1.34).
 * The setting `PERISCOPE_WATCH_LIST`:
 *   - `auto` (default): on for apiservers ≥ 1.34 (WatchList is on by default there: the
 *     feature gate went to beta-on in 1.34's kube-apiserver), off for older ones and for clusters
 *     whose version is not known yet;
 *   - `on`: always tried first, `off`: never (the paged LIST).
 * A server that refuses the parameters (one with the gate off answers 422/400) or ignores them
 * gets LISTs for a while; a stream cut before the end bookmark is retried as a WatchList
 * (reflector.ts: `WATCH_LIST_RETRY_AFTER_MS`, `WATCH_LIST_QUIET_MS`). Custom kinds (Table) always list.
 * Lifecycle: pure helpers.
 */
import type { WatchEvent } from '../kube/source.ts'

export type WatchListMode = 'auto' | 'on' | 'off'
export const ENV_WATCH_LIST = 'PERISCOPE_WATCH_LIST'
/** The annotation of the bookmark that ends the initial events (k8s.io/apimachinery metav1.InitialEventsAnnotationKey). */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end'
/** The first minor version whose apiserver serves WatchList by default. */
const DEFAULT_ON_MINOR = 34

/** Parse the setting. @returns the mode, or an error message naming the bad value. */
export function parseWatchListMode(v: string | undefined): { ok: true; mode: WatchListMode } | { ok: false; error: string } {
  const t = (v ?? '').trim().toLowerCase()
  if (t === '' || t === 'auto') return { ok: true, mode: 'auto' }
  if (t === 'on' || t === 'off') return { ok: true, mode: t }
  return { ok: false, error: `${ENV_WATCH_LIST}: "${v}" is not one of auto, on, off` }
}

/** Whether a cluster at `gitVersion` (e.g. `v1.34.4`, `v1.33.2-gke.1`) gets WatchList in `mode`. */
export function useWatchList(mode: WatchListMode, gitVersion: string | undefined): boolean {
  if (mode !== 'auto') return mode === 'on'
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion ?? '')
  return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= DEFAULT_ON_MINOR)
}

/** Whether `ev` is the bookmark that ends a WatchList's initial events. */
export function isInitialEventsEnd(ev: WatchEvent): boolean {
  const ann = ev.object.metadata?.annotations as Readonly<Record<string, string>> | undefined
  return ev.type === 'BOOKMARK' && ann?.[INITIAL_EVENTS_END] === 'true'
}
