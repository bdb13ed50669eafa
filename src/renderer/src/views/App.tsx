/**
 * The app shell: sidebar, top bar, and the list view of the selected kind (or settings, or the
 * kubeconfig browser).
 */
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { hasSignIn, useServerBootstrap } from '../hooks/useServerBootstrap.ts'
import { useTheme } from '../hooks/useTheme.ts'
import { server } from '../stores/serverStore.ts'
import { selectCluster, setShortcutsOpen, setSidebar, ui } from '../stores/uiStore.ts'
import { EmptyState } from './EmptyState.tsx'
import { KubeconfigBrowser } from './KubeconfigBrowser.tsx'
import { LogViewer } from './LogViewer.tsx'
import { ListView } from './ListView.tsx'
import { MultiListPage } from './MultiListPage.tsx'
import { SettingsPane } from './SettingsPane.tsx'
import { ShortcutsDialog } from './ShortcutsDialog.tsx'
import { SignIn } from './SignIn.tsx'
import { Sidebar } from './Sidebar.tsx'
import { TopBar } from './TopBar.tsx'

/** Most list views the debug page mounts: all 22 kinds. */
const MAX_MULTI = 22

/** The root component. @param multi mount that many list views at once (debug page), or 0. */
export function App({ multi }: { multi: number }) {
  useServerBootstrap()
  const theme = useTheme()
  const { cluster, kind, namespace, settingsOpen, sidebar, shortcutsOpen } = useStore(ui)
  const clustersError = useStore(server, (s) => s.clustersError)
  const featuresError = useStore(server, (s) => s.featuresError)
  const clusters = useStore(server, (s) => s.clusters)
  const signInRefused = useStore(server, (s) => s.signInRefused)
  const [kubeconfigOpen, setKubeconfigOpen] = useState(false)

  // App-wide keys, outside text fields: `?` the shortcuts, `[` the sidebar.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))) return
      if (e.key === '?') { e.preventDefault(); setShortcutsOpen(!ui.getState().shortcutsOpen) }
      else if (e.key === '[') { e.preventDefault(); setSidebar(!ui.getState().sidebar) }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (!hasSignIn() || signInRefused) return <SignIn refused={signInRefused} />

  let main
  if (multi > 0) main = <MultiListPage count={Math.min(multi, MAX_MULTI)} />
  else if (kubeconfigOpen) main = <KubeconfigBrowser onOpenContext={(c) => { setKubeconfigOpen(false); selectCluster(c) }} />
  else if (settingsOpen) main = <SettingsPane />
  else if (clustersError && !clusters) main = <EmptyState tone="error" title="Cannot reach the Periscope server" detail={clustersError} />
  else if (clusters && clusters.length === 0) main = <EmptyState tone="empty" title="No clusters" detail="No kubeconfig contexts were found. Start with --demo for the built-in demo cluster." />
  else if (!cluster) main = <EmptyState tone="loading" title="Loading clusters…" />
  else main = <ListView key={`${cluster}|${kind}|${namespace}`} cluster={cluster} kind={kind} namespace={namespace} />

  return (
    <div className={`app${sidebar ? '' : ' no-sidebar'}`}>
      {sidebar && <Sidebar kubeconfigOpen={kubeconfigOpen} onKubeconfig={setKubeconfigOpen} />}
      <main className="main">
        <TopBar resolved={theme} />
        {featuresError && <div className="banner banner-error" role="alert">Cannot read /api/features ({featuresError}): every view polls.</div>}
        {main}
        <LogViewer />
      </main>
      {shortcutsOpen && <ShortcutsDialog />}
    </div>
  )
}
