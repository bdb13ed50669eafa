/**
 * The simulator's own record of every container run it has logged: when each run started and
 * ended, and how, so any slice of any run's log can be generated again (generate.ts).
 *
 * Why: the kubelet knows a run's start and end to the millisecond, the pod status only to the
 * second; a follow that wrote a line at 12:00:05.700 must find that line in the record, so runs
 * of pods the simulated kubelet manages are recorded here as the kubelet starts and stops them
 * (`observe`). Pods the generator animates have no kubelet: their runs are read from their status
 * (`fromStatus`), which costs nothing until someone reads their log. A deleted pod's runs stay in
 * the record (bounded: the most recent RETIRED_PODS pods) so a test can check a rolling update.
 * Lifecycle: one per simulator; the kubelet calls `observe` after every sync; the HTTP layer and
 * `sim.logs` read it.
 */
import type { RunEnd } from './content.ts'
import { logStyle } from './content.ts'
import type { RunLog } from './generate.ts'

/** Deleted pods whose runs are kept: plenty for a test's rollout, bounded for a long demo. */
const RETIRED_PODS = 5_000
/** Runs kept per container (a crash loop restarts every few minutes for as long as it lives). */
const RUNS_PER_CONTAINER = 50
/** A pod annotation that sets its containers' log rate (lines/s), e.g. for a benchmark workload. */
export const LOG_RATE_ANNOTATION = 'sim.periscope.dev/log-rate'

/** One run of one container. */
export interface RunRecord {
  readonly index: number
  readonly startMs: number
  endMs?: number
  end?: RunEnd
  readonly containerID: string
}

export interface ContainerRecord {
  readonly name: string
  readonly image: string
  readonly init: boolean
  readonly runs: RunRecord[]
}

export interface PodRecord {
  readonly uid: string
  readonly namespace: string
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly app: string
  readonly job: boolean
  readonly rate: number
  readonly containers: Map<string, ContainerRecord>
  deleted: boolean
}

/** What the kubelet tells the book about one container after a sync (see `observe`). */
export interface ContainerObservation {
  readonly name: string
  readonly image: string
  readonly init: boolean
  /** Runs started so far. */
  readonly runs: number
  readonly state: 'waiting' | 'running' | 'terminated'
  readonly reason: string
  readonly containerID: string
  /** The exit code of the last run (when terminated). */
  readonly exitCode: number
  /** The image crashes on purpose (`crash`): its failures end with a stack trace. */
  readonly crashes: boolean
}

/** The pod facts a run's log depends on. */
export interface PodFacts {
  readonly uid: string
  readonly namespace: string
  readonly name: string
  readonly labels?: Readonly<Record<string, string>>
  readonly annotations?: Readonly<Record<string, string>>
  readonly restartPolicy?: string
}

/** The app name a pod's lines carry. */
export function appName(labels: Readonly<Record<string, string>> | undefined, fallback: string): string {
  return labels?.['app.kubernetes.io/name'] ?? labels?.app ?? fallback
}

/** Lines per second of a pod's containers: its annotation, else the simulator's rate. */
export function podRate(annotations: Readonly<Record<string, string>> | undefined, def: number): number {
  const v = Number(annotations?.[LOG_RATE_ANNOTATION])
  return Number.isFinite(v) && v >= 0 ? Math.min(v, 100_000) : def
}

/** How a terminated run ended, from its reason and image behaviour. */
export function runEnd(reason: string, exitCode: number, crashes: boolean, stopping: boolean): RunEnd {
  if (reason === 'OOMKilled') return 'oom'
  if (exitCode !== 0) return crashes ? 'crash' : 'fail'
  return stopping ? 'stopped' : 'completed'
}

export class LogBook {
  readonly seed: number
  readonly rate: number
  private readonly pods = new Map<string, PodRecord>()
  private readonly retired: string[] = []

  constructor(seed: number, rate: number) {
    this.seed = seed
    this.rate = rate
  }

  /** The recorded pod of `uid`, if the kubelet ran it. */
  pod(uid: string): PodRecord | undefined {
    return this.pods.get(uid)
  }

  /** Every recorded pod (live and recently deleted), in the order first seen. */
  all(): PodRecord[] {
    return [...this.pods.values()]
  }

  /**
   * The kubelet synced a pod at `nowMs`: record runs that started and runs that ended since the
   * last sync. `stopping` = the pod is being deleted (its containers get SIGTERM).
   */
  observe(pod: PodFacts, containers: readonly ContainerObservation[], nowMs: number, stopping: boolean): void {
    let rec = this.pods.get(pod.uid)
    if (!rec) {
      rec = {
        uid: pod.uid,
        namespace: pod.namespace,
        name: pod.name,
        labels: pod.labels ?? {},
        app: appName(pod.labels, pod.name),
        job: (pod.restartPolicy ?? 'Always') !== 'Always',
        rate: podRate(pod.annotations, this.rate),
        containers: new Map(),
        deleted: false
      }
      this.pods.set(pod.uid, rec)
    }
    for (const c of containers) {
      let cr = rec.containers.get(c.name)
      if (!cr) {
        cr = { name: c.name, image: c.image, init: c.init, runs: [] }
        rec.containers.set(c.name, cr)
      }
      while (cr.runs.length < c.runs && c.runs > 0) {
        const last = cr.runs.at(-1)
        if (last && last.endMs === undefined) {
          last.endMs = nowMs
          last.end = 'stopped'
        }
        const index = cr.runs.length === 0 ? 0 : (cr.runs.at(-1)?.index ?? 0) + 1
        cr.runs.push({ index, startMs: nowMs, containerID: c.containerID })
        if (cr.runs.length > RUNS_PER_CONTAINER) cr.runs.shift()
      }
      const cur = cr.runs.at(-1)
      if (cur && cur.endMs === undefined && c.state !== 'running') {
        cur.endMs = nowMs
        cur.end = runEnd(c.reason, c.exitCode, c.crashes, stopping)
      }
    }
  }

  /** The pod was deleted: keep its runs for the record, within RETIRED_PODS. */
  retire(uid: string, nowMs: number): void {
    const rec = this.pods.get(uid)
    if (!rec || rec.deleted) return
    rec.deleted = true
    for (const c of rec.containers.values()) {
      const cur = c.runs.at(-1)
      if (cur && cur.endMs === undefined) {
        cur.endMs = nowMs
        cur.end = 'stopped'
      }
    }
    this.retired.push(uid)
    while (this.retired.length > RETIRED_PODS) this.pods.delete(this.retired.shift() as string)
  }

  /** The log of one recorded run. */
  runLog(pod: PodRecord, c: ContainerRecord, run: RunRecord): RunLog {
    return {
      key: `${this.seed}|${pod.uid}|${c.name}|${run.index}`,
      startMs: run.startMs,
      endMs: run.endMs,
      end: run.end,
      style: logStyle(c.image, c.init, pod.job),
      app: pod.app,
      image: c.image,
      index: run.index,
      rate: pod.rate
    }
  }
}
