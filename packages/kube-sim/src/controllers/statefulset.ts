/**
 * The simulated statefulset controller: ordinal pods `<sts>-0 … <sts>-N-1`, in order.
 *
 * Why: statefulsets are the workload whose ordering a user can watch: with the default
 * `OrderedReady` policy pod N+1 is created only once pod N is Running and Ready, scale-down removes
 * the highest ordinal first (one at a time), and a RollingUpdate replaces pods from the highest
 * ordinal down (respecting `partition`), each waiting for the previous one. `Parallel` creates and
 * deletes without waiting. The status carries currentRevision/updateRevision (`<sts>-<hash>`),
 * replicas, readyReplicas, availableReplicas, currentReplicas and updatedReplicas, which
 * `kubectl rollout status statefulset` reads.
 * Lifecycle: started by the manager; a statefulset is reconciled one step after it or one of its
 * pods changes; `stop()` ends it. Not modelled: PVCs from volumeClaimTemplates, ControllerRevision
 * objects, `spec.ordinals`, `persistentVolumeClaimRetentionPolicy`.
 */
import type { Controller, Env } from './context.ts'
import { clone, controllerRef, intOr, sameJson, templateHash } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import type { PodTemplateLike } from './pods.ts'
import { availableIn, isFinished, isReady, isTerminating, podFromTemplate } from './pods.ts'
import type { PodDeleter } from './replicaset.ts'

const REVISION_LABEL = 'controller-revision-hash'

interface StsSpec {
  replicas?: number
  serviceName?: string
  minReadySeconds?: number
  podManagementPolicy?: string
  template?: PodTemplateLike
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } }
}
interface StsStatus {
  currentRevision?: string
  updateRevision?: string
  collisionCount?: number
}

/** The ordinal of `<sts>-<n>`, or -1 when the name is not one of the set's. */
function ordinalOf(sts: string, pod: string): number {
  if (!pod.startsWith(sts + '-')) return -1
  const n = pod.slice(sts.length + 1)
  return /^(0|[1-9][0-9]*)$/.test(n) ? Number(n) : -1
}

/** Start the statefulset controller. */
export function startStatefulSetController(env: Env, deletePod: PodDeleter): Controller {
  const { statefulsets, pods } = env.informers

  const sync = (key: string): number | undefined => {
    const sts = statefulsets.getByKey(key)
    if (!sts || sts.obj.metadata.deletionTimestamp) return undefined
    const spec = (sts.obj.spec as StsSpec | undefined) ?? {}
    const oldStatus = (sts.obj.status as StsStatus | undefined) ?? {}
    const want = intOr(spec.replicas, 1)
    const parallel = spec.podManagementPolicy === 'Parallel'
    const minReady = intOr(spec.minReadySeconds, 0)
    const updateRevision = `${sts.rec.name}-${templateHash(spec.template ?? {})}`
    const me = subject('StatefulSet', 'apps/v1', sts.rec)
    const byOrdinal = (): Map<number, Cached> => {
      const m = new Map<number, Cached>()
      for (const p of pods.owned(sts.rec.uid)) {
        const i = ordinalOf(sts.rec.name, p.rec.name)
        if (i >= 0) m.set(i, p)
      }
      return m
    }
    const create = (i: number): void => {
      const name = `${sts.rec.name}-${i}`
      const made = env.create(
        'pods',
        podFromTemplate(spec.template, {
          namespace: sts.rec.ns,
          name,
          generateName: `${sts.rec.name}-`,
          owner: controllerRef(sts.obj, 'apps/v1', 'StatefulSet'),
          labels: { [REVISION_LABEL]: updateRevision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
          spec: { hostname: name, ...(spec.serviceName ? { subdomain: spec.serviceName } : {}) }
        })
      )
      if (made) env.events.record(me, ['Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.rec.name} successful`, 'statefulset-controller'])
    }
    const remove = (name: string): void => {
      deletePod(sts.rec.ns, name)
      env.events.record(me, ['Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${sts.rec.name} successful`, 'statefulset-controller'])
    }
    const healthy = (p: Cached | undefined): boolean => !!p && !isTerminating(p.obj) && isReady(p.obj)

    let set = byOrdinal()
    // Failed or finished pods are replaced, as the real controller does.
    for (const p of set.values()) if (isFinished(p.obj) && !isTerminating(p.obj)) remove(p.rec.name)
    set = byOrdinal()
    let blocked = false
    for (let i = 0; i < want && !blocked; i++) {
      const p = set.get(i)
      if (!p) {
        create(i)
        if (!parallel) blocked = true
      } else if (!parallel && !healthy(p)) blocked = true
    }
    if (!blocked) {
      const extra = [...set.keys()].filter((i) => i >= want).sort((a, b) => b - a)
      const condemned = parallel ? extra : extra.slice(0, 1)
      const lowerHealthy = parallel || [...set.entries()].every(([i, p]) => i >= want || healthy(p))
      if (lowerHealthy) for (const i of condemned) if (!isTerminating((set.get(i) as Cached).obj)) remove(`${sts.rec.name}-${i}`)
    }
    set = byOrdinal()
    // Rolling update: once every wanted pod is up, replace the highest outdated ordinal.
    const partition = intOr(spec.updateStrategy?.rollingUpdate?.partition, 0)
    if (spec.updateStrategy?.type !== 'OnDelete' && !blocked) {
      const inRange = [...set.entries()].filter(([i]) => i < want)
      const settled = inRange.length === want && inRange.every(([, p]) => healthy(p))
      if (settled) {
        const outdated = inRange.filter(([i, p]) => i >= partition && p.obj.metadata.labels?.[REVISION_LABEL] !== updateRevision).sort((a, b) => b[0] - a[0])
        if (outdated.length > 0) remove(outdated[0][1].rec.name)
      }
    }
    set = byOrdinal()
    const now = env.now()
    let replicas = 0
    let ready = 0
    let available = 0
    let current = 0
    let updated = 0
    let nextAvailable = Infinity
    const currentRevision0 = oldStatus.currentRevision ?? updateRevision
    for (const p of set.values()) {
      if (isTerminating(p.obj)) continue
      replicas++
      const rev = p.obj.metadata.labels?.[REVISION_LABEL]
      if (rev === currentRevision0) current++
      if (rev === updateRevision) updated++
      if (!isReady(p.obj)) continue
      ready++
      const wait = availableIn(p.obj, minReady, now)
      if (wait === 0) available++
      else nextAvailable = Math.min(nextAvailable, wait)
    }
    const done = updated === want && ready === want && replicas === want
    const currentRevision = done ? updateRevision : currentRevision0
    const status: Record<string, unknown> = {
      observedGeneration: sts.rec.generation,
      replicas,
      readyReplicas: ready,
      currentReplicas: done ? updated : current,
      updatedReplicas: updated,
      currentRevision,
      updateRevision,
      collisionCount: oldStatus.collisionCount ?? 0,
      availableReplicas: available
    }
    const cur = statefulsets.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('statefulsets', obj, true)
    }
    return nextAvailable === Infinity ? undefined : nextAvailable + 50
  }

  const q = env.queue('statefulset', sync)
  const unsubSts = statefulsets.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubPods = pods.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('StatefulSet', cur, prev)) q.add(k, env.stepMs)
  })
  for (const s of statefulsets.list()) q.add(s.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubSts()
      unsubPods()
      q.stop()
    }
  }
}
