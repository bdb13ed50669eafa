/**
 * The simulated apiextensions controllers: CustomResourceDefinitions become served resources.
 *
 * Why: kube-apiserver's naming and establishing controllers accept a CRD's names and mark it
 * Established, and its CRD handler then serves the custom resources at
 * `/apis/<group>/<version>/…`, in discovery, with the version's printer columns as Table. Here
 * every CRD in the store is registered as a served kind (kinds.ts `registerCustomKind`) with
 * its storage version; the generic store, routes, watch, discovery and Table code then serve it
 * like any kind. When a CRD is deleted, its custom resources are deleted (watchers see DELETED,
 * as the apiserver's `customresourcecleanup` finalizer does) and the kind leaves discovery.
 * Not modelled: several served versions (only the storage version is served), conversion
 * webhooks, name conflicts between CRDs, openAPIV3Schema validation and pruning of the objects.
 * Lifecycle: `startCrdController(store)` registers the CRDs already stored at once, then follows
 * the store's CRD events (handled after the write that caused them, never inside it); `stop()`.
 */
import type { SimStore } from '../store/store.ts'
import type { Rec } from '../store/types.ts'
import type { KindDef, KindId, CustomPrinterColumn } from '../kinds.ts'
import { isCustomKind, registerCustomKind, unregisterCustomKind } from '../kinds.ts'
import type { KubeObject } from '../types.ts'
import { setCustomSchema } from './prune.ts'

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/** The status the naming and establishing controllers leave on a CRD without conflicts. */
function establishedStatus(obj: KubeObject, now: string): Json {
  const spec = isObj(obj.spec) ? obj.spec : {}
  const names = isObj(spec.names) ? spec.names : {}
  const prev = isObj(obj.status) ? obj.status : {}
  return {
    ...prev,
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }
    ],
    acceptedNames: { ...names, singular: names.singular ?? String(names.plural ?? ''), listKind: names.listKind ?? `${String(names.kind ?? '')}List` }
  }
}

function isEstablished(obj: KubeObject): boolean {
  const conds = isObj(obj.status) && Array.isArray(obj.status.conditions) ? obj.status.conditions : []
  return conds.some((c) => isObj(c) && c.type === 'Established' && c.status === 'True')
}

/** The served kind of a CRD (its storage version, else its first served one), or undefined. */
export function kindOfCrd(obj: KubeObject): { def: KindDef; columns: CustomPrinterColumn[] | undefined; schema: unknown } | undefined {
  const spec = isObj(obj.spec) ? obj.spec : {}
  const names = isObj(spec.names) ? spec.names : {}
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter((v): v is Json => isObj(v) && v.served === true)
  const v = versions.find((x) => x.storage === true) ?? versions[0]
  const group = typeof spec.group === 'string' ? spec.group : ''
  const plural = typeof names.plural === 'string' ? names.plural : ''
  if (!v || !group || !plural || typeof v.name !== 'string') return undefined
  const subs = isObj(v.subresources) ? v.subresources : {}
  const def: KindDef = {
    id: `${plural}.${group}` as KindId,
    group: 'cluster',
    apiGroup: group,
    version: v.name,
    resource: plural,
    kind: typeof names.kind === 'string' ? names.kind : '',
    singular: typeof names.singular === 'string' && names.singular ? names.singular : plural,
    namespaced: spec.scope === 'Namespaced',
    shortNames: strings(names.shortNames),
    status: isObj(subs.status),
    scale: isObj(subs.scale),
    categories: strings(names.categories),
    columns: []
  }
  const cols = Array.isArray(v.additionalPrinterColumns) ? (v.additionalPrinterColumns as CustomPrinterColumn[]) : undefined
  const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined
  return { def, columns: cols && cols.length ? cols : undefined, schema }
}

export interface CrdController {
  stop(): void
}

/** Serve the CRDs of `store`, now and as they change. */
export function startCrdController(store: SimStore, onChanged?: (id: KindId) => void): CrdController {
  const served = new Map<string, KindId>()
  const signatures = new Map<string, string>()
  let stopped = false

  const apply = (rec: Rec): void => {
    const obj = store.object(rec)
    const name = obj.metadata.name ?? ''
    if (!isEstablished(obj) && !obj.metadata.deletionTimestamp) {
      // Accept the names and establish it, as one status write after the create.
      store.update('customresourcedefinitions', { ...obj, status: establishedStatus(obj, new Date().toISOString()) })
      return
    }
    const k = kindOfCrd(obj)
    if (!k) return
    // Only a change of what is served (names, version, columns, schema) restarts the resource.
    const sig = JSON.stringify(k)
    if (signatures.get(name) === sig) return
    signatures.set(name, sig)
    const prev = served.get(name)
    // An update re-registers (printer columns, subresources may have changed): one reference each.
    if (prev) unregisterCustomKind(prev)
    registerCustomKind(k.def, k.columns)
    setCustomSchema(k.def.id, k.schema)
    served.set(name, k.def.id)
    // A changed CRD (columns, schema): its open watches end, as the apiserver restarts the storage.
    if (prev) onChanged?.(prev)
  }

  const remove = (name: string): void => {
    const id = served.get(name)
    if (!id) return
    served.delete(name)
    signatures.delete(name)
    if (isCustomKind(id)) for (const { ns, name: n } of store.names(id)) store.delete(id, ns || undefined, n)
    unregisterCustomKind(id)
    onChanged?.(id)
    if (!isCustomKind(id)) setCustomSchema(id, undefined)
  }

  const handle = store.watch('customresourcedefinitions', store.filter('customresourcedefinitions', {}), undefined, (type, rec) => {
    // Never write inside the store's commit: handle the event right after it.
    queueMicrotask(() => {
      if (stopped) return
      if (type === 'DELETED') remove(rec.name)
      else apply(rec)
    })
  })
  for (const rec of handle.initial) apply(rec)

  return {
    stop(): void {
      stopped = true
      handle.cancel()
      for (const id of served.values()) unregisterCustomKind(id)
      served.clear()
    }
  }
}
