/**
 * Keeps the kind catalog (stores/kindCatalog.ts) filled: each cluster's custom kinds from
 * `GET /api/clusters/:cluster/kinds`.
 *
 * Why here: the server re-discovers when CRDs change but does not push the catalog; the renderer
 * asks when the cluster list changes (a context appears, or one comes back to `ok`), on a modest
 * timer while the window is visible, and at once when a list of a custom kind answers 404 (its CRD
 * was probably removed, or installed since the last ask).
 * Lifecycle: mounted once at the app root; the timer runs only while the document is visible and
 * stops on unmount. One request per cluster at a time; refreshes asked meanwhile coalesce.
 */
import { useEffect } from 'react'
import { ApiError, fetchClusterKinds } from '../api/client.ts'
import { keepClusters, setClusterKinds, setClusterKindsError } from '../stores/kindCatalog.ts'
import { server } from '../stores/serverStore.ts'

/**
 * A CRD installed while the app runs reaches the sidebar within this long even when no list
 * asked for it: one cheap GET per cluster (the server answers from its own discovery cache).
 */
export const KINDS_REFRESH_MS = 30_000
/** A burst of 404s (several views of a removed kind) asks once within this long. */
const REFRESH_COALESCE_MS = 1_000

const inFlight = new Map<string, Promise<void>>()
const lastAsked = new Map<string, number>()

/** Fetch one cluster's custom kinds now (unless a fetch of it is already running). */
export function refreshKinds(cluster: string): Promise<void> {
  const running = inFlight.get(cluster)
  if (running) return running
  lastAsked.set(cluster, Date.now())
  const p = fetchClusterKinds(cluster)
    .then(
      (res) => setClusterKinds(cluster, res),
      (e: unknown) => {
        // A server without the route yet (404) has no custom kinds to offer: not an error to show.
        if (e instanceof ApiError && e.status === 404) setClusterKinds(cluster, { kinds: [], reason: '', unserved: [] })
        else setClusterKindsError(cluster, (e as Error).message)
      }
    )
    .finally(() => inFlight.delete(cluster))
  inFlight.set(cluster, p)
  return p
}

/** A view saw a sign the catalog is stale (a custom kind's list answered 404): refresh soon. */
export function requestKindsRefresh(cluster: string): void {
  if (Date.now() - (lastAsked.get(cluster) ?? 0) < REFRESH_COALESCE_MS) return
  void refreshKinds(cluster)
}

function usableClusters(): string[] {
  return (server.getState().clusters ?? []).filter((c) => c.status === 'ok').map((c) => c.id)
}

/** Mount once at the app root. */
export function useKindCatalog(): void {
  useEffect(() => {
    let known = ''
    const onClusters = (): void => {
      const all = server.getState().clusters
      if (!all) return
      keepClusters(all.map((c) => c.id))
      const ids = usableClusters()
      const sig = ids.join('\n')
      if (sig === known) return
      const before = new Set(known.split('\n'))
      known = sig
      for (const c of ids) if (!before.has(c)) void refreshKinds(c)
    }
    onClusters()
    const unsub = server.subscribe((s, prev) => {
      if (s.clusters !== prev.clusters) onClusters()
    })
    const tick = (): void => {
      if (document.visibilityState === 'visible') for (const c of usableClusters()) void refreshKinds(c)
    }
    const t = window.setInterval(tick, KINDS_REFRESH_MS)
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') tick()
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      unsub()
      window.clearInterval(t)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [])
}
