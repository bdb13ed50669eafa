/**
 * The PVC protection controller's rule: a PersistentVolumeClaim being deleted keeps its
 * `kubernetes.io/pvc-protection` finalizer while a pod that has not finished uses it.
 *
 * Why: a StatefulSet's claims must outlive its pods during a namespace deletion and then go, or
 * the namespace stays Terminating for good. Pure helpers; the lifecycle removes the finalizer.
 */
import type { SimStore } from '../store/store.ts'
import type { Rec } from '../store/types.ts'
import type { KubeObject } from '../types.ts'

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection'

type Volumes = { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined

/** The claims a pod mounts. */
export function claimsOf(pod: KubeObject): string[] {
  return ((pod.spec as Volumes)?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter((c): c is string => !!c)
}

/** Whether the claim `rec` is being deleted, still protected, and used by no live pod. */
export function claimReleasable(store: SimStore, rec: Rec): boolean {
  const meta = store.object(rec).metadata
  if (!meta.deletionTimestamp || !meta.finalizers?.includes(PVC_PROTECTION)) return false
  return !store.list('pods', { namespace: rec.ns }).items.some((p) => {
    if (p.json.indexOf(rec.name) < 0) return false
    const pod = store.object(p)
    const phase = (pod.status as { phase?: string } | undefined)?.phase
    return phase !== 'Succeeded' && phase !== 'Failed' && claimsOf(pod).includes(rec.name)
  })
}
