/**
 * Navigation and presentation state: the place (page, clusters, kind, namespace, filter, sort,
 * the open object and drawer tab — see place.ts), theme, sidebar and open dialogs.
 *
 * Why separate from the data stores: it changes on user input only. The place is mirrored in the
 * address (hooks/useRouter.ts): reload, back and forward restore it, and the settings file keeps
 * the last one across restarts. Theme and sidebar layout are remembered in localStorage.
 */
import { createStore } from 'zustand/vanilla'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import type { GroupId } from '../../../shared/kinds/registry.ts'
import { kindOrPlaceholder } from './kindCatalog.ts'
import { HOME } from './place.ts'
import type { DrawerTab, ObjectRef, Page, Place } from './place.ts'
import type { SortSpec } from './rowQuery.ts'

export type { ObjectRef } from './place.ts'
export type ThemeChoice = 'system' | 'dark' | 'light'

export interface UiState extends Place {
  /** The first selected cluster ('' before any is known): the one a single-cluster view shows. */
  readonly cluster: string
  readonly theme: ThemeChoice
  /** The sidebar is shown (it can be hidden to give a table the whole width). */
  readonly sidebar: boolean
  /** Kind groups folded in the sidebar (the group of the kind shown is always open). */
  readonly foldedGroups: readonly GroupId[]
  /** The keyboard shortcuts dialog is open. */
  readonly shortcutsOpen: boolean
  /** The command palette is open. */
  readonly paletteOpen: boolean
  /** The text the palette opened with (`:` when opened with the colon key). */
  readonly paletteSeed: string
  /** The column chooser of the list shown is open. */
  readonly columnsOpen: boolean
}

/** localStorage key of the sidebar's layout (not a secret). */
export const SIDEBAR_KEY = 'periscope.sidebar'
/**
 * Below this window height the rarer kind groups start folded, so the sidebar fits: the first 22
 * kinds need ~960 px, the 34 built-in kinds ~1400 px (28 px a kind, 32 a group header).
 */
export const FOLD_BELOW_PX = 1400
/**
 * Folded first on a short window: everything but core and workloads (opened daily). Config is
 * daily too, but with its four kinds open the sidebar no longer fits 1024×700 without scrolling
 * (chrome.spec.ts), so it folds with the rarer groups; the group of the list shown stays open.
 */
const RARE_GROUPS: readonly GroupId[] = ['networking', 'storage', 'cluster', 'config', 'access']

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
  try {
    globalThis.localStorage?.setItem(SIDEBAR_KEY, JSON.stringify({ sidebar, foldedGroups }))
  } catch {
    /* storage disabled: this session only */
  }
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
  ...HOME,
  cluster: '',
  theme: savedTheme(),
  ...savedSidebar(),
  shortcutsOpen: false,
  paletteOpen: false,
  paletteSeed: '',
  columnsOpen: false
}))

/** Move to a place (the parts given); keeps `cluster` = the first selected cluster. */
export function navigate(patch: Partial<Place>): void {
  const s = ui.getState()
  const clusters = patch.clusters ?? s.clusters
  ui.setState({ ...patch, clusters, cluster: clusters[0] ?? '', columnsOpen: false })
}

/** The place as it is now (the Place fields of the state). */
export function currentPlace(): Place {
  const { page, clusters, kind, namespace, filter, sort, open, tab, logs } = ui.getState()
  return { page, clusters, kind, namespace, filter, sort, open, tab, logs }
}

/** Open a kind's list (a fresh one: no filter, default sort, no object open). */
export function selectKind(kind: AnyKindId): void {
  const s = ui.getState()
  navigate({ page: 'list', kind, filter: s.kind === kind && s.page === 'list' ? s.filter : '', sort: s.kind === kind ? s.sort : null, open: null })
}

/** Where settings or the kubeconfig browser return to (the list or overview they were opened from). */
let returnTo: Place | null = null

/** Show a page: a cluster's overview, the list, settings, the kubeconfig browser. */
export function setPage(page: Page): void {
  const s = ui.getState()
  if ((page === 'settings' || page === 'kubeconfig') && (s.page === 'list' || s.page === 'overview')) returnTo = currentPlace()
  navigate({ page, open: page === 'list' ? s.open : null })
}

/** Leave settings or the kubeconfig browser for the place they were opened from. */
export function leavePage(): void {
  const back = returnTo
  returnTo = null
  if (back) navigate(back)
  else navigate({ page: ui.getState().clusters.length > 0 ? 'overview' : 'list' })
}

/**
 * Show one object: its kind's list (of its cluster), in its namespace when the view is filtered
 * to another one (an all-namespaces view stays so), with its details open.
 */
export function openObject(ref: ObjectRef): void {
  const s = ui.getState()
  const namespaced = kindOrPlaceholder(ref.cluster, ref.kind).namespaced
  const namespace = namespaced && s.namespace !== '' && s.namespace !== ref.namespace ? ref.namespace : s.namespace
  const clusters = s.clusters.includes(ref.cluster) ? s.clusters : [ref.cluster]
  const sameList = s.page === 'list' && s.kind === ref.kind && namespace === s.namespace && clusters === s.clusters
  navigate({
    page: 'list',
    clusters,
    kind: ref.kind,
    namespace,
    open: { ...ref, namespace: namespaced ? ref.namespace : '' },
    tab: 'describe',
    filter: sameList ? s.filter : '',
    sort: sameList ? s.sort : null
  })
}

/** Select one cluster alone (namespace resets: namespaces differ per cluster). */
export function selectCluster(cluster: string): void {
  const s = ui.getState()
  const leave = s.page === 'settings' || s.page === 'kubeconfig'
  if (s.clusters.length !== 1 || s.clusters[0] !== cluster) navigate({ clusters: [cluster], namespace: '', open: null, ...(leave ? { page: 'list' } : {}) })
  else if (leave) navigate({ page: 'list' })
}

/** Add a cluster to the selection, or take it out (one always stays). */
export function toggleCluster(cluster: string): void {
  const s = ui.getState()
  if (s.clusters.includes(cluster)) {
    if (s.clusters.length > 1) navigate({ clusters: s.clusters.filter((c) => c !== cluster), open: null })
  } else navigate({ clusters: [...s.clusters, cluster], open: null, ...(s.page === 'settings' || s.page === 'kubeconfig' ? { page: 'list' } : {}) })
}

/** Filter by namespace ('' = all). */
export function selectNamespace(namespace: string): void {
  navigate({ namespace, open: null })
}

/** Open (a ref) or close (null) the detail drawer of the list shown. */
export function setOpen(open: ObjectRef | null): void {
  navigate({ open, tab: open ? ui.getState().tab : 'describe' })
}

export function setTab(tab: DrawerTab): void {
  navigate({ tab })
}

/** The list's filter text (applied). */
export function setFilter(filter: string): void {
  if (ui.getState().filter !== filter) navigate({ filter })
}

/** The list's sort (null = the kind's default). */
export function setSort(sort: SortSpec | null): void {
  navigate({ sort })
}

/** Cycle system → dark → light, remembered across launches. */
export function setTheme(theme: ThemeChoice): void {
  try {
    globalThis.localStorage?.setItem(THEME_KEY, theme)
  } catch {
    /* storage disabled: session only */
  }
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

/** Open (with `seed` typed, e.g. `:`) or close the command palette. */
export function setPaletteOpen(open: boolean, seed = ''): void {
  ui.setState({ paletteOpen: open, paletteSeed: seed, ...(open ? { shortcutsOpen: false, columnsOpen: false } : {}) })
}

/** Open or close the column chooser of the list shown. */
export function setColumnsOpen(open: boolean): void {
  ui.setState({ columnsOpen: open })
}
