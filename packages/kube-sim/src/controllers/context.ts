/**
 * What every simulated controller shares: options, timings, the clock, and small object helpers.
 *
 * Why: the controllers behave like clients of the apiserver (they read a cache fed by watches and
 * write through the store with resourceVersion preconditions), and they pace themselves in
 * "steps" so the demo is watchable by a person and fast in tests. Keeping the pacing and the
 * helpers here keeps each controller file about its own reconcile logic.
 */
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { Rec } from '../store/types.ts'
import type { KubeObject, OwnerRef } from '../types.ts'
import type { LogBook } from '../logs/book.ts'
import type { EventRecorder } from './events.ts'
import type { Informer } from './informer.ts'
import type { QueueHandler, WorkQueue } from './queue.ts'

/** The controllers `startControllers` can run. */
export const CONTROLLER_NAMES = [
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'job',
  'cronjob',
  'scheduler',
  'kubelet',
  'horizontalpodautoscaler',
  'volumebinder',
  'disruption',
  'nodetaints',
  'endpointslice',
  'namespacedefaults'
] as const
export type ControllerName = (typeof CONTROLLER_NAMES)[number]

/** Options of `startControllers`. */
export interface ControllerOptions {
  /**
   * One reconcile step in ms: the delay between an event and a controller's reaction, and the
   * unit of every simulated duration (container start, job run, back-off). Default 400.
   */
  stepMs?: number
  /** The clock for timestamps and cron schedules (ms since epoch); default `Date.now`. */
  now?: () => number
  /**
   * Treat every object already in the store when the controllers start as made by the demo
   * generator, so the seeded churn keeps animating it alone (sim.ts sets this). Default false:
   * existing objects are classified like new ones.
   */
  existingAreGenerated?: boolean
  /** Controllers to run (default all). */
  only?: readonly ControllerName[]
  /** Receives a human-readable message when a reconcile fails unexpectedly (default console.warn). */
  onError?: (message: string) => void
  /**
   * Delete an object as a client's DELETE does (graceful pod deletion, background cascading);
   * sim.ts passes its lifecycle. Default: an immediate store delete of the object alone.
   */
  delete?: (kind: KindId, namespace: string, name: string, opts?: { gracePeriodSeconds?: number }) => void
  /** Where the kubelet records the container runs it starts and stops (pod logs read them). */
  logBook?: LogBook
}

/** Default step: a watchable demo (a 3-replica rollout completes in about 3 s). */
export const DEFAULT_STEP_MS = 400

/**
 * Simulated durations, in steps. With the default 400 ms step: ContainerCreating 0.8 s, a job pod
 * runs 1.6 s, a crashing container lives 1.2 s, the first CrashLoopBackOff waits 10 s.
 */
export const STEPS = {
  /** Sandbox creation and image pull (ContainerCreating / Init:0/N). */
  sandbox: 2,
  /** Sandbox of an image named `slow` (a long ContainerCreating). */
  slowSandbox: 40,
  /** One init container's run. */
  initRun: 2,
  /** Until a container with a readiness probe reports ready. */
  readiness: 2,
  /** A job pod's run before it exits 0. */
  jobRun: 4,
  /** A failing container's life before it exits. */
  crashRun: 3,
  /** How long a crashed container shows `terminated` before its back-off starts. */
  exitShown: 1,
  /** ErrImagePull before it turns into ImagePullBackOff. */
  pullError: 2,
  /** First back-off (kubelet: 10 s), doubled per failure... */
  backoffBase: 25,
  /** ...up to the kubelet's 5 minutes. */
  backoffMax: 750,
  /** Retry of an unschedulable pod. */
  unschedulableRetry: 10
} as const

/** A write the controllers can tolerate and retry: someone else changed or removed the object. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code
  return (err as Error)?.name === 'StoreError' && (code === 409 || code === 404 || code === 410)
}

/** RFC 3339 at whole seconds, as the apiserver writes timestamps. */
export function isoAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** Parse an RFC 3339 timestamp to ms (NaN when missing or malformed). */
export function msOf(ts: unknown): number {
  return typeof ts === 'string' ? Date.parse(ts) : NaN
}

/** A deep copy safe to modify and write (cached objects are shared and never mutated). */
export function clone<T>(v: T): T {
  return structuredClone(v)
}

/** JSON with object keys sorted, nulls and empty objects/arrays dropped: for hashing and comparing. */
export function canonical(v: unknown): string {
  return JSON.stringify(normalize(v)) ?? 'null'
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => normalize(x) ?? null)
  if (v === null || typeof v !== 'object') return v === null ? undefined : v
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v).sort()) {
    const n = normalize((v as Record<string, unknown>)[k])
    if (n !== undefined) out[k] = n
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/** Deep equality of two JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v === null || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k])
  return out
}

/** 32-bit FNV-1a over a string's UTF-16 code units (enough for template hashes). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The apiserver's "safe" alphabet (no vowels, no look-alikes), as `rand.SafeEncodeString` uses. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789'

/**
 * A template hash as the deployment and statefulset controllers name things: FNV-32a of the
 * canonical template (plus the collision count), its decimal digits mapped through the safe
 * alphabet, e.g. `7d9c5b8f64`.
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  const digits = String(fnv32a(canonical(template) + (collisionCount > 0 ? `#${collisionCount}` : '')))
  let out = ''
  for (let i = 0; i < digits.length; i++) out += SAFE[digits.charCodeAt(i) % SAFE.length]
  return out
}

/** The controller ownerReference of an object, if any. */
export function controllerOf(obj: KubeObject): OwnerRef | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true)
}

/** An ownerReference to `owner` that marks it as the controller. */
export function controllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerRef {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }
}

/** A status condition as the workload controllers write them. */
export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastUpdateTime?: string
  lastTransitionTime?: string
  lastProbeTime?: string | null
  [field: string]: unknown
}

/** A condition by type. */
export function findCondition(conds: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conds?.find((c) => c.type === type)
}

/** Whether the object's condition `type` is True. */
export function conditionTrue(obj: KubeObject, type: string): boolean {
  const status = obj.status as { conditions?: Condition[] } | undefined
  return findCondition(status?.conditions, type)?.status === 'True'
}

/**
 * Set a condition as the controllers' SetCondition helpers do: nothing changes when the status and
 * reason are the same; the transition time is kept when only the reason/message changes; a
 * changed condition moves to the end of the list.
 */
export function setCondition(conds: Condition[], next: Condition): Condition[] {
  const cur = findCondition(conds, next.type)
  if (cur && cur.status === next.status && cur.reason === next.reason) return conds
  const c = { ...next }
  if (cur && cur.status === next.status && cur.lastTransitionTime) c.lastTransitionTime = cur.lastTransitionTime
  return [...conds.filter((x) => x.type !== next.type), c]
}

/** Resolve an IntOrString (`3`, `"25%"`) against `total`, rounding as Kubernetes does. */
export function scaledValue(v: unknown, total: number, roundUp: boolean, fallback: string): number {
  const raw = v === undefined || v === null ? fallback : v
  if (typeof raw === 'number') return Math.max(0, Math.floor(raw))
  const s = String(raw)
  if (s.endsWith('%')) {
    const pct = Number(s.slice(0, -1))
    if (!Number.isFinite(pct)) return 0
    const x = (pct * total) / 100
    return Math.max(0, roundUp ? Math.ceil(x) : Math.floor(x))
  }
  const n = Number(s)
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0
}

/** Integer field with a default (negative or non-numeric → the default). */
export function intOr(v: unknown, def: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : def
}

/** What the manager hands every controller. */
export interface Env {
  readonly store: SimStore
  readonly stepMs: number
  /** The controllers' clock (timestamps, cron). */
  now(): number
  readonly informers: Informers
  /**
   * Create an object as a client would; in a terminating (or missing) namespace nothing is
   * created, as the NamespaceLifecycle admission refuses it. @returns the new record, if any.
   */
  create(kind: KindId, obj: KubeObject): Rec | undefined
  /** Delete an object as a client would (NotFound is ignored: someone got there first). */
  remove(kind: KindId, namespace: string, name: string, opts?: { gracePeriodSeconds?: number }): void
  /** Records Events about the objects the controllers act on. */
  readonly events: EventRecorder
  /** The record of container runs, for pod logs (absent: nobody reads logs). */
  readonly logBook?: LogBook
  /** A work queue wired to the manager's error reporting and stopped with it. */
  queue(name: string, handler: QueueHandler): WorkQueue
}

/** The shared caches, one per kind the controllers read. */
export interface Informers {
  readonly pods: Informer
  readonly nodes: Informer
  readonly deployments: Informer
  readonly replicasets: Informer
  readonly statefulsets: Informer
  readonly jobs: Informer
  readonly cronjobs: Informer
  readonly daemonsets: Informer
  readonly horizontalpodautoscalers: Informer
  readonly pvs: Informer
  readonly pvcs: Informer
  readonly poddisruptionbudgets: Informer
  readonly services: Informer
}

/** A running controller. */
export interface Controller {
  stop(): void
}
