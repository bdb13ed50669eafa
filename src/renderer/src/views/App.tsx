/**
 * The app shell: sidebar, top bar, and the list view of the selected kind (or settings, or the
 * kubeconfig browser).
 */
import { useState } from 'react'
import { useStore } from 'zustand'
import { useServerBootstrap } from '../hooks/useServerBootstrap.ts'
import { useTheme } from '../hooks/useTheme.ts'
import { server } from '../stores/serverStore.ts'
import { selectCluster, ui } from '../stores/uiStore.ts'
import { EmptyState } from './EmptyState.tsx'
import { KubeconfigBrowser } from './KubeconfigBrowser.tsx'
import { LogViewer } from './LogViewer.tsx'
import { ListView } from './ListView.tsx'
import { MultiListPage } from './MultiListPage.tsx'
import { SettingsPane } from './SettingsPane.tsx'
import { Sidebar } from './Sidebar.tsx'
import { TopBar } from './TopBar.tsx'

/** Most list views the debug page mounts: all 22 kinds. */
const MAX_MULTI = 22

/** The root component. @param multi mount that many list views at once (debug page), or 0. */
export function App({ multi }: { multi: number }) {
  useServerBootstrap()
  const theme = useTheme()
  const { cluster, kind, namespace, settingsOpen } = useStore(ui)
  const clustersError = useStore(server, (s) => s.clustersError)
  const featuresError = useStore(server, (s) => s.featuresError)
  const clusters = useStore(server, (s) => s.clusters)
  const [kubeconfigOpen, setKubeconfigOpen] = useState(false)

  let main
  if (multi > 0) main = <MultiListPage count={Math.min(multi, MAX_MULTI)} />
  else if (kubeconfigOpen) main = <KubeconfigBrowser onOpenContext={(c) => { setKubeconfigOpen(false); selectCluster(c) }} />
  else if (settingsOpen) main = <SettingsPane />
  else if (clustersError && !clusters) main = <EmptyState tone="error" title="Cannot reach the Periscope server" detail={clustersError} />
  else if (clusters && clusters.length === 0) main = <EmptyState tone="empty" title="No clusters" detail="No kubeconfig contexts were found. Start with --demo for the built-in demo cluster." />
  else if (!cluster) main = <EmptyState tone="loading" title="Loading clusters…" />
  else main = <ListView key={`${cluster}|${kind}|${namespace}`} cluster={cluster} kind={kind} namespace={namespace} />

  return (
    <div className="app">
      <Sidebar kubeconfigOpen={kubeconfigOpen} onKubeconfig={setKubeconfigOpen} />
      <main className="main">
        <TopBar resolved={theme} />
        {featuresError && <div className="banner banner-error" role="alert">Cannot read /api/features ({featuresError}): every view polls.</div>}
        {main}
        <LogViewer />
      </main>
    </div>
  )
}
