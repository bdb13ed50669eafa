/**
 * Debug page (`/?multi=N`): N list views of the selected cluster at once, each with its own
 * stream and health badge. It proves the connection budget (spec §9: 20 live lists per window).
 */
import { useStore } from 'zustand'
import { KIND_IDS } from '../../../shared/kinds/registry.ts'
import { ui } from '../stores/uiStore.ts'
import { ListView } from './ListView.tsx'

/** @param count how many kinds, in registry order (at most 22). */
export function MultiListPage({ count }: { count: number }) {
  const cluster = useStore(ui, (s) => s.cluster)
  const clusters = useStore(ui, (s) => s.clusters)
  if (!cluster) return <p className="muted pad">Waiting for clusters…</p>
  return (
    <div className="multi" data-testid="multi">
      {KIND_IDS.slice(0, count).map((k) => (
        <ListView key={k} clusters={clusters.slice(0, 1)} kind={k} namespace="" compact />
      ))}
    </div>
  )
}
