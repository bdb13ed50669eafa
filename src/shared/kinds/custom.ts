/**
 * Custom kinds: the resources a cluster serves beyond the built-in registry (CRDs and aggregated
 * APIs), discovered per cluster at run time.
 *
 * Why: the registry is static and compiled in; a cluster's custom resources are not. A custom kind
 * has the token `<plural>.<group>` (what `kubectl get certificates.cert-manager.io` accepts), lives
 * under the grammar alias `custom`, and has no projector: its rows are the apiserver's own Table
 * (`as=Table`), so its columns are exactly kubectl's, additionalPrinterColumns included. Built-in
 * tokens never contain a dot, so the two token spaces cannot collide.
 * Lifecycle: pure helpers; the main process's catalog (`src/main/watch/customKinds.ts`) builds
 * the defs from discovery, and the columns arrive with each list (`RowList.columns`).
 */
import type { ColumnDef, ColumnType, KindDef } from './registry.ts'

/** The grammar alias of every custom kind of every cluster. */
export const CUSTOM_GROUP = 'custom'

/** A custom kind's token: `<plural>.<group>`, e.g. `certificates.cert-manager.io`. */
export type CustomKindId = `${string}.${string}`

/**
 * API groups Kubernetes itself serves (kube-apiserver and its built-in aggregated servers): their
 * resources are never custom kinds, whether the app's registry lists them or not (`leases`,
 * `certificatesigningrequests`, …). Source: the group list of kube-apiserver 1.34's discovery.
 */
export const BUILTIN_API_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io'
])

/** DNS-1123 label (a resource's plural is one, lower-case). */
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
/** `<plural>.<group>`: a label, then a DNS-1123 subdomain of at least two labels (a CRD's group has a dot). */
const TOKEN_RE = new RegExp(`^${LABEL}(\\.${LABEL}){2,}$`)
/** A DNS-1123 subdomain is at most 253 characters. */
const MAX_TOKEN = 253 + 1 + 63

/** Whether `t` is a well-formed custom kind token (whether any cluster serves it is another matter). */
export function isCustomToken(t: string): t is CustomKindId {
  return t.length <= MAX_TOKEN && TOKEN_RE.test(t)
}

/** `certificates.cert-manager.io` → { resource: 'certificates', apiGroup: 'cert-manager.io' }. */
export function splitCustomToken(t: CustomKindId): { readonly resource: string; readonly apiGroup: string } {
  const dot = t.indexOf('.')
  return { resource: t.slice(0, dot), apiGroup: t.slice(dot + 1) }
}

/** What discovery says of one served resource (aggregated v2 or legacy), enough to list and watch it. */
export interface DiscoveredKind {
  readonly apiGroup: string
  /** The group's preferred version that serves this resource. */
  readonly version: string
  readonly resource: string
  readonly kind: string
  readonly singular: string
  readonly namespaced: boolean
  readonly shortNames: readonly string[]
  readonly categories: readonly string[]
  /** Discovery lists `status` / `scale` subresources. */
  readonly status: boolean
  readonly scale: boolean
}

/**
 * A custom kind of one cluster, as the engine and the renderer use it. `columns` is empty until
 * the first Table arrived (discovery does not carry printer columns); each list then carries them.
 */
export interface CustomKindDef extends Omit<KindDef, 'id' | 'group'> {
  readonly id: CustomKindId
  readonly group: typeof CUSTOM_GROUP
}

/** The token of a discovered resource. */
export function customTokenOf(d: Pick<DiscoveredKind, 'resource' | 'apiGroup'>): CustomKindId {
  return `${d.resource}.${d.apiGroup}` as CustomKindId
}

/** The def of a discovered resource (columns come later, from its Table). */
export function customKindDef(d: DiscoveredKind, columns: readonly ColumnDef[] = []): CustomKindDef {
  return { ...d, id: customTokenOf(d), group: CUSTOM_GROUP, columns }
}

/** `metav1.TableColumnDefinition`, as the apiserver sends it. */
export interface TableColumnDefinition {
  readonly name: string
  readonly type: string
  readonly format?: string
  readonly description?: string
  readonly priority?: number
}

/** The id of the one column the app fills itself: a `date` column titled Age (the CRD default). */
export const CUSTOM_AGE_COLUMN = 'age'

/**
 * The row columns of a Table, in the apiserver's order, as the app's ColumnDefs.
 * - The first `Name` column (format `name`) is dropped: every view prints NAMESPACE/NAME itself.
 * - Ids are `c<index in the Table>`, so a cell maps back to the Table's own cell by position.
 * - Titles are upper-cased as kubectl prints them; priority > 0 is `-o wide` only.
 * - The apiserver renders `date` cells as text once (`5m`, `120d`: apiextensions' tableconvertor,
 *   `ConvertToHumanReadableDateType`), which would go stale in a live view. A `date` column titled
 *   `Age` (what every CRD gets by default, read from `.metadata.creationTimestamp`) becomes an `age`
 *   column the app ticks from the row's createdAt; other `date` columns keep the server's text.
 */
export function columnsFromTable(defs: readonly TableColumnDefinition[]): ColumnDef[] {
  const out: ColumnDef[] = []
  defs.forEach((d, i) => {
    if (i === 0 && d.format === 'name') return
    const isAge = d.type === 'date' && d.name.toLowerCase() === 'age'
    const type: ColumnType = isAge ? 'age' : d.type === 'integer' || d.type === 'number' ? 'number' : 'string'
    const col: ColumnDef = { id: isAge ? CUSTOM_AGE_COLUMN : `c${i}`, title: d.name.toUpperCase(), type }
    out.push((d.priority ?? 0) > 0 ? { ...col, wide: true } : col)
  })
  return out
}
