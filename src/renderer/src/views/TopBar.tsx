/**
 * The top bar: the sidebar toggle when it is hidden, back and forward, the selected cluster(s)
 * and version, the palette, the namespace filter, wide columns of the kind shown, theme.
 */
import { useStore } from 'zustand'
import { Icon } from '../components/icons.tsx'
import { useNamespaces } from '../hooks/useNamespaces.ts'
import { columnPrefs, setWide } from '../stores/columnPrefs.ts'
import { selectNamespace, setPaletteOpen, setSidebar, setTheme, ui } from '../stores/uiStore.ts'
import type { ThemeChoice } from '../stores/uiStore.ts'
import { server } from '../stores/serverStore.ts'

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' }
const THEME_LABEL: Record<ThemeChoice, string> = { system: '◐ System', dark: '● Dark', light: '○ Light' }

/** The top bar. */
export function TopBar({ resolved }: { resolved: 'dark' | 'light' }) {
  const cluster = useStore(ui, (s) => s.cluster)
  const clusters = useStore(ui, (s) => s.clusters)
  const namespace = useStore(ui, (s) => s.namespace)
  const kind = useStore(ui, (s) => s.kind)
  const page = useStore(ui, (s) => s.page)
  const wide = useStore(columnPrefs, (s) => s[kind]?.wide === true)
  const theme = useStore(ui, (s) => s.theme)
  const sidebar = useStore(ui, (s) => s.sidebar)
  const info = useStore(server, (s) => s.clusters?.find((c) => c.id === cluster))
  const names = useNamespaces(cluster)
  const options = namespace && !names.includes(namespace) ? [namespace, ...names] : names
  const multi = clusters.length > 1
  return (
    <header className="topbar">
      {!sidebar && (
        <button type="button" className="icon-btn" onClick={() => setSidebar(true)} aria-label="Show the sidebar" title="Show the sidebar ( [ )" data-testid="show-sidebar">
          <Icon name="sidebar" />
        </button>
      )}
      <span className="history-btns">
        <button type="button" className="icon-btn" onClick={() => window.history.back()} aria-label="Back" title="Back (Alt+←)" data-testid="back">←</button>
        <button type="button" className="icon-btn" onClick={() => window.history.forward()} aria-label="Forward" title="Forward (Alt+→)">→</button>
      </span>
      <div className="crumb">
        <span className="crumb-cluster" title={clusters.join(', ')}>{multi ? `${clusters.length} clusters: ${clusters.join(', ')}` : cluster || 'No cluster'}</span>
        {!multi && info?.serverVersion && <span className="crumb-version">{info.serverVersion}</span>}
      </div>
      <button type="button" className="btn palette-btn" onClick={() => setPaletteOpen(true)} title="Go to a kind, cluster, namespace or object (Ctrl+K or :)" data-testid="open-palette">
        ⌕ Go to… <kbd>Ctrl K</kbd>
      </button>
      <label className="ns-select">
        <span>Namespace</span>
        <select value={namespace} onChange={(e) => selectNamespace(e.target.value)} aria-label="Namespace">
          <option value="">All namespaces</option>
          {options.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      {page === 'list' && (
        <label className="wide-toggle" title="The extra columns of kubectl get -o wide (remembered per kind)">
          <input type="checkbox" checked={wide} onChange={(e) => setWide(kind, e.target.checked)} /> Wide columns
        </label>
      )}
      <button type="button" className="btn theme-btn" onClick={() => setTheme(NEXT_THEME[theme])} aria-label={`Theme: ${theme} (${resolved}); switch`}
        data-testid="theme-toggle">
        {THEME_LABEL[theme]}
      </button>
    </header>
  )
}
