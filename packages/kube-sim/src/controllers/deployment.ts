/**
 * The simulated deployment controller: ReplicaSets per pod template, rolling updates, status.
 *
 * Why: `kubectl create deployment`, `scale`, `set image`, `rollout status|history|undo` must
 * behave as on a cluster. Each template gets a ReplicaSet `<deploy>-<pod-template-hash>` labelled
 * with the hash and annotated with its revision; a RollingUpdate moves pods across within
 * `maxSurge`/`maxUnavailable` (rollout.ts), Recreate drains the old pods first, `spec.paused`
 * stops rollouts, and the status carries observedGeneration, the replica counts and the
 * Available/Progressing conditions (`NewReplicaSetAvailable` when done) that
 * `kubectl rollout status` waits for. Old ReplicaSets beyond `revisionHistoryLimit` are removed.
 * Lifecycle: started by the manager; a deployment is reconciled one step after it or one of its
 * ReplicaSets changes, and at its progress deadline; `stop()` ends it.
 */
import type { KubeObject } from '../types.ts'
import type { Condition, Controller, Env } from './context.ts'
import { canonical, clone, controllerRef, findCondition, intOr, isoAt, msOf, sameJson, setCondition, templateHash } from './context.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import type { PodTemplateLike } from './pods.ts'
import { isFinished } from './pods.ts'
import type { RsNumbers } from './rollout.ts'
import { fenceposts, newReplicaSetTarget, oldReplicaSetTargets } from './rollout.ts'

const HASH = 'pod-template-hash'
const REVISION = 'deployment.kubernetes.io/revision'
const DESIRED = 'deployment.kubernetes.io/desired-replicas'
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas'
/** Deployment annotations the controller never copies onto its ReplicaSets. */
const NOT_COPIED = [REVISION, DESIRED, MAX_REPLICAS, 'deployment.kubernetes.io/revision-history', 'kubectl.kubernetes.io/last-applied-configuration']

interface DeploySpec {
  replicas?: number
  paused?: boolean
  minReadySeconds?: number
  revisionHistoryLimit?: number
  progressDeadlineSeconds?: number
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }
  template?: PodTemplateLike
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } }
}
interface DeployStatus {
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  collisionCount?: number
  conditions?: Condition[]
}
interface RsStatus {
  replicas?: number
  readyReplicas?: number
  availableReplicas?: number
  observedGeneration?: number
}

/** The template without the hash label: what identifies a revision. */
function templateKey(t: PodTemplateLike | undefined): string {
  const labels = { ...(t?.metadata?.labels ?? {}) }
  delete labels[HASH]
  return canonical({ ...t, metadata: { ...t?.metadata, labels } })
}

/**
 * Recreate waits for old pods until they stop running (`oldPodsRunning`): a pod being deleted
 * whose containers have all stopped no longer counts, though it lingers for its grace period.
 */
function stillRunning(pod: KubeObject): boolean {
  if (isFinished(pod)) return false
  if (!pod.metadata.deletionTimestamp) return true
  const cs = (pod.status as { containerStatuses?: { state?: { running?: unknown } }[] } | undefined)?.containerStatuses ?? []
  return cs.some((c) => c.state?.running !== undefined)
}

const rsSpec = (rs: Cached): number => intOr((rs.obj.spec as { replicas?: number } | undefined)?.replicas, 1)
const rsStatus = (rs: Cached): RsStatus => (rs.obj.status as RsStatus | undefined) ?? {}
const revisionOf = (rs: Cached): number => Number(rs.obj.metadata.annotations?.[REVISION] ?? 0) || 0
const numbers = (rs: Cached): RsNumbers => ({
  id: rs.rec.key,
  spec: rsSpec(rs),
  pods: rsStatus(rs).replicas ?? 0,
  available: rsStatus(rs).availableReplicas ?? 0
})

/** Start the deployment controller. */
export function startDeploymentController(env: Env): Controller {
  const { deployments, replicasets, pods } = env.informers

  /** Write a ReplicaSet's size (and the deployment's size annotations) when they differ. */
  const scale = (d: Cached, rs: Cached, replicas: number, desired: number, max: number): void => {
    const cur = replicasets.getByKey(rs.rec.key) ?? rs
    const a = cur.obj.metadata.annotations ?? {}
    const from = rsSpec(cur)
    if (from === replicas && a[DESIRED] === String(desired) && a[MAX_REPLICAS] === String(max)) return
    if (from !== replicas) {
      env.events.record(subject('Deployment', 'apps/v1', d.rec), [
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${replicas > from ? 'up' : 'down'} replica set ${cur.rec.name} from ${from} to ${replicas}`,
        'deployment-controller'
      ])
    }
    const obj = clone(cur.obj)
    obj.metadata.annotations = { ...a, [DESIRED]: String(desired), [MAX_REPLICAS]: String(max) }
    ;(obj.spec as { replicas: number }).replicas = replicas
    env.store.update('replicasets', obj, true)
  }

  const createReplicaSet = (d: Cached, spec: DeploySpec, hash: string, replicas: number, revision: number, max: number): void => {
    const t = clone(spec.template ?? {})
    const labels = { ...(t.metadata?.labels ?? {}), [HASH]: hash }
    const annotations: Record<string, string> = {}
    for (const [k, v] of Object.entries(d.obj.metadata.annotations ?? {})) if (!NOT_COPIED.includes(k)) annotations[k] = v
    Object.assign(annotations, { [DESIRED]: String(intOr(spec.replicas, 1)), [MAX_REPLICAS]: String(max), [REVISION]: String(revision) })
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.rec.name}-${hash}`, namespace: d.rec.ns, labels, annotations, ownerReferences: [controllerRef(d.obj, 'apps/v1', 'Deployment')] },
      // minReadySeconds is omitempty: a zero is not written (as the real RS shows).
      spec: {
        replicas,
        ...(intOr(spec.minReadySeconds, 0) > 0 ? { minReadySeconds: intOr(spec.minReadySeconds, 0) } : {}),
        selector: { ...spec.selector, matchLabels: { ...(spec.selector?.matchLabels ?? {}), [HASH]: hash } },
        template: { ...t, metadata: { ...t.metadata, labels } }
      },
      status: { replicas: 0 }
    }
    if (env.create('replicasets', rs) && replicas > 0) {
      env.events.record(subject('Deployment', 'apps/v1', d.rec), [
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`,
        'deployment-controller'
      ])
    }
  }

  const sync = (key: string): number | undefined => {
    const d = deployments.getByKey(key)
    if (!d || d.obj.metadata.deletionTimestamp) return undefined
    const spec = (d.obj.spec as DeploySpec | undefined) ?? {}
    const oldStatus = (d.obj.status as DeployStatus | undefined) ?? {}
    const replicas = intOr(spec.replicas, 1)
    const recreate = spec.strategy?.type === 'Recreate'
    const { surge, unavailable } = recreate ? { surge: 0, unavailable: replicas } : fenceposts(replicas, spec.strategy?.rollingUpdate)
    const maxReplicas = replicas + surge
    const now = env.now()
    const owned = (): Cached[] =>
      replicasets
        .owned(d.rec.uid)
        .filter((rs) => !rs.obj.metadata.deletionTimestamp)
        .sort((a, b) => (msOf(a.obj.metadata.creationTimestamp) || 0) - (msOf(b.obj.metadata.creationTimestamp) || 0) || a.rec.rv - b.rec.rv)
    const want = templateKey(spec.template)
    const split = (): { newRs?: Cached; old: Cached[] } => {
      const all = owned()
      const newRs = all.find((rs) => templateKey((rs.obj.spec as { template?: PodTemplateLike }).template) === want)
      return { newRs, old: all.filter((rs) => rs !== newRs) }
    }
    let { newRs, old } = split()
    const maxOldRevision = Math.max(0, ...old.map(revisionOf))
    let conds = [...(oldStatus.conditions ?? [])]
    const cond = (type: string, ok: 'True' | 'False' | 'Unknown', reason: string, message: string): Condition => ({
      type,
      status: ok,
      lastUpdateTime: isoAt(now),
      lastTransitionTime: isoAt(now),
      reason,
      message
    })
    let collisionCount = oldStatus.collisionCount ?? 0

    if (!spec.paused) {
      if (findCondition(conds, 'Progressing')?.reason === 'DeploymentPaused')
        conds = setCondition(conds, cond('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'))
      if (!newRs) {
        const hash = templateHash(want, collisionCount)
        const clash = env.store.get('replicasets', d.rec.ns, `${d.rec.name}-${hash}`)
        if (clash) {
          collisionCount++
        } else {
          let pods = 0
          for (const rs of old) pods += Math.max(rsSpec(rs), rsStatus(rs).replicas ?? 0)
          const initial = recreate ? 0 : Math.max(0, Math.min(replicas, maxReplicas - pods))
          createReplicaSet(d, spec, hash, initial, maxOldRevision + 1, maxReplicas)
          ;({ newRs, old } = split())
          if (newRs) conds = setCondition(conds, cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newRs.rec.name}"`))
        }
      } else if (revisionOf(newRs) <= maxOldRevision) {
        const obj = clone(newRs.obj)
        obj.metadata.annotations = { ...obj.metadata.annotations, [REVISION]: String(maxOldRevision + 1) }
        env.store.update('replicasets', obj, true)
        ;({ newRs, old } = split())
      }
      if (newRs && recreate) {
        const oldUp = old.filter((rs) => rsSpec(rs) > 0)
        for (const rs of oldUp) scale(d, rs, 0, replicas, maxReplicas)
        const oldPods = old.some((rs) => pods.owned(rs.rec.uid).some((p) => stillRunning(p.obj)))
        if (oldUp.length === 0 && !oldPods) scale(d, newRs, replicas, replicas, maxReplicas)
      } else if (newRs) {
        const fresh = owned().every((rs) => (rsStatus(rs).observedGeneration ?? 0) >= rs.rec.generation)
        if (fresh) {
          const all = [newRs, ...old].map(numbers)
          const target = newReplicaSetTarget(numbers(newRs), all, replicas, surge)
          if (target !== undefined) scale(d, newRs, target, replicas, maxReplicas)
          else {
            const targets = oldReplicaSetTargets(numbers(newRs), old.map(numbers), replicas, unavailable)
            for (const rs of old) {
              const t = targets.get(rs.rec.key)
              if (t !== undefined) scale(d, rs, t, replicas, maxReplicas)
            }
          }
        }
      }
    } else if (newRs && old.every((rs) => rsSpec(rs) === 0)) {
      scale(d, newRs, replicas, replicas, maxReplicas)
    }

    // History: drop the oldest fully drained ReplicaSets beyond revisionHistoryLimit.
    const drained = split()
      .old.filter((rs) => rsSpec(rs) === 0 && (rsStatus(rs).replicas ?? 0) === 0 && pods.owned(rs.rec.uid).length === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b))
    const limit = intOr(spec.revisionHistoryLimit, 10)
    for (const rs of drained.slice(0, Math.max(0, drained.length - limit))) env.remove('replicasets', rs.rec.ns, rs.rec.name)
    ;({ newRs, old } = split())

    const all = newRs ? [newRs, ...old] : old
    let statusReplicas = 0
    let ready = 0
    let available = 0
    let specTotal = 0
    for (const rs of all) {
      const s = rsStatus(rs)
      statusReplicas += s.replicas ?? 0
      ready += s.readyReplicas ?? 0
      available += s.availableReplicas ?? 0
      specTotal += rsSpec(rs)
    }
    const updated = newRs ? (rsStatus(newRs).replicas ?? 0) : 0
    conds =
      available >= replicas - unavailable
        ? setCondition(conds, cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
        : setCondition(conds, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'))
    const rsName = newRs ? `ReplicaSet "${newRs.rec.name}"` : `Deployment "${d.rec.name}"`
    const progressing = findCondition(conds, 'Progressing')
    const deadline = intOr(spec.progressDeadlineSeconds, 600) * 1000
    let wakeAt = Infinity
    if (spec.paused) {
      conds = setCondition(conds, cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'))
    } else if (updated === replicas && statusReplicas === replicas && available === replicas) {
      conds = setCondition(conds, cond('Progressing', 'True', 'NewReplicaSetAvailable', `${rsName} has successfully progressed.`))
    } else if (progressing?.reason !== 'ProgressDeadlineExceeded') {
      const oldOld = (oldStatus.replicas ?? 0) - (oldStatus.updatedReplicas ?? 0)
      const moved =
        updated > (oldStatus.updatedReplicas ?? 0) ||
        statusReplicas - updated < oldOld ||
        ready > (oldStatus.readyReplicas ?? 0) ||
        available > (oldStatus.availableReplicas ?? 0)
      const since = msOf(progressing?.lastUpdateTime)
      if (moved || !progressing) {
        const c = cond('Progressing', 'True', 'ReplicaSetUpdated', `${rsName} is progressing.`)
        if (progressing?.status === 'True' && progressing.lastTransitionTime) c.lastTransitionTime = progressing.lastTransitionTime
        conds = [...conds.filter((x) => x.type !== 'Progressing'), c]
        wakeAt = now + deadline
      } else if (Number.isFinite(since) && since + deadline <= now) {
        conds = setCondition(conds, cond('Progressing', 'False', 'ProgressDeadlineExceeded', `${rsName} has timed out progressing.`))
      } else if (Number.isFinite(since)) wakeAt = since + deadline
    }
    const status: Record<string, unknown> = { observedGeneration: d.rec.generation }
    if (statusReplicas > 0) status.replicas = statusReplicas
    if (updated > 0) status.updatedReplicas = updated
    if (ready > 0) status.readyReplicas = ready
    if (available > 0) status.availableReplicas = available
    if (specTotal - available > 0) status.unavailableReplicas = specTotal - available
    status.conditions = conds
    if (collisionCount > 0) status.collisionCount = collisionCount

    const cur = deployments.getByKey(key)
    if (!cur) return undefined
    const revision = newRs ? String(revisionOf(newRs)) : cur.obj.metadata.annotations?.[REVISION]
    const annotations = { ...(cur.obj.metadata.annotations ?? {}) }
    if (revision) annotations[REVISION] = revision
    if (!sameJson(status, cur.obj.status ?? {}) || !sameJson(annotations, cur.obj.metadata.annotations ?? {})) {
      const obj = clone(cur.obj)
      obj.metadata.annotations = annotations
      obj.status = status
      env.store.update('deployments', obj, true)
    }
    if (collisionCount !== (oldStatus.collisionCount ?? 0)) return env.stepMs
    return wakeAt === Infinity ? undefined : Math.max(env.stepMs, wakeAt - now + 1000)
  }

  const q = env.queue('deployment', sync)
  const unsubD = deployments.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubRs = replicasets.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('Deployment', cur, prev)) q.add(k, env.stepMs)
  })
  for (const d of deployments.list()) q.add(d.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubD()
      unsubRs()
      q.stop()
    }
  }
}
