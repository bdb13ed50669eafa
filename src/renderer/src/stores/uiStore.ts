/**
 * Navigation and presentation state: selected cluster, namespace, kind, theme, open panes.
 *
 * Why separate from the data stores: it changes on user input only. Only the theme outlives a
 * reload (localStorage); the place (cluster, namespace, kind) starts afresh each launch.
 */
import { createStore } from 'zustand/vanilla'
import { kindDef } from '../../../shared/kinds/registry.ts'
import type { GroupId, KindId } from '../../../shared/kinds/registry.ts'

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
  /** The sidebar is shown (it can be hidden to give a table the whole width). */
  readonly sidebar: boolean
  /** Kind groups folded in the sidebar (the group of the kind shown is always open). */
  readonly foldedGroups: readonly GroupId[]
  /** The keyboard shortcuts dialog is open. */
  readonly shortcutsOpen: boolean
}

/** localStorage key of the sidebar's layout (not a secret). */
export const SIDEBAR_KEY = 'periscope.sidebar'
/** Below this window height the rarer kind groups start folded, so the sidebar fits (all 22 kinds need ~960 px). */
const FOLD_BELOW_PX = 960
const RARE_GROUPS: readonly GroupId[] = ['networking', 'storage', 'cluster']

function savedSidebar(): { sidebar: boolean; foldedGroups: readonly GroupId[] } {
  const fallback = { sidebar: true, foldedGroups: (globalThis.innerHeight ?? 1000) < FOLD_BELOW_PX ? RARE_GROUPS : [] }
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(SIDEBAR_KEY) ?? 'null') as { sidebar?: unknown; foldedGroups?: unknown } | null
    if (!raw || typeof raw !== 'object') return fallback
    return {
      sidebar: raw.sidebar !== false,
      foldedGroups: Array.isArray(raw.foldedGroups) ? raw.foldedGroups.filter((g): g is GroupId => typeof g === 'string') : fallback.foldedGroups
    }
  } catch {
    return fallback
  }
}

function saveSidebar(): void {
  const { sidebar, foldedGroups } = ui.getState()
  try { globalThis.localStorage?.setItem(SIDEBAR_KEY, JSON.stringify({ sidebar, foldedGroups })) } catch { /* storage disabled: this session only */ }
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
  cluster: '', namespace: '', kind: 'pods', theme: savedTheme(), settingsOpen: false, drawerUid: '', wide: false, focus: null,
  ...savedSidebar(), shortcutsOpen: false
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

/** Show or hide the sidebar (remembered). */
export function setSidebar(shown: boolean): void {
  ui.setState({ sidebar: shown })
  saveSidebar()
}

/** Fold or unfold one kind group of the sidebar (remembered). */
export function toggleGroup(group: GroupId): void {
  const folded = ui.getState().foldedGroups
  ui.setState({ foldedGroups: folded.includes(group) ? folded.filter((g) => g !== group) : [...folded, group] })
  saveSidebar()
}

/** Open or close the keyboard shortcuts dialog. */
export function setShortcutsOpen(open: boolean): void {
  ui.setState({ shortcutsOpen: open })
}
