/**
 * Workload row projections (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), ports
 * of kubectl's `printDeployment`, `printStatefulSet`, `printDaemonSet`, `printReplicaSet`,
 * `printJob` and `printCronJob` (server-side printers, v1.32/v1.33).
 *
 * Lifecycle: pure functions, called once per object per watch event. They read replica counts,
 * conditions, selectors and container names/images of the pod template; never env values.
 */
import type { Projection, ObjectLike, Projector } from './types.ts'
import type { ContainerLike, LabelSelectorLike } from './helpers.ts'
import { formatLabelSelector, formatLabels, layoutContainers, selectorString, parseTime } from './helpers.ts'
import { humanDuration } from './format.ts'

interface PodTemplateLike {
  readonly spec?: { readonly containers?: readonly ContainerLike[]; readonly nodeSelector?: Readonly<Record<string, string>> }
}
interface WorkloadLike {
  readonly metadata?: { readonly creationTimestamp?: string; readonly deletionTimestamp?: string }
  readonly spec?: {
    readonly replicas?: number
    readonly selector?: LabelSelectorLike
    readonly template?: PodTemplateLike
  }
  readonly status?: {
    readonly replicas?: number
    readonly readyReplicas?: number
    readonly updatedReplicas?: number
    readonly availableReplicas?: number
    readonly desiredNumberScheduled?: number
    readonly currentNumberScheduled?: number
    readonly numberReady?: number
    readonly updatedNumberScheduled?: number
    readonly numberAvailable?: number
  }
}

const age = (o: ObjectLike): string | null => o.metadata?.creationTimestamp ?? null

/** CONTAINERS / IMAGES / SELECTOR (the `-o wide` tail shared by most workloads). */
function wideCells(spec: WorkloadLike['spec'], selector: string): Record<string, string> {
  const { names, images } = layoutContainers(spec?.template?.spec?.containers)
  return { containers: names, images, selector }
}

/** `printDeployment`: READY `ready/desired`, UP-TO-DATE, AVAILABLE; selector `<invalid>` if bad. */
export const projectDeployment: Projector = (obj) => {
  const d = obj as WorkloadLike
  const st = d.status ?? {}
  const sel = selectorString(d.spec?.selector)
  return {
    cells: {
      ready: `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      upToDate: st.updatedReplicas ?? 0,
      available: st.availableReplicas ?? 0,
      age: age(obj),
      ...wideCells(d.spec, sel === null ? '<invalid>' : sel)
    }
  }
}

/** `printStatefulSet`: READY `ready/desired`, CONTAINERS, IMAGES (no selector column). */
export const projectStatefulSet: Projector = (obj) => {
  const s = obj as WorkloadLike
  const { names, images } = layoutContainers(s.spec?.template?.spec?.containers)
  return {
    cells: { ready: `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age: age(obj), containers: names, images }
  }
}

/** `printDaemonSet`: the five scheduling counts and the template's NODE SELECTOR. */
export const projectDaemonSet: Projector = (obj) => {
  const d = obj as WorkloadLike
  const st = d.status ?? {}
  return {
    cells: {
      desired: st.desiredNumberScheduled ?? 0,
      current: st.currentNumberScheduled ?? 0,
      ready: st.numberReady ?? 0,
      upToDate: st.updatedNumberScheduled ?? 0,
      available: st.numberAvailable ?? 0,
      nodeSelector: formatLabels(d.spec?.template?.spec?.nodeSelector),
      age: age(obj),
      ...wideCells(d.spec, formatLabelSelector(d.spec?.selector))
    }
  }
}

/** `printReplicaSet`: DESIRED (spec), CURRENT and READY (status). */
export const projectReplicaSet: Projector = (obj) => {
  const r = obj as WorkloadLike
  return {
    cells: {
      desired: r.spec?.replicas ?? 0,
      current: r.status?.replicas ?? 0,
      ready: r.status?.readyReplicas ?? 0,
      age: age(obj),
      ...wideCells(r.spec, formatLabelSelector(r.spec?.selector))
    }
  }
}

interface JobSpecLike {
  readonly completions?: number
  readonly parallelism?: number
  readonly selector?: LabelSelectorLike
  readonly template?: PodTemplateLike
}
interface JobLike {
  readonly metadata?: { readonly deletionTimestamp?: string }
  readonly spec?: JobSpecLike
  readonly status?: {
    readonly succeeded?: number
    readonly startTime?: string
    readonly completionTime?: string
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[]
  }
}

/** `hasJobCondition`: the first condition of that type decides. */
function hasJobCondition(conds: NonNullable<JobLike['status']>['conditions'], type: string): boolean {
  if (conds) for (const c of conds) if (c.type === type) return c.status === 'True'
  return false
}

/** Job STATUS in kubectl's order of precedence. */
function jobStatus(j: JobLike): string {
  const conds = j.status?.conditions
  if (hasJobCondition(conds, 'Complete')) return 'Complete'
  if (hasJobCondition(conds, 'Failed')) return 'Failed'
  if (j.metadata?.deletionTimestamp) return 'Terminating'
  if (hasJobCondition(conds, 'Suspended')) return 'Suspended'
  if (hasJobCondition(conds, 'FailureTarget')) return 'FailureTarget'
  if (hasJobCondition(conds, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet'
  return 'Running'
}

/** Job COMPLETIONS: `1/3`, or for a work queue `0/1` / `0/1 of 3` (parallelism > 1). */
function jobCompletions(j: JobLike): string {
  const succeeded = j.status?.succeeded ?? 0
  const completions = j.spec?.completions
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`
  const parallelism = j.spec?.parallelism ?? 0
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`
}

/**
 * `printJob`. DURATION is completion − start, or now − start while running (kubectl computes it
 * at print time; `extra.startTime`/`completionTime` let the formatter recompute it later).
 */
export const projectJob: Projector = (obj, nowMs) => {
  const j = obj as JobLike
  const start = j.status?.startTime
  const done = j.status?.completionTime
  let duration = ''
  if (start) duration = humanDuration((done ? parseTime(done) : nowMs) - parseTime(start))
  const status = jobStatus(j)
  const { names, images } = layoutContainers(j.spec?.template?.spec?.containers)
  return {
    cells: {
      status,
      completions: jobCompletions(j),
      duration,
      age: age(obj),
      containers: names,
      images,
      selector: formatLabelSelector(j.spec?.selector)
    },
    extra: { startTime: start ?? null, completionTime: done ?? null, statusClass: JOB_CLASS[status] ?? 'pending' }
  }
}

/** Colour class of a job row for the UI (not a kubectl column). */
const JOB_CLASS: Readonly<Record<string, string>> = {
  Complete: 'done',
  Failed: 'error',
  FailureTarget: 'error',
  Terminating: 'warning',
  Suspended: 'warning',
  SuccessCriteriaMet: 'done',
  Running: 'ok'
}

interface CronJobLike {
  readonly spec?: {
    readonly schedule?: string
    readonly timeZone?: string
    readonly suspend?: boolean
    readonly jobTemplate?: { readonly spec?: JobSpecLike }
  }
  readonly status?: { readonly active?: readonly unknown[]; readonly lastScheduleTime?: string }
}

/** `printCronJob`: SUSPEND prints `True`/`False`/`<unset>`; LAST SCHEDULE is a time (null → `<none>`). */
export const projectCronJob: Projector = (obj): Projection => {
  const c = obj as CronJobLike
  const jobSpec = c.spec?.jobTemplate?.spec
  const { names, images } = layoutContainers(jobSpec?.template?.spec?.containers)
  const suspend = c.spec?.suspend
  return {
    cells: {
      schedule: c.spec?.schedule ?? '',
      timezone: c.spec?.timeZone ?? '<none>',
      suspend: suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False',
      active: c.status?.active?.length ?? 0,
      lastSchedule: c.status?.lastScheduleTime ?? null,
      age: age(obj),
      containers: names,
      images,
      selector: formatLabelSelector(jobSpec?.selector)
    }
  }
}
