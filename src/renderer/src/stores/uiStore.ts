/**
 * Navigation and presentation state: selected cluster, namespace, kind, theme, open panes.
 *
 * Why separate from the data stores: it changes on user input only. Only the theme outlives a
 * reload (localStorage); the place (cluster, namespace, kind) starts afresh each launch.
 */
import { createStore } from 'zustand/vanilla'
import { kindDef } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'

export type ThemeChoice = 'system' | 'dark' | 'light'

/** An object to show: its kind's list opens with it selected and its details open. */
export interface ObjectRef {
  readonly kind: KindId
  /** The object's namespace ('' for cluster-scoped kinds). */
  readonly namespace: string
  readonly name: string
}

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
  /** An object the list of `kind` should select and open once its rows are in (a link was followed). */
  readonly focus: ObjectRef | null
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
  cluster: '', namespace: '', kind: 'pods', theme: savedTheme(), settingsOpen: false, drawerUid: '', wide: false, focus: null
}))

/** Navigate to a kind (closes the drawer and settings). */
export function selectKind(kind: KindId): void {
  ui.setState({ kind, drawerUid: '', settingsOpen: false, focus: null })
}

/**
 * Show one object: its kind's list, in its namespace when the view is filtered to another one
 * (an all-namespaces view stays so), with the object selected and its details open.
 */
export function openObject(ref: ObjectRef): void {
  const s = ui.getState()
  const namespaced = kindDef(ref.kind).namespaced
  const namespace = namespaced && s.namespace !== '' && s.namespace !== ref.namespace ? ref.namespace : s.namespace
  ui.setState({ kind: ref.kind, namespace, drawerUid: '', settingsOpen: false, focus: { ...ref, namespace: namespaced ? ref.namespace : '' } })
}

/** The list has handled (found or reported) the object it was asked to show. */
export function clearFocus(): void {
  if (ui.getState().focus) ui.setState({ focus: null })
}

/** Select a cluster (namespace resets: namespaces differ per cluster). */
export function selectCluster(cluster: string): void {
  if (ui.getState().cluster !== cluster) ui.setState({ cluster, namespace: '', drawerUid: '', focus: null })
}

/** Filter by namespace ('' = all). */
export function selectNamespace(namespace: string): void {
  ui.setState({ namespace, drawerUid: '', focus: null })
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
