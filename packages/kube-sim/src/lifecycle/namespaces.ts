/**
 * What the namespace controller needs from the store: the objects of a namespace, and whether
 * it is empty.
 *
 * Why: a terminating namespace is removed only once every namespaced object in it is gone
 * (objects with finalizers or in their grace period keep it Terminating, as on a real cluster).
 */
import { KINDS } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { Found } from './gc.ts'

const NAMESPACED = KINDS.filter((k) => k.namespaced).map((k) => k.id)

/** Every object in namespace `ns`, kind by kind. */
export function namespaceObjects(store: SimStore, ns: string): Omit<Found, 'obj'>[] {
  return NAMESPACED.flatMap((kind) => store.list(kind, { namespace: ns }).items.map((rec) => ({ kind, rec })))
}

/** True when no namespaced object remains in `ns`. */
export function namespaceEmpty(store: SimStore, ns: string): boolean {
  return NAMESPACED.every((kind) => store.list(kind, { namespace: ns, limit: 1 }).items.length === 0)
}
