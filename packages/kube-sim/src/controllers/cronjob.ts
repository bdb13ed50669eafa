/**
 * The simulated cronjob controller: creates Jobs on the cron schedule (UTC).
 *
 * Why: a demo user who creates `kubectl create cronjob x --image=busybox --schedule='* * * * *'`
 * should see a Job `<cj>-<scheduled minutes since epoch>` appear every minute, its pod complete,
 * and the history trimmed, as on a cluster. Honours `suspend`, `concurrencyPolicy`
 * (Allow/Forbid/Replace), `startingDeadlineSeconds` and the success/failure history limits; the
 * status has `active` references, `lastScheduleTime` and `lastSuccessfulTime`.
 * Lifecycle: started by the manager; each cronjob is re-checked when it or one of its jobs
 * changes and at least every ten steps (the schedule clock is `env.now`, injectable for tests);
 * `stop()` ends it. Not modelled: `spec.timeZone` (always UTC), `@every`.
 */
import type { KubeObject } from '../types.ts'
import type { Controller, Env } from './context.ts'
import { clone, controllerRef, intOr, isoAt, msOf, sameJson } from './context.ts'
import type { CronSchedule } from './cron.ts'
import { mostRecent, nextAfter, parseCron } from './cron.ts'
import { subject } from './events.ts'
import type { Cached } from './informer.ts'
import { ownerKeys } from './informer.ts'
import { jobFinished } from './job.ts'
import type { PodDeleter } from './replicaset.ts'

const SCHEDULED_AT = 'batch.kubernetes.io/cronjob-scheduled-timestamp'
/** The longest a cronjob waits between checks, in steps (so a changed clock is noticed). */
const MAX_WAIT_STEPS = 10

interface CronSpec {
  schedule?: string
  suspend?: boolean
  concurrencyPolicy?: string
  startingDeadlineSeconds?: number
  successfulJobsHistoryLimit?: number
  failedJobsHistoryLimit?: number
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> }
}
interface CronStatus {
  lastScheduleTime?: string
  lastSuccessfulTime?: string
}

/** Start the cronjob controller. */
export function startCronJobController(env: Env, deletePod: PodDeleter): Controller {
  const { cronjobs, jobs, pods } = env.informers
  const parsed = new Map<string, CronSchedule | Error>()
  const schedule = (expr: string): CronSchedule | Error => {
    let s = parsed.get(expr)
    if (!s) {
      try {
        s = parseCron(expr)
      } catch (err) {
        s = err instanceof Error ? err : new Error(String(err))
      }
      parsed.set(expr, s)
    }
    return s
  }
  const deleteJob = (cj: Cached, job: Cached): void => {
    for (const p of pods.owned(job.rec.uid)) deletePod(p.rec.ns, p.rec.name)
    env.remove('jobs', job.rec.ns, job.rec.name)
    env.events.record(subject('CronJob', 'batch/v1', cj.rec), ['Normal', 'SuccessfulDelete', `Deleted job ${job.rec.name}`, 'cronjob-controller'])
  }
  const startOf = (j: Cached): number => msOf((j.obj.status as { startTime?: string } | undefined)?.startTime) || msOf(j.obj.metadata.creationTimestamp) || 0

  const sync = (key: string): number | undefined => {
    const cj = cronjobs.getByKey(key)
    if (!cj || cj.obj.metadata.deletionTimestamp) return undefined
    const spec = (cj.obj.spec as CronSpec | undefined) ?? {}
    const old = (cj.obj.status as CronStatus | undefined) ?? {}
    const now = env.now()
    const sched = schedule(String(spec.schedule ?? ''))
    let lastSchedule = msOf(old.lastScheduleTime)
    let wait = MAX_WAIT_STEPS * env.stepMs
    if (!(sched instanceof Error) && !spec.suspend) {
      const earliest = Number.isFinite(lastSchedule) ? lastSchedule : msOf(cj.obj.metadata.creationTimestamp) || now
      const t = mostRecent(sched, earliest, now)
      const deadline = spec.startingDeadlineSeconds === undefined ? Infinity : intOr(spec.startingDeadlineSeconds, 0) * 1000
      if (t !== undefined && now - t <= deadline) {
        const name = `${cj.rec.name}-${Math.floor(t / 60_000)}`
        const active = jobs.owned(cj.rec.uid).filter((j) => !jobFinished(j))
        if (env.store.get('jobs', cj.rec.ns, name)) lastSchedule = Math.max(Number.isFinite(lastSchedule) ? lastSchedule : 0, t)
        else if (!(spec.concurrencyPolicy === 'Forbid' && active.length > 0)) {
          if (spec.concurrencyPolicy === 'Replace') for (const j of active) deleteJob(cj, j)
          const tpl = clone(spec.jobTemplate ?? {})
          const job: KubeObject = {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: {
              name,
              namespace: cj.rec.ns,
              labels: tpl.metadata?.labels ?? {},
              annotations: { ...(tpl.metadata?.annotations ?? {}), [SCHEDULED_AT]: isoAt(t) },
              ownerReferences: [controllerRef(cj.obj, 'batch/v1', 'CronJob')]
            },
            spec: tpl.spec ?? {}
          }
          if (env.create('jobs', job))
            env.events.record(subject('CronJob', 'batch/v1', cj.rec), ['Normal', 'SuccessfulCreate', `Created job ${name}`, 'cronjob-controller'])
          lastSchedule = t
        }
      }
      const next = nextAfter(sched, now)
      if (next !== undefined) wait = Math.min(wait, Math.max(env.stepMs, next - now + 50))
    }

    // History limits: the oldest finished jobs beyond the limits go, with their pods.
    const owned = jobs.owned(cj.rec.uid).sort((a, b) => startOf(a) - startOf(b))
    const finished = (type: string): Cached[] =>
      owned.filter((j) =>
        ((j.obj.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === type && c.status === 'True')
      )
    const complete = finished('Complete')
    const failed = finished('Failed')
    for (const [list, limit] of [
      [complete, intOr(spec.successfulJobsHistoryLimit, 3)],
      [failed, intOr(spec.failedJobsHistoryLimit, 1)]
    ] as const) {
      for (const j of list.slice(0, Math.max(0, list.length - limit))) deleteJob(cj, j)
    }

    const status: Record<string, unknown> = {}
    const active = jobs
      .owned(cj.rec.uid)
      .filter((j) => !jobFinished(j))
      .sort((a, b) => startOf(a) - startOf(b))
    if (active.length > 0) {
      status.active = active.map((j) => ({
        kind: 'Job',
        namespace: j.rec.ns,
        name: j.rec.name,
        uid: j.rec.uid,
        apiVersion: 'batch/v1',
        resourceVersion: String(j.rec.rv)
      }))
    }
    if (Number.isFinite(lastSchedule)) status.lastScheduleTime = isoAt(lastSchedule)
    let lastSuccess = msOf(old.lastSuccessfulTime)
    for (const j of complete) {
      const done = msOf((j.obj.status as { completionTime?: string }).completionTime)
      if (Number.isFinite(done) && !(done <= lastSuccess)) lastSuccess = done
    }
    if (Number.isFinite(lastSuccess)) status.lastSuccessfulTime = isoAt(lastSuccess)
    const cur = cronjobs.getByKey(key)
    if (cur && !sameJson(status, cur.obj.status ?? {})) {
      const obj = clone(cur.obj)
      obj.status = status
      env.store.update('cronjobs', obj, true)
    }
    return wait
  }

  const q = env.queue('cronjob', sync)
  const unsubCj = cronjobs.subscribe((type, cur) => {
    if (type !== 'DELETED') q.add(cur.rec.key, env.stepMs)
  })
  const unsubJobs = jobs.subscribe((_type, cur, prev) => {
    for (const k of ownerKeys('CronJob', cur, prev)) q.add(k, env.stepMs)
  })
  for (const c of cronjobs.list()) q.add(c.rec.key, env.stepMs)
  return {
    stop: () => {
      unsubCj()
      unsubJobs()
      q.stop()
    }
  }
}
