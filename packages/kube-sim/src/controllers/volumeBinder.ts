/**
 * The simulated persistent-volume binder (pkg/controller/volume/persistentvolume): a claim
 * someone creates binds to a matching Available volume; a volume nobody claims is Available.
 *
 * Why: `kubectl get pv,pvc` shows STATUS Bound and the CLAIM/VOLUME columns only once the binder
 * ran; the real apiserver judged the simulator on exactly that. A volume matches when it has no
 * claim, the same storage class, every requested access mode and at least the requested size;
 * the smallest match wins. Claims of a `WaitForFirstConsumer` class wait (no pods schedule them
 * here); no dynamic provisioning. Binding writes both sides as the controller does: the volume's
 * `claimRef` and `Bound` phase, the claim's `volumeName`, `Bound` status (access modes, capacity)
 * and the bind annotations.
 * A volume whose claim is gone turns Released (Retain: it keeps its data and is not reused). The
 * pv-protection controller runs here too: a volume being deleted loses its
 * `kubernetes.io/pv-protection` finalizer once it is not Bound, and then goes.
 * Lifecycle: started by the manager; a claim is synced one step after it or any volume changes.
 * Generated volumes and claims stay the churn's.
 */
import type { KubeObject } from '../types.ts'
import type { Controller, Env } from './context.ts'
import { clone, isoAt } from './context.ts'

interface PvSpec {
  capacity?: { storage?: string }
  accessModes?: string[]
  storageClassName?: string
  claimRef?: { uid?: string }
}
interface PvcSpec {
  accessModes?: string[]
  resources?: { requests?: { storage?: string } }
  storageClassName?: string
  volumeName?: string
}

const PV_PROTECTION = 'kubernetes.io/pv-protection'

const UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 }

/** Bytes of a storage quantity (`1Gi`, `500M`, `1073741824`); NaN when unreadable. */
export function bytesOf(q: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([kMGTP]i?|)$/.exec(q ?? '')
  return m ? Number(m[1]) * (UNITS[m[2]] ?? NaN) : NaN
}

/** Start the volume binder. */
export function startVolumeBinder(env: Env): Controller {
  const { pvs, pvcs } = env.informers
  const classMode = (name: string | undefined): string | undefined => {
    if (!name) return 'Immediate'
    const rec = env.store.get('storageclasses', '', name)
    return rec ? String((env.store.object(rec) as { volumeBindingMode?: string }).volumeBindingMode ?? 'Immediate') : undefined
  }

  const markAvailable = (key: string): undefined => {
    const pv = pvs.getByKey(key)
    if (!pv || pv.obj.metadata.deletionTimestamp) return undefined
    const phase = (pv.obj.status as { phase?: string } | undefined)?.phase
    if ((phase && phase !== 'Pending') || (pv.obj.spec as PvSpec | undefined)?.claimRef) return undefined
    const obj = clone(pv.obj)
    obj.status = { phase: 'Available', lastPhaseTransitionTime: isoAt(env.now()) }
    env.store.update('pvs', obj)
    return undefined
  }

  const sync = (key: string): undefined => {
    const claim = pvcs.getByKey(key)
    if (!claim || claim.obj.metadata.deletionTimestamp) return undefined
    const spec = (claim.obj.spec as PvcSpec | undefined) ?? {}
    if (spec.volumeName || (claim.obj.status as { phase?: string } | undefined)?.phase === 'Bound') return undefined
    if (classMode(spec.storageClassName) !== 'Immediate') return undefined
    const want = bytesOf(spec.resources?.requests?.storage)
    const modes = spec.accessModes ?? []
    const candidates = pvs
      .list()
      .filter((pv) => {
        const s = (pv.obj.spec as PvSpec | undefined) ?? {}
        return (
          !s.claimRef &&
          !pv.obj.metadata.deletionTimestamp &&
          (s.storageClassName ?? '') === (spec.storageClassName ?? '') &&
          modes.every((m) => s.accessModes?.includes(m)) &&
          bytesOf(s.capacity?.storage) >= want
        )
      })
      .sort((a, b) => bytesOf((a.obj.spec as PvSpec).capacity?.storage) - bytesOf((b.obj.spec as PvSpec).capacity?.storage))
    const pv = candidates[0]
    if (!pv) return undefined
    const at = isoAt(env.now())
    const vol: KubeObject = clone(pv.obj)
    vol.metadata.annotations = { ...(vol.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' }
    vol.spec = {
      ...(vol.spec as object),
      claimRef: {
        kind: 'PersistentVolumeClaim',
        namespace: claim.rec.ns,
        name: claim.rec.name,
        uid: claim.rec.uid,
        apiVersion: 'v1',
        resourceVersion: String(claim.rec.rv)
      }
    }
    vol.status = { phase: 'Bound', lastPhaseTransitionTime: at }
    env.store.update('pvs', vol)
    const c: KubeObject = clone(claim.obj)
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' }
    c.spec = { ...(c.spec as object), volumeName: pv.rec.name }
    const pvSpec = pv.obj.spec as PvSpec
    c.status = { phase: 'Bound', accessModes: pvSpec.accessModes ?? [], capacity: pvSpec.capacity ?? {} }
    env.store.update('pvcs', c)
    return undefined
  }

  /** Released when its claim is gone; the protection finalizer off (and the volume gone) once not Bound while being deleted. */
  const protect = (key: string): undefined => {
    const pv = pvs.getByKey(key)
    if (!pv) return undefined
    const spec = (pv.obj.spec as PvSpec | undefined) ?? {}
    const phase = (pv.obj.status as { phase?: string } | undefined)?.phase
    const claimGone = spec.claimRef?.uid !== undefined && !pvcs.list().some((c) => c.rec.uid === spec.claimRef?.uid)
    if (phase === 'Bound' && claimGone) {
      const obj = clone(pv.obj)
      obj.status = { phase: 'Released', lastPhaseTransitionTime: isoAt(env.now()) }
      env.store.update('pvs', obj)
      return undefined
    }
    const fins = pv.obj.metadata.finalizers ?? []
    if (!pv.obj.metadata.deletionTimestamp || phase === 'Bound' || !fins.includes(PV_PROTECTION)) return undefined
    const rest = fins.filter((f) => f !== PV_PROTECTION)
    if (rest.length === 0) env.store.delete('pvs', '', pv.rec.name)
    else {
      const obj = clone(pv.obj)
      obj.metadata.finalizers = rest
      env.store.update('pvs', obj)
    }
    return undefined
  }

  const q = env.queue('volume-binder', sync)
  const qProtect = env.queue('pv-protection', protect)
  const qPv = env.queue('volume-available', markAvailable)
  const claims = (): void => {
    for (const c of pvcs.list()) q.add(c.rec.key, env.stepMs)
  }
  const unsubPvc = pvcs.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
    else for (const pv of pvs.list()) qProtect.add(pv.rec.key, env.stepMs)
  })
  const unsubPv = pvs.subscribe((type, cur) => {
    if (type === 'ADDED') qPv.add(cur.rec.key, env.stepMs)
    if (type !== 'DELETED') qProtect.add(cur.rec.key, env.stepMs)
    claims()
  })
  for (const pv of pvs.list()) qPv.add(pv.rec.key, env.stepMs)
  claims()
  return {
    stop: () => {
      unsubPvc()
      unsubPv()
      q.stop()
      qPv.stop()
      qProtect.stop()
    }
  }
}
