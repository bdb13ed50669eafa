/**
 * Navigation and presentation state: selected cluster, namespace, kind, theme, open panes.
 *
 * Why separate from the data stores: it changes on user input only. Only the theme outlives a
 * reload (localStorage); the place (cluster, namespace, kind) starts afresh each launch.
 */
import { createStore } from 'zustand/vanilla'
import type { KindId } from '../../../shared/kinds/registry.ts'

export type ThemeChoice = 'system' | 'dark' | 'light'

export interface UiState {
  readonly cluster: string
  /** '' = all namespaces. */
  readonly namespace: string
  readonly kind: KindId
  readonly theme: ThemeChoice
  readonly settingsOpen: boolean
  /** uid of the row shown in the detail drawer, or ''. */
  readonly drawerUid: string
  /** Show kubectl's `-o wide` columns. */
  readonly wide: boolean
}

/** localStorage key of the theme choice (not a secret). */
export const THEME_KEY = 'periscope.theme'

function savedTheme(): ThemeChoice {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY)
    return t === 'dark' || t === 'light' ? t : 'system'
  } catch {
    return 'system'
  }
}

/** The app's UI store. */
export const ui = createStore<UiState>(() => ({
  cluster: '', namespace: '', kind: 'pods', theme: savedTheme(), settingsOpen: false, drawerUid: '', wide: false
}))

/** Navigate to a kind (closes the drawer and settings). */
export function selectKind(kind: KindId): void {
  ui.setState({ kind, drawerUid: '', settingsOpen: false })
}

/** Select a cluster (namespace resets: namespaces differ per cluster). */
export function selectCluster(cluster: string): void {
  if (ui.getState().cluster !== cluster) ui.setState({ cluster, namespace: '', drawerUid: '' })
}

/** Filter by namespace ('' = all). */
export function selectNamespace(namespace: string): void {
  ui.setState({ namespace, drawerUid: '' })
}

/** Open (uid) or close ('') the detail drawer. */
export function setDrawer(uid: string): void {
  ui.setState({ drawerUid: uid })
}

export function setSettingsOpen(open: boolean): void {
  ui.setState({ settingsOpen: open, drawerUid: '' })
}

export function setWide(wide: boolean): void {
  ui.setState({ wide })
}

/** Cycle system → dark → light, remembered across launches. */
export function setTheme(theme: ThemeChoice): void {
  try { globalThis.localStorage?.setItem(THEME_KEY, theme) } catch { /* storage disabled: session only */ }
  ui.setState({ theme })
}
