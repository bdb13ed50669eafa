/**
 * Loads what the server says about itself (`/api/features`, `/api/clusters`) and keeps the
 * cluster list fresh so status dots and reasons follow reality.
 *
 * Lifecycle: on mount fetch both; re-fetch clusters every CLUSTERS_REFRESH_MS and features every
 * FEATURES_REFRESH_MS; select the first
 * usable cluster when none is selected; stop on unmount.
 */
import { useEffect } from 'react'
import { connection } from '../api/bridge.ts'
import { ApiError, fetchClusters, fetchFeatures } from '../api/client.ts'
import { server, setClusters, setClustersError, setFeatures, setFeaturesError, setSignInRefused } from '../stores/serverStore.ts'
import { navigate, ui } from '../stores/uiStore.ts'

/** Cluster status changes (a context comes back) show within this long, at one cheap GET. */
const CLUSTERS_REFRESH_MS = 10_000
/** Settings changed by another client (or the env-pinned reload) reach open views within this long. */
const FEATURES_REFRESH_MS = 30_000

/**
 * Resolve the connection now: moves a `?token=` (or the server's `signin=expired`) out of the
 * address bar before the first render; an expired link shows the sign-in page at once.
 */
export function initConnection(): void {
  if (connection().expiredLink) setSignInRefused()
}

/**
 * True when this page can sign in: the desktop window always can; a browser tab can when it was
 * opened at the printed `/?token=…` link (the server then keeps it signed in with a cookie).
 */
export function hasSignIn(): boolean {
  return connection().signedIn
}

/** Refetch `/api/features` (after settings are applied, every view re-checks its stream). */
export async function refreshFeatures(): Promise<void> {
  try {
    setFeatures(await fetchFeatures())
  } catch (e) {
    refused(e)
    setFeaturesError((e as Error).message)
  }
}

/** A 401 means the token is wrong or from an earlier launch: the page says how to sign in again. */
function refused(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) setSignInRefused()
}

/** Refetch `/api/clusters` now (status dots and reasons; after a reload or a retry). */
export async function refreshClusters(): Promise<void> {
  try {
    const clusters = await fetchClusters()
    setClusters(clusters)
    // A place (an old link, the last session) may name contexts that are gone: keep the known
    // ones; with none left, the first usable cluster.
    const selected = ui.getState().clusters
    const known = selected.filter((c) => clusters.some((x) => x.id === c))
    if (clusters.length > 0 && (known.length !== selected.length || selected.length === 0)) {
      if (known.length > 0) navigate({ clusters: known, open: null })
      else navigate({ clusters: [(clusters.find((c) => c.status === 'ok') ?? clusters[0]).id], namespace: '', open: null })
    }
  } catch (e) {
    refused(e)
    setClustersError((e as Error).message)
  }
}

/** Mount once at the app root. */
export function useServerBootstrap(): void {
  useEffect(() => {
    if (!hasSignIn()) return
    if (server.getState().features === null) void refreshFeatures()
    void refreshClusters()
    const t = window.setInterval(() => void refreshClusters(), CLUSTERS_REFRESH_MS)
    const f = window.setInterval(() => void refreshFeatures(), FEATURES_REFRESH_MS)
    return () => {
      window.clearInterval(t)
      window.clearInterval(f)
    }
  }, [])
}
