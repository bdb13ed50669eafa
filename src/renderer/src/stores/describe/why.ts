/**
 * The one-line "why" at the top of a describe view: what is wrong with an object, in the words
 * and numbers a person would put together from `kubectl describe` — for example
 * "`app` exited 1 (Error) 5× in 4 min; back-off 2m40s; last event BackOff 20 s ago".
 *
 * Why computed here, from the object and its events: the row DTO says only "CrashLoopBackOff";
 * the reason behind it is spread over container statuses (state, last state, exit code, restart
 * count, the kubelet's back-off message), conditions and the newest events. Pure and table-driven
 * tested with realistic objects; null for an object that is fine.
 */
import type { RowDto } from '../../../../shared/dto/row.ts'
import type { KindId } from '../../../../shared/kinds/registry.ts'
import { conditionsOf, containerStatuses, str } from './objects.ts'
import type { ContainerStatusLike, Obj } from './objects.ts'

export interface Why {
  /** `bad`: broken (crashing, failed, unschedulable); `warn`: degraded or stuck. */
  readonly tone: 'bad' | 'warn'
  readonly text: string
}

/** "20 s", "4 min", "3 h", "2 d": rounded the way a person says a span. */
export function spoken(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.round(m / 60)
  if (h < 48) return `${h} h`
  return `${Math.round(h / 24)} d`
}

function ms(iso: unknown): number {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? NaN : t
}

/** The newest event worth naming: the newest Warning, else the newest of all. */
function lastEvent(events: readonly RowDto[], now: number): string {
  const e = events.find((x) => x.cells.type === 'Warning') ?? events[0]
  if (!e) return ''
  const at = ms(e.cells.lastSeen ?? e.createdAt)
  return `last event ${str(e.cells.reason) || 'event'}${Number.isNaN(at) ? '' : ` ${spoken(now - at)} ago`}`
}

/** "`app`" or "init container `migrate`". */
function who(c: ContainerStatusLike): string {
  return `${c.init ? 'init container ' : ''}\`${c.name ?? '?'}\``
}

/** "exited 1 (Error)", "was killed by signal 9", "was OOMKilled (exit 137)". */
function ended(t: NonNullable<NonNullable<ContainerStatusLike['lastState']>['terminated']>): string {
  if (t.reason === 'OOMKilled') return `was OOMKilled (exit ${t.exitCode ?? 137})`
  if (t.signal) return `was killed by signal ${t.signal}${t.reason ? ` (${t.reason})` : ''}`
  return `exited ${t.exitCode ?? '?'}${t.reason ? ` (${t.reason})` : ''}`
}

const PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull'])
const START = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'PreStartHookError', 'PostStartHookError'])

/** The sentence for one troubled container, or '' when it is fine. */
function containerWhy(c: ContainerStatusLike, startedAt: number, memLimit: string | undefined): { text: string; bad: boolean } | null {
  const waiting = c.state?.waiting
  const last = c.lastState?.terminated
  const restarts = c.restartCount ?? 0
  if (waiting?.reason === 'CrashLoopBackOff' || (restarts > 0 && last && (last.exitCode ?? 0) !== 0 && !c.ready)) {
    const parts: string[] = []
    if (last) {
      const finished = ms(last.finishedAt)
      const span = !Number.isNaN(startedAt) && !Number.isNaN(finished) && finished > startedAt ? ` in ${spoken(finished - startedAt)}` : ''
      parts.push(
        `${who(c)} ${ended(last)}${restarts > 1 ? ` ${restarts}×${span}` : restarts === 1 ? ' once' : ''}${last.reason === 'OOMKilled' && memLimit ? `; memory limit ${memLimit}` : ''}`
      )
    } else parts.push(`${who(c)} keeps crashing (${restarts} restarts)`)
    const backoff = /back-off (\S+)/.exec(waiting?.message ?? '')
    if (backoff) parts.push(`back-off ${backoff[1]}`)
    return { text: parts.join('; '), bad: true }
  }
  if (waiting && PULL.has(waiting.reason ?? '')) {
    return { text: `${who(c)} can't pull its image${c.image ? ` ${c.image}` : ''} (${waiting.reason})`, bad: true }
  }
  if (waiting && START.has(waiting.reason ?? '')) {
    return { text: `${who(c)} can't start: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`, bad: true }
  }
  const term = c.state?.terminated
  if (term && (term.exitCode ?? 0) !== 0) return { text: `${who(c)} ${ended(term)}`, bad: true }
  if (!c.init && c.state?.running && c.ready === false) return { text: `${who(c)} is running but not ready`, bad: false }
  return null
}

function podWhy(obj: Obj, events: readonly RowDto[], now: number): Why | null {
  const status = (obj.status ?? {}) as Record<string, unknown>
  const phase = str(status.phase)
  const conds = conditionsOf(obj)
  const deleting = ms((obj.metadata as Record<string, unknown> | undefined)?.deletionTimestamp)
  if (!Number.isNaN(deleting)) {
    const grace = Number((obj.metadata as Record<string, unknown>).deletionGracePeriodSeconds ?? 30) * 1000
    if (now - deleting > grace + 60_000) {
      const fin = (obj.metadata as { finalizers?: string[] }).finalizers ?? []
      return { tone: 'warn', text: `terminating for ${spoken(now - deleting + grace)}${fin.length > 0 ? ` (finalizers: ${fin.join(', ')})` : ''}` }
    }
    return null
  }
  if (phase === 'Failed') {
    const why = [str(status.reason), str(status.message)].filter(Boolean).join(': ')
    return { tone: 'bad', text: `failed${why ? `: ${why}` : ''}` }
  }
  if (str(status.reason) === 'NodeLost')
    return { tone: 'bad', text: `its node is not responding (NodeLost)${status.message ? `: ${str(status.message)}` : ''}` }
  const sched = conds.find((c) => c.type === 'PodScheduled')
  if (phase === 'Pending' && sched && sched.status === 'False') {
    const tail = lastEvent(events, now)
    return {
      tone: 'bad',
      text: `not scheduled${sched.reason ? ` (${sched.reason})` : ''}${sched.message ? `: ${sched.message}` : ''}${tail ? `; ${tail}` : ''}`
    }
  }
  const startedAt = ms(status.startTime)
  const limits = new Map<string, string>()
  const spec = (obj.spec ?? {}) as { containers?: { name?: string; resources?: { limits?: { memory?: string } } }[] }
  for (const c of spec.containers ?? []) if (c.name && c.resources?.limits?.memory) limits.set(c.name, c.resources.limits.memory)
  const found: { text: string; bad: boolean }[] = []
  for (const c of containerStatuses(obj)) {
    const w = containerWhy(c, startedAt, limits.get(c.name ?? ''))
    if (w) found.push(w)
  }
  if (found.length === 0) {
    const waitingLong =
      phase === 'Pending' && !Number.isNaN(ms(obj.metadata && (obj.metadata as Record<string, unknown>).creationTimestamp))
        ? now - ms((obj.metadata as Record<string, unknown>).creationTimestamp)
        : 0
    if (waitingLong > 2 * 60_000) {
      const tail = lastEvent(events, now)
      return { tone: 'warn', text: `pending for ${spoken(waitingLong)}${tail ? `; ${tail}` : ''}` }
    }
    return null
  }
  // The worst first: a broken container before one that is only not ready.
  found.sort((a, b) => Number(b.bad) - Number(a.bad))
  const more = found.length > 1 ? ` (and ${found.length - 1} more container${found.length > 2 ? 's' : ''})` : ''
  const tail = lastEvent(events, now)
  return { tone: found[0].bad ? 'bad' : 'warn', text: `${found[0].text}${more}${tail ? `; ${tail}` : ''}` }
}

/** "2 of 3 replicas available" style workload health. */
function workloadWhy(kind: KindId, obj: Obj, events: readonly RowDto[], related: readonly RowDto[], now: number): Why | null {
  const spec = (obj.spec ?? {}) as Record<string, unknown>
  const st = (obj.status ?? {}) as Record<string, number | undefined>
  const conds = conditionsOf(obj)
  let want = 0
  let have = 0
  let noun = 'replicas available'
  if (kind === 'deployments') {
    want = Number(spec.replicas ?? 1)
    have = st.availableReplicas ?? 0
  } else if (kind === 'statefulsets' || kind === 'replicasets') {
    want = Number(spec.replicas ?? 1)
    have = st.readyReplicas ?? 0
    noun = 'replicas ready'
  } else if (kind === 'daemonsets') {
    want = st.desiredNumberScheduled ?? 0
    have = st.numberReady ?? 0
    noun = 'pods ready'
  }
  const stuck = conds.find((c) => c.type === 'Progressing' && c.status === 'False') ?? conds.find((c) => c.type === 'ReplicaFailure' && c.status === 'True')
  if (have >= want && !stuck) return null
  const parts = [`${have} of ${want} ${noun}`]
  if (stuck) parts.push(`${stuck.reason ?? stuck.type}${stuck.message ? `: ${stuck.message}` : ''}`)
  const bad = related.filter((r) => r.kind === 'pods' && r.extra?.statusClass === 'error')
  if (bad.length > 0) parts.push(`pod ${bad[0].name} is ${str(bad[0].cells.status)}${bad.length > 1 ? ` (+${bad.length - 1} more)` : ''}`)
  const tail = lastEvent(
    events.filter((e) => e.cells.type === 'Warning'),
    now
  )
  if (tail) parts.push(tail)
  return { tone: have === 0 && want > 0 ? 'bad' : 'warn', text: parts.join('; ') }
}

/**
 * The sentence for an object, or null when nothing is wrong.
 * @param events the object's events, newest first.
 * @param related rows it owns or selects (a deployment's pods), to name a failing one.
 * @param now ms.
 */
export function whySentence(kind: KindId, obj: Obj, events: readonly RowDto[], related: readonly RowDto[], now: number): Why | null {
  if (kind === 'pods') return podWhy(obj, events, now)
  if (kind === 'deployments' || kind === 'statefulsets' || kind === 'replicasets' || kind === 'daemonsets') return workloadWhy(kind, obj, events, related, now)
  const conds = conditionsOf(obj)
  const st = (obj.status ?? {}) as Record<string, unknown>
  if (kind === 'jobs') {
    const failed = conds.find((c) => c.type === 'Failed' && c.status === 'True')
    if (failed) return { tone: 'bad', text: `failed: ${failed.reason ?? ''}${failed.message ? ` — ${failed.message}` : ''}` }
    const n = Number(st.failed ?? 0)
    if (n > 0)
      return { tone: 'warn', text: `${n} failed ${n === 1 ? 'attempt' : 'attempts'} so far${lastEvent(events, now) ? `; ${lastEvent(events, now)}` : ''}` }
    return null
  }
  if (kind === 'nodes') {
    const ready = conds.find((c) => c.type === 'Ready')
    const pressure = conds.filter((c) => c.type !== 'Ready' && c.status === 'True' && /Pressure|Unavailable/.test(c.type ?? ''))
    if (ready && ready.status !== 'True')
      return { tone: 'bad', text: `not Ready (${ready.status}${ready.reason ? `, ${ready.reason}` : ''})${ready.message ? `: ${ready.message}` : ''}` }
    if (pressure.length > 0) return { tone: 'warn', text: pressure.map((c) => `${c.type}${c.message ? `: ${c.message}` : ''}`).join('; ') }
    if ((obj.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return { tone: 'warn', text: 'cordoned: no new pods are scheduled here' }
    return null
  }
  if ((kind === 'pvcs' || kind === 'pvs') && (st.phase === 'Pending' || st.phase === 'Lost' || st.phase === 'Failed')) {
    const tail = lastEvent(events, now)
    return { tone: st.phase === 'Pending' ? 'warn' : 'bad', text: `${str(st.phase)}${tail ? `; ${tail}` : ''}` }
  }
  const failing = conds.find(
    (c) => (c.type === 'Ready' || c.type === 'Available' || c.type === 'ScalingActive' || c.type === 'AbleToScale') && c.status === 'False'
  )
  if (failing)
    return { tone: 'warn', text: `${failing.type} is False${failing.reason ? ` (${failing.reason})` : ''}${failing.message ? `: ${failing.message}` : ''}` }
  // Anything else: a Warning event in the last hour is worth a line.
  const warn = events.find((e) => e.cells.type === 'Warning' && now - ms(e.cells.lastSeen) < 3_600_000)
  if (warn) return { tone: 'warn', text: `${lastEvent([warn], now).replace(/^last event/, 'warning')}: ${str(warn.cells.message)}` }
  return null
}
