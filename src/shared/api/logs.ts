/**
 * The wire contract of the log streams (`GET /api/clusters/{c}/{kind}/objects/{name}/logs`): the SSE
 * frames and their data, shared by the server that writes them and the renderer that reads them.
 *
 * Why: one platform-free file makes a change to the log wire a type error on both sides.
 * Frames, in order: `ready` once (the stream's baseline: which containers it follows), then
 * `lines` batches (each line with its kubelet timestamp; `id:` = the resume point after the
 * batch), `source` when a workload's pod container joins, `waiting` while a container has no
 * log yet, `dropped` when the client fell behind and lines were discarded (counted, never
 * silent), `end` when a single container stopped (the stream then closes), plus the generic
 * `state` (upstream reconnecting / live) and the final `error` of frames.ts.
 */

/** Workload kinds whose pods' logs can be merged into one stream. */
export const LOG_WORKLOAD_KINDS = ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs'] as const
export type LogWorkloadKind = (typeof LOG_WORKLOAD_KINDS)[number]

/** Largest `tailLines` a stream accepts: the window's buffer holds 100,000 lines. */
export const MAX_TAIL_LINES = 100_000

/** One log line. */
export interface LogLine {
  /** The kubelet's timestamp, normalised to UTC with nine fraction digits (sorts as text). */
  readonly t: string
  /** The text, without its newline (ANSI escapes kept; the viewer renders colours only). */
  readonly m: string
  /** Workload streams: the `LogSource.id` the line came from. */
  readonly s?: number
  /**
   * Workload streams: the line arrived after lines with later timestamps had been sent (a pod's
   * node lagging or a clock skew); the viewer may show it out of order.
   */
  readonly late?: true
}

/** A container a stream follows (workload streams tag each line with one of these). */
export interface LogSource {
  /** Small integer, unique in the stream. */
  readonly id: number
  readonly pod: string
  readonly container: string
  readonly init?: boolean
}

/** `event: ready`: the stream is open. Its baseline (the live core's `baseline()`). */
export interface LogReadyData {
  /** Single pod: the container followed. */
  readonly container?: string
  /** Workload: the label selector its pods are matched by (`app=web,tier in (a,b)`). */
  readonly selector?: string
  /** True when the stream resumed from `Last-Event-ID` (lines already sent are not repeated). */
  readonly resumed: boolean
}

/** `event: lines`. */
export interface LogLinesData {
  readonly lines: readonly LogLine[]
}

/** `event: source`: workload streams, a pod's container starts being followed. */
export interface LogSourceData {
  readonly source: LogSource
}

/** `event: waiting`: a followed container has no log yet (kubelet's words), retried as the pod changes. */
export interface LogWaitingData {
  readonly reason: string
  readonly source?: number
}

/** `event: dropped`: lines discarded because the client did not keep up (memory is bounded). */
export interface LogDroppedData {
  /** Dropped since the previous `dropped` frame. */
  readonly count: number
  /** Dropped since the stream opened. */
  readonly total: number
}

/** `event: end`: the followed container stopped (single pod); the stream closes after it. */
export interface LogEndData {
  readonly reason: string
  /** The container's exit code, when it terminated. */
  readonly exitCode?: number
  /** The kubelet's reason: `Completed`, `Error`, `OOMKilled`, … */
  readonly terminated?: string
  /** The pod will run the container again (restart policy): a new run can be followed. */
  readonly restarting?: boolean
}

/** The log stream's own SSE event names (besides `state` and `error`). */
export type LogEventName = 'ready' | 'lines' | 'source' | 'waiting' | 'dropped' | 'end'
