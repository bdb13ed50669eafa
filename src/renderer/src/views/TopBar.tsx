/**
 * The top bar: the sidebar toggle when it is hidden, back and forward, the selected cluster(s)
 * and version, the palette, the namespace filter, wide columns of the kind shown, theme.
 */
import { useState } from 'react'
import { useStore } from 'zustand'
import { namespaceNameProblem } from '../../../shared/namespaceName.ts'
import { Icon } from '../components/icons.tsx'
import { useNamespaces } from '../hooks/useNamespaces.ts'
import { columnPrefs, setWide } from '../stores/columnPrefs.ts'
import { selectNamespace, setPaletteOpen, setSidebar, setTheme, ui } from '../stores/uiStore.ts'
import type { ThemeChoice } from '../stores/uiStore.ts'
import { server } from '../stores/serverStore.ts'

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' }
const THEME_LABEL: Record<ThemeChoice, string> = { system: '◐ System', dark: '● Dark', light: '○ Light' }

/** The option that turns the picker into a text field (never a valid namespace name). */
const TYPE_ONE = '\u0000type'

/**
 * A namespace typed by hand (one the namespaces list does not show, e.g. for a user who may not
 * list namespaces): Enter opens it when it is a valid namespace name, Escape goes back.
 */
function TypedNamespace({ onDone }: { onDone: (ns: string | undefined) => void }) {
  const [text, setText] = useState('')
  const problem = text ? namespaceNameProblem(text.trim()) : ''
  return (
    <input
      type="text"
      autoFocus
      value={text}
      placeholder="namespace, then Enter"
      aria-label="Type a namespace"
      data-testid="typed-namespace"
      aria-invalid={Boolean(problem)}
      title={problem || 'Enter opens it; Escape goes back'}
      spellCheck={false}
      className="ns-typed"
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onDone(undefined)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone(undefined)
        if (e.key === 'Enter' && text.trim() && !problem) onDone(text.trim())
      }}
    />
  )
}

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
  const names = useNamespaces(cluster, info?.namespace ?? '')
  const options = namespace && !names.includes(namespace) ? [namespace, ...names] : names
  const [typing, setTyping] = useState(false)
  const multi = clusters.length > 1
  return (
    <header className="topbar">
      {!sidebar && (
        <button
          type="button"
          className="icon-btn"
          onClick={() => setSidebar(true)}
          aria-label="Show the sidebar"
          title="Show the sidebar ( [ )"
          data-testid="show-sidebar"
        >
          <Icon name="sidebar" />
        </button>
      )}
      <span className="history-btns">
        <button type="button" className="icon-btn" onClick={() => window.history.back()} aria-label="Back" title="Back (Alt+←)" data-testid="back">
          ←
        </button>
        <button type="button" className="icon-btn" onClick={() => window.history.forward()} aria-label="Forward" title="Forward (Alt+→)">
          →
        </button>
      </span>
      <div className="crumb">
        <span className="crumb-cluster" title={clusters.join(', ')}>
          {multi ? `${clusters.length} clusters: ${clusters.join(', ')}` : cluster || 'No cluster'}
        </span>
        {!multi && info?.serverVersion && <span className="crumb-version">{info.serverVersion}</span>}
      </div>
      <button
        type="button"
        className="btn palette-btn"
        onClick={() => setPaletteOpen(true)}
        title="Go to a kind, cluster, namespace or object (Ctrl+K or :)"
        data-testid="open-palette"
      >
        ⌕ Go to… <kbd>Ctrl K</kbd>
      </button>
      <label className="ns-select">
        <span>Namespace</span>
        {typing ? (
          <TypedNamespace
            onDone={(ns) => {
              setTyping(false)
              if (ns !== undefined) selectNamespace(ns)
            }}
          />
        ) : (
          <select
            value={namespace}
            onChange={(e) => {
              if (e.target.value === TYPE_ONE) setTyping(true)
              else selectNamespace(e.target.value)
            }}
            aria-label="Namespace"
          >
            <option value="">All namespaces</option>
            {options.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
            <option value={TYPE_ONE}>Type a namespace…</option>
          </select>
        )}
      </label>
      {page === 'list' && (
        <label className="wide-toggle" title="The extra columns of kubectl get -o wide (remembered per kind)">
          <input type="checkbox" checked={wide} onChange={(e) => setWide(kind, e.target.checked)} /> Wide columns
        </label>
      )}
      <button
        type="button"
        className="btn theme-btn"
        onClick={() => setTheme(NEXT_THEME[theme])}
        aria-label={`Theme: ${theme} (${resolved}); switch`}
        data-testid="theme-toggle"
      >
        {THEME_LABEL[theme]}
      </button>
    </header>
  )
}
