/**
 * The sidebar: clusters with their status dot and a one-line reason (expandable, so a long error
 * never pushes the kinds down) and a checkbox each — check several (or Ctrl/Cmd-click them) and
 * every list merges their rows into one table; the selected clusters' overview; the kinds by
 * group (each group folds; the group of the kind shown stays open); and, always visible at the
 * foot, the kubeconfig browser, settings and shortcuts. It can be hidden to give a table the
 * window's width.
 */
import { useState } from 'react'
import { useStore } from 'zustand'
import type { ClusterInfo, KindProblem } from '../../../shared/api/wire.ts'
import { KINDS } from '../../../shared/kinds/registry.ts'
import type { GroupId } from '../../../shared/kinds/registry.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { Icon } from '../components/icons.tsx'
import { kindPlural } from '../components/kindLabel.ts'
import { server } from '../stores/serverStore.ts'
import { CustomKindsNav } from './CustomKindsNav.tsx'
import { selectCluster, selectKind, setPage, setShortcutsOpen, setSidebar, toggleCluster, toggleGroup, ui } from '../stores/uiStore.ts'

const GROUP_TITLES: Record<string, string> = {
  core: 'Core',
  workloads: 'Workloads',
  networking: 'Networking',
  storage: 'Storage',
  cluster: 'Cluster',
  config: 'Config',
  access: 'Access control'
}

/**
 * The groups in the order a reader looks for them (workloads and their config before the network,
 * storage, access control and the cluster itself), not the registry's order of arrival.
 */
const SIDEBAR_GROUPS: readonly GroupId[] = ['core', 'workloads', 'config', 'networking', 'storage', 'access', 'cluster']

/**
 * The kinds the selected clusters all refuse outright (`no access`), with the first one's reason:
 * dimmed in the list of kinds, never badged as errors.
 */
function noAccessOf(clusters: readonly ClusterInfo[], selected: readonly string[]): Map<AnyKindId, string> {
  const infos = clusters.filter((c) => selected.includes(c.id))
  const out = new Map<AnyKindId, string>()
  if (infos.length === 0) return out
  for (const n of infos[0].noAccess ?? []) {
    if (infos.every((c) => c.noAccess?.some((m) => m.kind === n.kind))) out.set(n.kind, n.reason)
  }
  return out
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

function ClusterItem({ c, selected, several }: { c: ClusterInfo; selected: boolean; several: boolean }) {
  const [expanded, setExpanded] = useState(false)
  const reason = c.status !== 'ok' ? c.reason || c.status : ''
  const problems = c.status === 'ok' && c.problems && c.problems.length > 0 ? c.problems : null
  const long = reason || (problems ? problems.map(problemLine).join('\n') : '')
  return (
    <li className={`cluster-item${expanded ? ' expanded' : ''}`}>
      <input
        type="checkbox"
        className="cluster-check"
        checked={selected}
        onChange={() => toggleCluster(c.id)}
        aria-label={`Show ${c.id} in the tables${several ? ' (with the other checked clusters)' : ''}`}
        title="Check several clusters to see them in one table (or Ctrl-click)"
        data-testid={`select-cluster-${c.id}`}
      />
      <button
        type="button"
        className={`cluster${selected ? ' active' : ''}`}
        onClick={(e) => {
          if (e.ctrlKey || e.metaKey) toggleCluster(c.id)
          else selectCluster(c.id)
        }}
        aria-current={selected ? 'true' : undefined}
        data-testid={`cluster-${c.id}`}
        data-status={c.status}
      >
        <span className={`dot dot-${c.status}`} aria-label={c.status} role="img" />
        <span className="cluster-name" title={c.id}>
          {c.id}
        </span>
        {reason && (
          <span className="cluster-reason" data-testid="cluster-reason" title={reason}>
            {reason}
          </span>
        )}
        {problems && (
          <span className="cluster-problems" data-testid="cluster-problems" title={long}>
            {problemSummary(problems)}
          </span>
        )}
      </button>
      {long && (
        <button
          type="button"
          className="icon-btn cluster-more"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
          aria-label={expanded ? `Show less about ${c.id}` : `Show the whole reason for ${c.id}`}
          title={expanded ? 'Show less' : 'Show the whole reason'}
        >
          <Icon name="chevron" className={expanded ? 'rot90' : ''} />
        </button>
      )}
    </li>
  )
}

/** The sidebar. */
export function Sidebar() {
  const clusters = useStore(server, (s) => s.clusters)
  const clustersError = useStore(server, (s) => s.clustersError)
  const selected = useStore(ui, (s) => s.clusters)
  const kind = useStore(ui, (s) => s.kind)
  const page = useStore(ui, (s) => s.page)
  const settingsOpen = page === 'settings'
  const kubeconfigOpen = page === 'kubeconfig'
  const folded = useStore(ui, (s) => s.foldedGroups)
  const activeGroup = KINDS.find((k) => k.id === kind)?.group
  const denied = noAccessOf(clusters ?? [], selected)
  return (
    <nav className="sidebar" aria-label="Clusters and resources">
      <div className="brand">
        <span>
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>{' '}
          Periscope
        </span>
        <button
          type="button"
          className="icon-btn"
          onClick={() => setSidebar(false)}
          aria-label="Hide the sidebar"
          title="Hide the sidebar ( [ )"
          data-testid="hide-sidebar"
        >
          <Icon name="sidebar" />
        </button>
      </div>
      <div className="side-scroll">
        <h2 className="side-title">Clusters</h2>
        {clustersError && (
          <p className="side-error" role="alert">
            {clustersError}
          </p>
        )}
        {clusters === null && !clustersError && <p className="side-muted">Loading clusters…</p>}
        <ul className="clusters">
          {clusters?.map((c) => (
            <ClusterItem key={c.id} c={c} selected={selected.includes(c.id)} several={selected.length > 1} />
          ))}
        </ul>
        {selected.length > 1 && (
          <p className="side-muted side-note" data-testid="multi-note">
            {selected.length} clusters in one table
          </p>
        )}
        <ul>
          <li>
            <button
              type="button"
              className={`nav-item${page === 'overview' ? ' active' : ''}`}
              onClick={() => setPage('overview')}
              aria-current={page === 'overview' ? 'page' : undefined}
              data-nav="overview"
            >
              Overview
            </button>
          </li>
        </ul>
        {SIDEBAR_GROUPS.map((g) => {
          const open = !folded.includes(g) || g === activeGroup
          return (
            <div className="nav-group" key={g}>
              <h2 className="side-title">
                <button
                  type="button"
                  className="group-btn"
                  aria-expanded={open}
                  onClick={() => toggleGroup(g)}
                  disabled={g === activeGroup}
                  data-group={g}
                  title={g === activeGroup ? 'The group of the list shown stays open' : open ? 'Fold' : 'Unfold'}
                >
                  <Icon name="chevron" className={open ? 'rot90' : ''} />
                  {GROUP_TITLES[g] ?? g}
                </button>
              </h2>
              {open && (
                <ul>
                  {KINDS.filter((k) => k.group === g).map((k) => (
                    <li key={k.id}>
                      <button
                        type="button"
                        className={`nav-item${k.id === kind && page === 'list' ? ' active' : ''}${denied.has(k.id) ? ' no-access' : ''}`}
                        onClick={() => selectKind(k.id)}
                        title={denied.has(k.id) ? `no access: ${denied.get(k.id) ?? ''}` : undefined}
                        aria-current={k.id === kind && page === 'list' ? 'page' : undefined}
                        data-nav={k.id}
                      >
                        {kindPlural(k)}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )
        })}
        {selected[0] && <CustomKindsNav key={selected[0]} cluster={selected[0]} />}
      </div>
      <div className="side-foot">
        <button
          type="button"
          className={`nav-item${kubeconfigOpen ? ' active' : ''}`}
          onClick={() => setPage('kubeconfig')}
          aria-current={kubeconfigOpen ? 'page' : undefined}
          data-nav="kubeconfig"
        >
          ☰ Kubeconfig
        </button>
        <button
          type="button"
          className={`nav-item${settingsOpen ? ' active' : ''}`}
          onClick={() => setPage('settings')}
          data-nav="settings"
          aria-current={settingsOpen ? 'page' : undefined}
        >
          ⚙ Settings
        </button>
        <button type="button" className="nav-item" onClick={() => setShortcutsOpen(true)} data-nav="shortcuts">
          <Icon name="keyboard" /> Keyboard shortcuts <kbd>?</kbd>
        </button>
      </div>
    </nav>
  )
}
