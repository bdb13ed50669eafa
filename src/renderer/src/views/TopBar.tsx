/**
 * The top bar: the sidebar toggle when it is hidden, the selected cluster and its version, the
 * namespace filter, wide columns, theme.
 */
import { useStore } from 'zustand'
import { Icon } from '../components/icons.tsx'
import { useNamespaces } from '../hooks/useNamespaces.ts'
import { selectNamespace, setSidebar, setTheme, setWide, ui } from '../stores/uiStore.ts'
import type { ThemeChoice } from '../stores/uiStore.ts'
import { server } from '../stores/serverStore.ts'

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' }
const THEME_LABEL: Record<ThemeChoice, string> = { system: '◐ System', dark: '● Dark', light: '○ Light' }

/** The top bar. */
export function TopBar({ resolved }: { resolved: 'dark' | 'light' }) {
  const cluster = useStore(ui, (s) => s.cluster)
  const namespace = useStore(ui, (s) => s.namespace)
  const wide = useStore(ui, (s) => s.wide)
  const theme = useStore(ui, (s) => s.theme)
  const sidebar = useStore(ui, (s) => s.sidebar)
  const info = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const names = useNamespaces(cluster)
  const options = namespace && !names.includes(namespace) ? [namespace, ...names] : names
  return (
    <header className="topbar">
      {!sidebar && (
        <button type="button" className="icon-btn" onClick={() => setSidebar(true)} aria-label="Show the sidebar" title="Show the sidebar ( [ )" data-testid="show-sidebar">
          <Icon name="sidebar" />
        </button>
      )}
      <div className="crumb">
        <span className="crumb-cluster" title={cluster}>{cluster || 'No cluster'}</span>
        {info?.serverVersion && <span className="crumb-version">{info.serverVersion}</span>}
      </div>
      <label className="ns-select">
        <span>Namespace</span>
        <select value={namespace} onChange={(e) => selectNamespace(e.target.value)} aria-label="Namespace">
          <option value="">All namespaces</option>
          {options.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="wide-toggle" title="The extra columns of kubectl get -o wide">
        <input type="checkbox" checked={wide} onChange={(e) => setWide(e.target.checked)} /> Wide columns
      </label>
      <button type="button" className="btn theme-btn" onClick={() => setTheme(NEXT_THEME[theme])} aria-label={`Theme: ${theme} (${resolved}); switch`}
        data-testid="theme-toggle">
        {THEME_LABEL[theme]}
      </button>
    </header>
  )
}
