/**
 * The simulated job controller: runs pods until `completions` succeed or `backoffLimit` is passed.
 *
 * Why: `kubectl create job pi --image=perl` must end `Complete 1/1`, and
 * `kubectl wait --for=condition=complete` must return. Pods carry the `job-name` /
 * `batch.kubernetes.io/job-name` and controller-uid labels; up to `parallelism` run at once
 * (Indexed jobs get one pod per completion index); the status has startTime, active, ready,
 * succeeded, failed, terminating and, at the end, completionTime with `SuccessCriteriaMet` +
 * `Complete` (or `FailureTarget` + `Failed` with BackoffLimitExceeded / DeadlineExceeded), as
 * Kubernetes 1.33 writes them. `spec.suspend` deletes the active pods and marks `Suspended`.
 * Lifecycle: started by the manager; a job is reconciled one step after it or one of its pods
 * changes, and at its active deadline; `stop()` ends it. Not modelled: pod failure and success
 * policies, the job-tracking finalizer, back-off delays between retries, ttlSecondsAfterFinished.
 */
import type { Condition, Controller, Env } from './context.ts'
import { clone, conditionTrue, controllerRef, intOr, isoAt, msOf, sameJson } from './context.ts'
import type { Rec } from '../store/types.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import type { PodTemplateLike } from './pods.ts'
import { isActive, isReady, isTerminating, podFromTemplate, podStatus, restartsOf } from './pods.ts'
import type { PodDeleter } from './replicaset.ts'

const INDEX = 'batch.kubernetes.io/job-completion-index'

interface JobSpec {
  completions?: number | null
  parallelism?: number
  backoffLimit?: number
  activeDeadlineSeconds?: number
  suspend?: boolean
  completionMode?: string
  template?: PodTemplateLike
}
interface JobStatus {
  startTime?: string
  conditions?: Condition[]
  completionTime?: string
}

/** Whether the job has finished (Complete or Failed). */
export function jobFinished(job: Cached): boolean {
  return conditionTrue(job.obj, 'Complete') || conditionTrue(job.obj, 'Failed')
}

/** "0-2,4": the compressed list of completed indexes. */
function compress(indexes: number[]): string {
  const s = [...new Set(indexes)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < s.length; i++) {
    let j = i
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++
    parts.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]))
    i = j
  }
  return parts.join(',')
}

/** Start the job controller. */
export function startJobController(env: Env, deletePod: PodDeleter): Controller {
  const { jobs, pods } = env.informers

  const sync = (key: string): number | undefined => {
    const job = jobs.getByKey(key)
    if (!job || job.obj.metadata.deletionTimestamp) return undefined
    const spec = (job.obj.spec as JobSpec | undefined) ?? {}
    const old = (job.obj.status as JobStatus | undefined) ?? {}
    const now = env.now()
    const stamp = isoAt(now)
    const indexed = spec.completionMode === 'Indexed'
    // No completions but a parallelism: a work queue, done when one pod succeeded and none runs.
    const target = spec.completions === null || (spec.completions === undefined && spec.parallelism !== undefined) ? null : intOr(spec.completions, 1)
    const parallelism = intOr(spec.parallelism, 1)
    const backoffLimit = intOr(spec.backoffLimit, 6)
    const owned = (): Cached[] => pods.owned(job.rec.uid)
    const me = subject('Job', 'batch/v1', job.rec)
    const created = (rec: Rec | undefined): void => {
      if (rec) env.events.record(me, ['Normal', 'SuccessfulCreate', `Created pod: ${rec.name}`, 'job-controller'])
    }
    const finished = jobFinished(job)
    let conds = [...(old.conditions ?? [])]
    const cond = (type: string, reason: string, message: string): Condition => ({
      type,
      status: 'True',
      lastProbeTime: stamp,
      lastTransitionTime: stamp,
      reason,
      message
    })
    let startTime = old.startTime
    let completionTime = old.completionTime
    let wake: number | undefined

    if (!finished) {
      const all = owned()
      const active = all.filter((p) => isActive(p.obj))
      const succeededPods = all.filter((p) => podStatus(p.obj).phase === 'Succeeded')
      // Under restartPolicy OnFailure a failing pod restarts in place: its restarts count as failures.
      const restartsInPlace = spec.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + restartsOf(p.obj), 0) : 0
      const failed = all.filter((p) => podStatus(p.obj).phase === 'Failed').length + restartsInPlace
      const succeeded = indexed ? new Set(succeededPods.map((p) => p.obj.metadata.annotations?.[INDEX])).size : succeededPods.length
      const stopActive = (): void => {
        for (const p of active) deletePod(p.rec.ns, p.rec.name)
      }
      if (spec.suspend) {
        stopActive()
        if (!conditionTrue(job.obj, 'Suspended')) conds = [...conds.filter((c) => c.type !== 'Suspended'), cond('Suspended', 'JobSuspended', 'Job suspended')]
        startTime = undefined
      } else {
        if (conditionTrue(job.obj, 'Suspended'))
          conds = [...conds.filter((c) => c.type !== 'Suspended'), { ...cond('Suspended', 'JobResumed', 'Job resumed'), status: 'False' }]
        startTime ??= stamp
        const deadline = spec.activeDeadlineSeconds !== undefined ? msOf(startTime) + intOr(spec.activeDeadlineSeconds, 0) * 1000 : Infinity
        const done = target === null ? succeeded > 0 && active.length === 0 : succeeded >= target
        if (failed > backoffLimit || now >= deadline) {
          stopActive()
          const [reason, message] =
            failed > backoffLimit
              ? ['BackoffLimitExceeded', 'Job has reached the specified backoff limit']
              : ['DeadlineExceeded', 'Job was active longer than specified deadline']
          conds = [...conds, cond('FailureTarget', reason, message), cond('Failed', reason, message)]
          env.events.record(me, ['Warning', reason, message, 'job-controller'])
        } else if (done) {
          stopActive()
          completionTime = stamp
          conds = [
            ...conds,
            cond('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
            cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')
          ]
          env.events.record(me, ['Normal', 'Completed', 'Job completed', 'job-controller'])
        } else {
          const remaining = target === null ? parallelism : Math.min(parallelism, target - succeeded)
          const owner = controllerRef(job.obj, 'batch/v1', 'Job')
          const labels = {
            'batch.kubernetes.io/controller-uid': job.rec.uid,
            'batch.kubernetes.io/job-name': job.rec.name,
            'controller-uid': job.rec.uid,
            'job-name': job.rec.name
          }
          const busy = new Set([...active, ...succeededPods].map((p) => p.obj.metadata.annotations?.[INDEX]))
          let free = 0
          for (let n = active.length; n < remaining; n++) {
            if (!indexed) {
              created(env.create('pods', podFromTemplate(spec.template, { namespace: job.rec.ns, generateName: `${job.rec.name}-`, owner, labels })))
              continue
            }
            while (busy.has(String(free))) free++
            if (target !== null && free >= target) break
            busy.add(String(free))
            created(
              env.create(
                'pods',
                podFromTemplate(spec.template, {
                  namespace: job.rec.ns,
                  generateName: `${job.rec.name}-${free}-`,
                  owner,
                  labels: { ...labels, [INDEX]: String(free) },
                  annotations: { [INDEX]: String(free) },
                  spec: { hostname: `${job.rec.name}-${free}` }
                })
              )
            )
          }
          if (deadline !== Infinity) wake = Math.max(0, deadline - now) + 50
        }
      }
    }

    const all = owned()
    const status: Record<string, unknown> = {}
    if (conds.length > 0) status.conditions = conds
    if (startTime) status.startTime = startTime
    if (completionTime) status.completionTime = completionTime
    const activeNow = all.filter((p) => isActive(p.obj))
    if (activeNow.length > 0) status.active = activeNow.length
    const succeededNow = all.filter((p) => podStatus(p.obj).phase === 'Succeeded')
    if (succeededNow.length > 0) status.succeeded = indexed ? new Set(succeededNow.map((p) => p.obj.metadata.annotations?.[INDEX])).size : succeededNow.length
    const failedNow = all.filter((p) => podStatus(p.obj).phase === 'Failed').length
    if (failedNow > 0) status.failed = failedNow
    status.terminating = all.filter((p) => isTerminating(p.obj)).length
    if (indexed && succeededNow.length > 0) status.completedIndexes = compress(succeededNow.map((p) => Number(p.obj.metadata.annotations?.[INDEX])))
    status.uncountedTerminatedPods = {}
    status.ready = activeNow.filter((p) => isReady(p.obj)).length
    const cur = jobs.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('jobs', obj, true)
    }
    return wake
  }

  const q = env.queue('job', sync)
  const unsubJobs = jobs.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubPods = pods.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('Job', cur, prev)) q.add(k, env.stepMs)
  })
  for (const j of jobs.list()) q.add(j.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubJobs()
      unsubPods()
      q.stop()
    }
  }
}
