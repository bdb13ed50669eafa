/**
 * Ownership lookups for the garbage collector: an object's dependents (objects whose
 * `ownerReferences` name its uid) and its owners.
 *
 * Why: the store indexes neither owners nor dependents, so a lookup scans the owner's namespace.
 * It stays cheap at 10k pods because only the kinds that can depend on the owner's kind are
 * scanned, the raw JSON bytes are searched for the uid before anything is parsed, and pods,
 * events and the other leaf kinds are never scanned for as owners (nothing in the simulator is
 * owned by them).
 */
import { KINDS } from '../kinds.ts'
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { Rec } from '../store/types.ts'
import type { KubeObject, OwnerRef } from '../types.ts'

/** An object found by a lookup: its kind, record and parsed form. */
export interface Found {
  readonly kind: KindId
  readonly rec: Rec
  readonly obj: KubeObject
}

const NAMESPACED = KINDS.filter((k) => k.namespaced).map((k) => k.id)

/** Kinds whose objects the simulator's controllers make dependents of each owner kind. */
const DEPENDENT_KINDS: Partial<Record<KindId, readonly KindId[]>> = {
  deployments: ['replicasets'],
  replicasets: ['pods'],
  statefulsets: ['pods', 'pvcs'],
  daemonsets: ['pods'],
  jobs: ['pods'],
  cronjobs: ['jobs'],
  services: ['endpointslices']
}

/** Kinds that never own anything here: deleting one of them needs no dependents scan. */
const LEAF_KINDS = new Set<KindId>([
  'pods',
  'events',
  'endpointslices',
  'pvs',
  'pvcs',
  'poddisruptionbudgets',
  'horizontalpodautoscalers',
  'networkpolicies',
  'ingresses'
])

const KIND_BY_NAME = new Map<string, KindId>(KINDS.map((k) => [k.kind, k.id]))

/** The KindId of an ownerReference's `kind`, when it is one of the simulator's kinds. */
export function kindOfRef(ref: OwnerRef): KindId | undefined {
  return KIND_BY_NAME.get(ref.kind)
}

/**
 * The objects in namespace `ns` owned by the object `uid` of `ownerKind` (for a cluster-scoped
 * owner, `ns` is '' and every namespace is scanned).
 */
export function dependentsOf(store: SimStore, ownerKind: KindId, ns: string, uid: string): Found[] {
  if (LEAF_KINDS.has(ownerKind)) return []
  const kinds = DEPENDENT_KINDS[ownerKind] ?? NAMESPACED
  const out: Found[] = []
  for (const kind of kinds) {
    const items = store.list(kind, ns ? { namespace: ns } : {}).items
    for (const rec of items) {
      if (rec.uid === uid || rec.json.indexOf(uid) < 0) continue
      const obj = store.object(rec)
      if (obj.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push({ kind, rec, obj })
    }
  }
  return out
}

/** The owners of `obj` that still exist (with the same uid), in `ns`. */
export function liveOwners(store: SimStore, obj: KubeObject, ns: string): Found[] {
  const out: Found[] = []
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const kind = kindOfRef(ref)
    if (!kind) continue
    const rec = store.get(kind, ns, ref.name)
    if (rec && rec.uid === ref.uid) out.push({ kind, rec, obj: store.object(rec) })
  }
  return out
}
