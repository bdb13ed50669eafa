/**
 * An Event's reference to the object it is about, completed as a recorder completes it.
 *
 * Why: client-go's recorder builds `involvedObject` from the object itself (kind, namespace,
 * name, uid, apiVersion, resourceVersion), and `kubectl describe` finds a pod's events by
 * `involvedObject.uid`. Generated and churned events name their object only; the store fills in
 * the uid and resourceVersion at write time. The kubelet refers to its Node by name as uid.
 */
import type { KubeObject } from '../types.ts'
import type { Rec } from './types.ts'

interface Ref {
  kind?: string
  namespace?: string
  name?: string
  uid?: string
  resourceVersion?: string
}

/**
 * `ev` with `involvedObject.uid` and `resourceVersion` set when the uid is missing: from the
 * object (looked up by kind name), else from the event's previous version (a repeat recorded
 * after its object went keeps the reference it had). Anything not found is left as it was.
 */
export function withInvolvedRef(
  ev: KubeObject,
  lookup: (kind: string, ns: string | undefined, name: string) => Rec | undefined,
  previous?: () => KubeObject
): KubeObject {
  const ref = ev.involvedObject as Ref | undefined
  if (!ref || ref.uid || !ref.kind || !ref.name) return ev
  const src = (ev.source as { component?: string } | undefined)?.component
  if (ref.kind === 'Node' && src === 'kubelet') return { ...ev, involvedObject: { ...ref, uid: ref.name } }
  const rec = lookup(ref.kind, ref.namespace, ref.name)
  if (rec) return { ...ev, involvedObject: { ...ref, uid: rec.uid, resourceVersion: String(rec.rv) } }
  const before = previous?.().involvedObject as Ref | undefined
  return before?.uid ? { ...ev, involvedObject: { ...ref, uid: before.uid, resourceVersion: before.resourceVersion } } : ev
}
