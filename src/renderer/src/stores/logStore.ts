/**
 * The log viewer's state: what it shows (target, container, previous), the lines (a bounded
 * buffer), the sources of a workload stream, and the stream's health.
 *
 * Why a buffer of its own: 100,000 lines is what a viewer keeps (k9s keeps 5,000); above it the
 * oldest lines go, and how many went is counted and shown, never silent. Lines are appended in
 * batches (one `setState` per animation frame, by the hook), kept in a plain array with a moving
 * start so dropping the oldest costs nothing per line.
 * Lifecycle: `openLogs` sets a target (and clears the buffer); `closeLogs` clears everything.
 */
import { createStore } from 'zustand/vanilla'
import { LOG_WORKLOAD_KINDS } from '../../../shared/api/logs.ts'
import type { LogEndData, LogLine, LogSource } from '../../../shared/api/logs.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'

/** Lines kept; the oldest beyond this are dropped and counted. */
export const MAX_LOG_LINES = 100_000

export type LogHealthState = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error'

/** Kinds whose rows have logs: pods, and the workloads whose pods' logs merge. */
export function hasLogs(kind: string): kind is KindId {
  return kind === 'pods' || (LOG_WORKLOAD_KINDS as readonly string[]).includes(kind)
}

/** What the viewer follows. */
export interface LogTarget {
  readonly cluster: string
  /** `pods` or a workload kind. */
  readonly kind: KindId
  readonly namespace: string
  readonly name: string
}

/** A line as kept: the wire line plus its number in the stream (stable across drops). */
export interface KeptLine extends LogLine {
  readonly n: number
}

export interface LogState {
  readonly target: LogTarget | null
  /** Pods: the container shown ('' = the pod's default). */
  readonly container: string
  /** The container the server resolved (the pod's default when none was asked). */
  readonly shown: string
  readonly previous: boolean
  /** Bumped on every change of `lines`, for views to re-render. */
  readonly version: number
  readonly health: LogHealthState
  readonly detail: string
  readonly sources: ReadonlyMap<number, LogSource>
  /** The latest `waiting` reason ('' once lines flow). */
  readonly waiting: string
  readonly ended: LogEndData | null
  /** Lines the server dropped because the window fell behind. */
  readonly serverDropped: number
  /** Oldest lines dropped from the buffer. */
  readonly bufferDropped: number
}

/** The buffer, outside the store state (mutated in place, versioned by `version`). */
const buf: KeptLine[] = []
let start = 0
let seq = 0

export const logs = createStore<LogState>(() => ({
  target: null,
  container: '',
  shown: '',
  previous: false,
  version: 0,
  health: 'connecting',
  detail: '',
  sources: new Map(),
  waiting: '',
  ended: null,
  serverDropped: 0,
  bufferDropped: 0
}))

function reset(): void {
  buf.length = 0
  start = 0
  seq = 0
}

/** Lines in the buffer, oldest first. */
export function logLines(): readonly KeptLine[] {
  if (start > 0) {
    buf.splice(0, start)
    start = 0
  }
  return buf
}

/** Number of lines kept. */
export function logCount(): number {
  return buf.length - start
}

/** Open the viewer on `target` (a new buffer). */
export function openLogs(target: LogTarget, container = '', previous = false): void {
  reset()
  logs.setState((s) => ({
    target,
    container,
    shown: container,
    previous,
    version: s.version + 1,
    health: 'connecting',
    detail: '',
    sources: new Map(),
    waiting: '',
    ended: null,
    serverDropped: 0,
    bufferDropped: 0
  }))
}

/** The stream starts over on the same target: a new buffer, with why. */
export function restartLines(reason: string): void {
  reset()
  logs.setState((s) => ({ version: s.version + 1, waiting: reason, bufferDropped: 0, serverDropped: 0 }))
}

/** Switch container or previous run (same target, a new buffer). */
export function showContainer(container: string, previous: boolean): void {
  const t = logs.getState().target
  if (t) openLogs(t, container, previous)
}

export function closeLogs(): void {
  reset()
  logs.setState((s) => ({ target: null, version: s.version + 1 }))
}

/** Append batches of lines (one state change for all of them). */
export function appendLines(batches: readonly (readonly LogLine[])[]): void {
  let added = 0
  for (const lines of batches)
    for (const l of lines) {
      buf.push({ ...l, n: seq++ })
      added++
    }
  if (added === 0) return
  const over = buf.length - start - MAX_LOG_LINES
  const dropped = Math.max(0, over)
  start += dropped
  if (start > MAX_LOG_LINES / 2) {
    buf.splice(0, start)
    start = 0
  }
  logs.setState((s) => ({ version: s.version + 1, waiting: '', bufferDropped: s.bufferDropped + dropped }))
}

export function setLogHealth(health: LogHealthState, detail: string): void {
  logs.setState({ health, detail })
}

export function addSource(source: LogSource): void {
  logs.setState((s) => ({ sources: new Map(s.sources).set(source.id, source) }))
}

export function setWaiting(reason: string): void {
  logs.setState({ waiting: reason })
}

export function addServerDropped(count: number): void {
  logs.setState((s) => ({ serverDropped: s.serverDropped + count }))
}

export function setEnded(end: LogEndData): void {
  logs.setState({ ended: end })
}

/** The server said which container it follows. */
export function setShown(container: string): void {
  logs.setState({ shown: container })
}
