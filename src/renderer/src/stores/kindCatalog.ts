/**
 * The per-cluster kind catalog: the built-in registry plus each cluster's custom kinds.
 *
 * Why: the registry is static, a cluster's custom kinds are not (`GET /api/clusters/:c/kinds`,
 * re-discovered server-side when CRDs change). Every place a row's kind can be custom (list table,
 * column menu, drawer, describe, palette, links) asks `kindOf(cluster, kind)` here instead of the
 * registry. A custom kind's columns are not in discovery: they arrive with each list or snapshot
 * (`RowList.columns`) and are stored per (cluster, kind) by `setKindColumns`.
 * Lifecycle: filled by `useKindCatalog` (cluster list changes, a modest timer while visible, and a
 * 404 of a custom kind the catalog does not know); entries of clusters that left are dropped.
 */
import { createStore } from 'zustand/vanilla'
import type { ClusterKindsResponse } from '../../../shared/api/wire.ts'
import { CUSTOM_GROUP, isCustomToken, splitCustomToken } from '../../../shared/kinds/custom.ts'
import type { CustomKindDef, CustomKindId } from '../../../shared/kinds/custom.ts'
import { findKind } from '../../../shared/kinds/registry.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'
import { customEnabled } from '../../../shared/kinds/grammar.ts'
import type { CustomSelection } from '../../../shared/kinds/grammar.ts'

export type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'

/** What the catalog knows of one cluster's custom kinds. */
export interface ClusterCatalog {
  /** In the server's order (API group, then resource). */
  readonly kinds: readonly CustomKindDef[]
  readonly byId: ReadonlyMap<string, CustomKindDef>
  readonly discoveredAt?: string
  /** The server's reason discovery failed or is partial ('' when complete). */
  readonly reason: string
  /** Kinds-setting tokens this cluster does not serve. */
  readonly unserved: readonly string[]
  /** Why the last fetch of this cluster's kinds failed ('' when it did not). */
  readonly error: string
  /** `Date.now()` of the last answer (ok or not). */
  readonly fetchedAt: number
}

export interface KindCatalogState {
  readonly clusters: Readonly<Record<string, ClusterCatalog>>
  /** Table columns of a custom kind, keyed `cluster\nkind`, from its last list or snapshot. */
  readonly columns: Readonly<Record<string, readonly ColumnDef[]>>
}

/** The app's kind catalog. */
export const kindCatalog = createStore<KindCatalogState>(() => ({ clusters: {}, columns: {} }))

const EMPTY: ClusterCatalog = { kinds: [], byId: new Map(), reason: '', unserved: [], error: '', fetchedAt: 0 }
const colKey = (cluster: string, kind: string): string => `${cluster}\n${kind}`

/** Stores a cluster's answer of `GET /api/clusters/:cluster/kinds`. */
export function setClusterKinds(cluster: string, res: ClusterKindsResponse, now = Date.now()): void {
  const byId = new Map(res.kinds.map((k) => [k.id as string, k]))
  const entry: ClusterCatalog = {
    kinds: res.kinds,
    byId,
    discoveredAt: res.discoveredAt,
    reason: res.reason,
    unserved: res.unserved,
    error: '',
    fetchedAt: now
  }
  kindCatalog.setState((s) => ({ clusters: { ...s.clusters, [cluster]: entry } }))
}

/** Records a failed fetch of a cluster's kinds; what was known before stays (a blip loses nothing). */
export function setClusterKindsError(cluster: string, error: string, now = Date.now()): void {
  kindCatalog.setState((s) => ({ clusters: { ...s.clusters, [cluster]: { ...(s.clusters[cluster] ?? EMPTY), error, fetchedAt: now } } }))
}

/** Stores the Table columns a list or snapshot of a custom kind carried (built-in kinds ignore it). */
export function setKindColumns(cluster: string, kind: string, columns: readonly ColumnDef[] | undefined): void {
  if (!columns || !isCustomToken(kind)) return
  const key = colKey(cluster, kind)
  const prev = kindCatalog.getState().columns[key]
  if (prev && sameColumns(prev, columns)) return
  kindCatalog.setState((s) => ({ columns: { ...s.columns, [key]: columns } }))
}

function sameColumns(a: readonly ColumnDef[], b: readonly ColumnDef[]): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i].id && c.title === b[i].title && c.type === b[i].type && !!c.wide === !!b[i].wide)
}

/** Drops the catalog entries (and columns) of clusters no longer in the kubeconfig. */
export function keepClusters(ids: readonly string[]): void {
  const keep = new Set(ids)
  const s = kindCatalog.getState()
  if (Object.keys(s.clusters).every((c) => keep.has(c)) && Object.keys(s.columns).every((k) => keep.has(k.split('\n')[0]))) return
  kindCatalog.setState({
    clusters: Object.fromEntries(Object.entries(s.clusters).filter(([c]) => keep.has(c))),
    columns: Object.fromEntries(Object.entries(s.columns).filter(([k]) => keep.has(k.split('\n')[0])))
  })
}

/** One cluster's catalog (an empty one before its first answer). */
export function clusterCatalog(cluster: string, s: KindCatalogState = kindCatalog.getState()): ClusterCatalog {
  return s.clusters[cluster] ?? EMPTY
}

/**
 * The def of a (cluster, kind), built-in or custom, or undefined for a custom kind nobody knows
 * yet (no discovery entry and no list columns) or a malformed token. A custom kind's columns are
 * its last list's, else discovery's (empty until a Table arrived).
 */
export function kindOf(cluster: string, kind: string, s: KindCatalogState = kindCatalog.getState()): AnyKindDef | undefined {
  const builtin = findKind(kind)
  if (builtin) return builtin
  if (!isCustomToken(kind)) return undefined
  const cols = s.columns[colKey(cluster, kind)]
  const def = s.clusters[cluster]?.byId.get(kind) ?? (cols ? placeholderDef(kind) : undefined)
  if (!def) return undefined
  return cols && cols !== def.columns ? withColumns(def, cols) : def
}

/** def + columns, one object per (def, columns) pair so selectors return a stable value. */
const merged = new WeakMap<CustomKindDef, WeakMap<readonly ColumnDef[], CustomKindDef>>()
function withColumns(def: CustomKindDef, columns: readonly ColumnDef[]): CustomKindDef {
  let byCols = merged.get(def)
  if (!byCols) merged.set(def, (byCols = new WeakMap()))
  let d = byCols.get(columns)
  if (!d) byCols.set(columns, (d = { ...def, columns }))
  return d
}

/**
 * `kindOf`, never undefined: a custom kind the catalog does not know (yet) gets a placeholder def
 * named after its token, namespaced, so its rows still render (NAMESPACE/NAME and the cells the
 * row carries) instead of crashing a view. Use where a row already exists.
 */
export function kindOrPlaceholder(cluster: string, kind: AnyKindId, s: KindCatalogState = kindCatalog.getState()): AnyKindDef {
  return kindOf(cluster, kind, s) ?? placeholderDef(kind as CustomKindId)
}

/**
 * The def of a kind in any cluster (first cluster that knows it): for places that hold a kind but
 * no cluster (a cross-cluster link). Built-in kinds never need the catalog.
 */
export function kindAnywhere(kind: AnyKindId, s: KindCatalogState = kindCatalog.getState()): AnyKindDef {
  const builtin = findKind(kind)
  if (builtin) return builtin
  for (const c of Object.keys(s.clusters)) {
    const d = kindOf(c, kind, s)
    if (d) return d
  }
  for (const k of Object.keys(s.columns)) {
    const [c, id] = k.split('\n')
    if (id === kind) return kindOrPlaceholder(c, kind, s)
  }
  return placeholderDef(kind as CustomKindId)
}

const placeholders = new Map<string, CustomKindDef>()

/** A def for a well-formed token with no discovery entry: resource and group from the token. */
export function placeholderDef(kind: CustomKindId): CustomKindDef {
  let d = placeholders.get(kind)
  if (!d) {
    const { resource, apiGroup } = splitCustomToken(kind)
    d = {
      id: kind,
      group: CUSTOM_GROUP,
      apiGroup,
      version: '',
      resource,
      kind: resource,
      singular: resource,
      namespaced: true,
      shortNames: [],
      status: false,
      scale: false,
      categories: [],
      columns: []
    }
    placeholders.set(kind, d)
  }
  return d
}

/** Whether a def is a custom kind's. */
export function isCustomDef(d: AnyKindDef): d is CustomKindDef {
  return d.group === CUSTOM_GROUP
}

/** The custom kinds of one cluster grouped by API group, groups and kinds sorted by name. */
export function customGroups(kinds: readonly CustomKindDef[]): { readonly apiGroup: string; readonly kinds: readonly CustomKindDef[] }[] {
  const by = new Map<string, CustomKindDef[]>()
  for (const k of kinds) {
    const list = by.get(k.apiGroup)
    if (list) list.push(k)
    else by.set(k.apiGroup, [k])
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([apiGroup, ks]) => ({ apiGroup, kinds: ks.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)) }))
}

/**
 * Whether the server streams a kind live. `/api/features` lists the built-in kinds with streams;
 * a custom kind is served live when the kinds setting enables it, which the server enforces: if
 * it refuses the stream, the view falls back to polling as for any stream that cannot open.
 */
export function watchEnabled(
  features: { readonly watchStreams: readonly string[]; readonly custom?: CustomSelection } | null | undefined,
  kind: AnyKindId
): boolean {
  if (!features) return false
  if (isCustomToken(kind)) return features.custom ? customEnabled(features.custom, kind) : true
  return features.watchStreams.includes(kind)
}
