/**
 * The app shell: sidebar, top bar, and the page of the place — a cluster's overview, a kind's
 * list (of one cluster or several merged), settings, or the kubeconfig browser — plus the log
 * viewer, the command palette and the shortcuts dialog. The place is kept in the address
 * (useRouter) and the window's choices in the settings file (useUiSettings).
 */
import { useEffect } from 'react'
import { useStore } from 'zustand'
import { useRouter } from '../hooks/useRouter.ts'
import { useKindCatalog } from '../hooks/useKindCatalog.ts'
import { hasSignIn, useServerBootstrap } from '../hooks/useServerBootstrap.ts'
import { useTheme } from '../hooks/useTheme.ts'
import { useUiSettings } from '../hooks/useUiSettings.ts'
import { server } from '../stores/serverStore.ts'
import { selectCluster, selectKind, setPaletteOpen, setShortcutsOpen, setSidebar, ui } from '../stores/uiStore.ts'
import { CommandPalette } from './CommandPalette.tsx'
import { DemoBanner } from './DemoBanner.tsx'
import { EmptyState } from './EmptyState.tsx'
import { KubeconfigBrowser } from './KubeconfigBrowser.tsx'
import { LogViewer } from './LogViewer.tsx'
import { ListView } from './ListView.tsx'
import { MultiListPage } from './MultiListPage.tsx'
import { Overview } from './Overview.tsx'
import { SettingsPane } from './SettingsPane.tsx'
import { ShortcutsDialog } from './ShortcutsDialog.tsx'
import { SignIn } from './SignIn.tsx'
import { Sidebar } from './Sidebar.tsx'
import { TopBar } from './TopBar.tsx'

/** Most list views the debug page mounts: all 22 kinds. */
const MAX_MULTI = 22

/** True when a key press is typing into a field (app keys then stay out of the way). */
function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable))
}

/** The root component. @param multi mount that many list views at once (debug page), or 0. */
export function App({ multi }: { multi: number }) {
  useServerBootstrap()
  useKindCatalog()
  useUiSettings()
  useRouter()
  const theme = useTheme()
  const { page, clusters, kind, namespace, sidebar, shortcutsOpen, paletteOpen } = useStore(ui)
  const clustersError = useStore(server, (s) => s.clustersError)
  const featuresError = useStore(server, (s) => s.featuresError)
  const known = useStore(server, (s) => s.clusters)
  const signInRefused = useStore(server, (s) => s.signInRefused)

  // App-wide keys: Ctrl/Cmd+K the palette (anywhere); outside text fields `:` the palette,
  // `?` the shortcuts, `[` the sidebar.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        setPaletteOpen(!ui.getState().paletteOpen)
        return
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || ui.getState().paletteOpen) return
      if (e.key === ':') {
        e.preventDefault()
        setPaletteOpen(true, ':')
      } else if (e.key === '?') {
        e.preventDefault()
        setShortcutsOpen(!ui.getState().shortcutsOpen)
      } else if (e.key === '[') {
        e.preventDefault()
        setSidebar(!ui.getState().sidebar)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (!hasSignIn() || signInRefused) return <SignIn refused={signInRefused} />

  let main
  if (multi > 0) main = <MultiListPage count={Math.min(multi, MAX_MULTI)} />
  else if (page === 'kubeconfig')
    main = (
      <KubeconfigBrowser
        onOpenContext={(c) => {
          selectCluster(c)
          selectKind(kind)
        }}
      />
    )
  else if (page === 'settings') main = <SettingsPane />
  else if (clustersError && !known) main = <EmptyState tone="error" title="Cannot reach the Periscope server" detail={clustersError} />
  else if (known && known.length === 0)
    main = <EmptyState tone="empty" title="No clusters" detail="No kubeconfig contexts were found. Start with --demo for the built-in demo cluster." />
  else if (clusters.length === 0) main = <EmptyState tone="loading" title="Loading clusters…" />
  else if (page === 'overview') main = <Overview key={clusters.join('\n')} clusters={clusters} />
  else main = <ListView key={`${clusters.join('\n')}|${kind}|${namespace}`} clusters={clusters} kind={kind} namespace={namespace} />

  return (
    <div className={`app${sidebar ? '' : ' no-sidebar'}`}>
      {sidebar && <Sidebar />}
      <main className="main">
        <TopBar resolved={theme} />
        {featuresError && (
          <div className="banner banner-error" role="alert">
            Cannot read /api/features ({featuresError}): every view polls.
          </div>
        )}
        {(page === 'overview' || page === 'list') && <DemoBanner clusters={clusters} />}
        {main}
        <LogViewer />
      </main>
      {shortcutsOpen && <ShortcutsDialog />}
      {paletteOpen && <CommandPalette />}
    </div>
  )
}
