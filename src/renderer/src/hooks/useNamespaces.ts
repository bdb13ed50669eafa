/**
 * The namespace names of a cluster, for the namespace filter.
 *
 * Why polled and not streamed: the filter needs names only, rarely changing; a stream here would
 * spend one of the user's capped stream slots on a dropdown.
 * Lifecycle: fetch on cluster change, then every REFRESH_MS; stop on unmount / cluster change.
 */
import { useEffect, useState } from 'react'
import { fetchList } from '../api/client.ts'

/** New namespaces show up in the filter within this long. */
const REFRESH_MS = 30_000

/** Sorted namespace names of `cluster` ([] until known or when the list fails). */
export function useNamespaces(cluster: string): readonly string[] {
  const [names, setNames] = useState<readonly string[]>([])
  useEffect(() => {
    if (!cluster) return
    let alive = true
    const load = async (): Promise<void> => {
      try {
        const list = await fetchList(cluster, 'namespaces')
        if (alive) setNames(list.items.map((r) => r.name).sort())
      } catch { /* the sidebar shows the cluster's reason; the filter keeps "all namespaces" */ }
    }
    void load()
    const t = window.setInterval(() => void load(), REFRESH_MS)
    return () => { alive = false; window.clearInterval(t) }
  }, [cluster])
  return names
}
