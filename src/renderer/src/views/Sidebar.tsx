/**
 * The sidebar: clusters with their status dot and reason (and, for a reachable cluster, the kinds
 * it refuses, e.g. "pods: 403 Forbidden"), then the kinds by group, then the kubeconfig browser
 * and settings.
 */
import { useStore } from 'zustand'
import type { KindProblem } from '../../../shared/api/wire.ts'
import { GROUP_IDS, KINDS } from '../../../shared/kinds/registry.ts'
import { kindPlural } from '../components/kindLabel.ts'
import { server } from '../stores/serverStore.ts'
import { selectCluster, selectKind, setSettingsOpen, ui } from '../stores/uiStore.ts'

const GROUP_TITLES: Record<string, string> = {
  core: 'Core', workloads: 'Workloads', networking: 'Networking', storage: 'Storage', cluster: 'Cluster'
}

export interface SidebarProps {
  /** The kubeconfig browser is shown (its entry is highlighted). */
  readonly kubeconfigOpen?: boolean
  /** Show (true) or leave (false) the kubeconfig browser; any other navigation leaves it. */
  readonly onKubeconfig?: (open: boolean) => void
}

/** The sidebar. */
export function Sidebar({ kubeconfigOpen = false, onKubeconfig }: SidebarProps = {}) {
  const clusters = useStore(server, (s) => s.clusters)
  const clustersError = useStore(server, (s) => s.clustersError)
  const selected = useStore(ui, (s) => s.cluster)
  const kind = useStore(ui, (s) => s.kind)
  const settingsOpen = useStore(ui, (s) => s.settingsOpen)
  return (
    <nav className="sidebar" aria-label="Clusters and resources">
      <div className="brand"><span className="brand-mark" aria-hidden="true">◎</span> Periscope</div>
      <h2 className="side-title">Clusters</h2>
      {clustersError && <p className="side-error" role="alert">{clustersError}</p>}
      {clusters === null && !clustersError && <p className="side-muted">Loading clusters…</p>}
      <ul className="clusters">
        {clusters?.map((c) => (
          <li key={c.id}>
            <button type="button" className={`cluster${c.id === selected ? ' active' : ''}`} onClick={() => { onKubeconfig?.(false); selectCluster(c.id) }}
              aria-current={c.id === selected ? 'true' : undefined} data-testid={`cluster-${c.id}`} data-status={c.status}>
              <span className={`dot dot-${c.status}`} aria-label={c.status} role="img" />
              <span className="cluster-name">{c.id}</span>
              {c.status !== 'ok' && <span className="cluster-reason" data-testid="cluster-reason">{c.reason || c.status}</span>}
              {c.status === 'ok' && c.problems && c.problems.length > 0 && (
                <span className="cluster-problems" data-testid="cluster-problems" title={c.problems.map(problemLine).join('\n')}>
                  {problemSummary(c.problems)}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {GROUP_IDS.map((g) => (
        <div className="nav-group" key={g}>
          <h2 className="side-title">{GROUP_TITLES[g] ?? g}</h2>
          <ul>
            {KINDS.filter((k) => k.group === g).map((k) => (
              <li key={k.id}>
                <button type="button" className={`nav-item${k.id === kind && !settingsOpen && !kubeconfigOpen ? ' active' : ''}`}
                  onClick={() => { onKubeconfig?.(false); selectKind(k.id) }}
                  aria-current={k.id === kind && !settingsOpen && !kubeconfigOpen ? 'page' : undefined} data-nav={k.id}>
                  {kindPlural(k)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="side-foot">
        {onKubeconfig && (
          <button type="button" className={`nav-item${kubeconfigOpen ? ' active' : ''}`} onClick={() => { setSettingsOpen(false); onKubeconfig(true) }}
            aria-current={kubeconfigOpen ? 'page' : undefined} data-nav="kubeconfig">
            ☰ Kubeconfig
          </button>
        )}
        <button type="button" className={`nav-item${settingsOpen && !kubeconfigOpen ? ' active' : ''}`} onClick={() => { onKubeconfig?.(false); setSettingsOpen(true) }} data-nav="settings">
          ⚙ Settings
        </button>
      </div>
    </nav>
  )
}

/** One refused kind, for the tooltip: `pods in default: 403 Forbidden: pods is forbidden: …`. */
function problemLine(p: KindProblem): string {
  return `${p.kind}${p.namespace ? ` in ${p.namespace}` : ''}: ${p.reason}`
}

/** The short line under a reachable cluster: which kinds it refuses. */
function problemSummary(problems: readonly KindProblem[]): string {
  const kinds = [...new Set(problems.map((p) => p.kind))]
  if (kinds.length > 1) return `${kinds.length} kinds refused: ${kinds.join(', ')}`
  const statuses = [...new Set(problems.map((p) => p.status).filter((s) => s !== undefined))]
  const why = statuses.length === 1 ? (statuses[0] === 403 ? '403 Forbidden' : statuses[0] === 404 ? '404 not served' : `HTTP ${statuses[0]}`) : 'refused'
  return `${kinds[0]}: ${why}`
}
