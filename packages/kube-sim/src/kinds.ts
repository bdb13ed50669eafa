/**
 * The kinds the simulated apiserver serves: the app's registry (`src/shared/kinds/registry.ts`:
 * its config and access groups include ConfigMaps, Secrets, ServiceAccounts and the four RBAC
 * kinds the simulated authorizer evaluates) plus the kinds a real cluster has and the demo world
 * needs although the app lists no view for them: `coordination.k8s.io/v1` Leases (node
 * heartbeats in `kube-node-lease`).
 *
 * Why: every part of the simulator (store, routes, discovery, OpenAPI, Table output) derives
 * from one list, so an extra kind is served at its real path with discovery like the others.
 * The sim imports `KindId`, `KindDef`, `KINDS` and `kindDef` from here, never from the registry.
 */
import { KINDS as REGISTRY_KINDS } from '../../../src/shared/kinds/registry.ts'
import type { ColumnDef, KindDef as RegistryKindDef, KindId as RegistryKindId } from '../../../src/shared/kinds/registry.ts'

/** Kinds served beyond the app's registry. */
export const EXTRA_KIND_IDS = ['leases'] as const
/** The RBAC kinds (rbac.authorization.k8s.io/v1), which the authorizer reads from the store. */
export const RBAC_KIND_IDS = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] as const
export type ExtraKindId = (typeof EXTRA_KIND_IDS)[number]

/** Every kind the simulator serves. */
export type KindId = RegistryKindId | ExtraKindId

/** A served kind: the registry's shape, with the wider id. */
export interface KindDef extends Omit<RegistryKindDef, 'id'> {
  readonly id: KindId
}

const col = (id: string, title: string, type: ColumnDef['type'] = 'string', wide = false): ColumnDef => (wide ? { id, title, type, wide } : { id, title, type })

/** The extra kinds, with the columns their real server-side printers print. */
const EXTRA_KINDS: readonly KindDef[] = [
  {
    id: 'leases',
    group: 'cluster',
    apiGroup: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    singular: 'lease',
    namespaced: true,
    shortNames: [],
    status: false,
    scale: false,
    categories: [],
    columns: [col('holder', 'HOLDER'), col('age', 'AGE', 'age')]
  }
]

/** Every served kind: the registry's, in registry order, then the extra ones. */
export const KINDS: readonly KindDef[] = [...REGISTRY_KINDS, ...EXTRA_KINDS]

const BY_ID = new Map<KindId, KindDef>(KINDS.map((k) => [k.id, k]))

/**
 * Custom resources served now (the CRD controller registers an Established CRD's storage version
 * and removes it when the CRD goes; crd/controller.ts), by id `<plural>.<group>`. Process-wide:
 * one simulator per process defines CRDs (tests that run several give them distinct names).
 */
const CUSTOM = new Map<string, KindDef>()
/** The printer columns of each custom kind (its CRD version's additionalPrinterColumns). */
const CUSTOM_COLUMNS = new Map<string, readonly CustomPrinterColumn[]>()
/** How many registrations hold each custom kind (simulators in one process, re-registrations). */
const REFS = new Map<string, number>()
/** Bumped on every change, so documents built from the kinds (discovery, OpenAPI) rebuild. */
let customGeneration = 0

/** One additionalPrinterColumn of a CRD version (apiextensions/v1). */
export interface CustomPrinterColumn {
  name: string
  type: string
  format?: string
  description?: string
  priority?: number
  jsonPath: string
}

/** Serve a custom resource (its def and printer columns). */
export function registerCustomKind(def: KindDef, columns: readonly CustomPrinterColumn[] | undefined): void {
  if (!CUSTOM.has(def.id) || !REFS.has(def.id)) REFS.set(def.id, 0)
  REFS.set(def.id, (REFS.get(def.id) ?? 0) + 1)
  CUSTOM.set(def.id, def)
  if (columns) CUSTOM_COLUMNS.set(def.id, columns)
  else CUSTOM_COLUMNS.delete(def.id)
  customGeneration++
}

/** Stop serving a custom resource. */
export function unregisterCustomKind(id: string): void {
  const refs = (REFS.get(id) ?? 1) - 1
  if (refs > 0) {
    REFS.set(id, refs)
    return
  }
  REFS.delete(id)
  if (!CUSTOM.delete(id)) return
  CUSTOM_COLUMNS.delete(id)
  customGeneration++
}

/** Whether `id` is a custom resource served now. */
export function isCustomKind(id: string): boolean {
  return CUSTOM.has(id)
}

/** The printer columns of a custom kind (undefined: none declared, the default Age applies). */
export function customColumns(id: string): readonly CustomPrinterColumn[] | undefined {
  return CUSTOM_COLUMNS.get(id)
}

/** The custom kinds served now. */
export function customKinds(): readonly KindDef[] {
  return [...CUSTOM.values()]
}

/** Changes with every custom kind registered or removed (cache key of derived documents). */
export function customKindsGeneration(): number {
  return customGeneration
}

/** Every kind served now: the built-in ones, then the custom resources. */
export function servedKinds(): readonly KindDef[] {
  return CUSTOM.size ? [...KINDS, ...CUSTOM.values()] : KINDS
}

const REGISTRY_IDS = new Set<string>(REGISTRY_KINDS.map((k) => k.id))

/** The definition of a served kind. @throws for an id that is not served. */
export function kindDef(id: KindId): KindDef {
  const k = BY_ID.get(id) ?? CUSTOM.get(id)
  if (!k) throw new Error(`unknown kind ${id}`)
  return k
}

/** Whether `id` is one of the app registry's kinds (which have a shared row projection). */
export function isRegistryKind(id: KindId): id is RegistryKindId {
  return REGISTRY_IDS.has(id)
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function groupVersion(k: { readonly apiGroup: string; readonly version: string }): string {
  return k.apiGroup === '' ? k.version : `${k.apiGroup}/${k.version}`
}
