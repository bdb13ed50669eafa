/**
 * The namespace names of a cluster, for the namespace filter. A user who may not list namespaces
 * (`no access`) gets the namespaces they can use instead: their context's namespace and the
 * cluster's "namespaces to watch" setting.
 *
 * Why polled and not streamed: the filter needs names only, rarely changing; a stream here would
 * spend one of the user's capped stream slots on a dropdown.
 * Lifecycle: fetch on cluster change, then every REFRESH_MS; stop on unmount / cluster change.
 */
import { useEffect, useState } from 'react'
import { fetchList, fetchSettings } from '../api/client.ts'
import { SETTINGS_APPLIED } from './useSettings.ts'

/** New namespaces show up in the filter within this long. */
const REFRESH_MS = 30_000

/** Sorted namespace names of `cluster` ([] until known or when the list fails). */
export function useNamespaces(cluster: string, contextNamespace = ''): readonly string[] {
  const [names, setNames] = useState<readonly string[]>([])
  useEffect(() => {
    if (!cluster) return
    let alive = true
    const load = async (): Promise<void> => {
      try {
        const list = await fetchList(cluster, 'namespaces')
        if (alive) setNames(list.items.map((r) => r.name).sort())
      } catch (e) {
        // No access to the namespaces list: offer the ones the user can use. Otherwise the sidebar
        // shows the cluster's reason and the filter keeps "all namespaces".
        if ((e as { noAccess?: unknown }).noAccess !== true) return
        const configured = await fetchSettings().then(
          (st) => st.clusters?.[cluster]?.namespacesToWatch ?? [],
          () => []
        )
        if (alive) setNames([...new Set([...(contextNamespace ? [contextNamespace] : []), ...configured])].sort())
      }
    }
    void load()
    const t = window.setInterval(() => void load(), REFRESH_MS)
    const reload = (): void => {
      void load()
    }
    window.addEventListener(SETTINGS_APPLIED, reload)
    return () => {
      alive = false
      window.clearInterval(t)
      window.removeEventListener(SETTINGS_APPLIED, reload)
    }
  }, [cluster, contextNamespace])
  return names
}
