/**
 * Colour class of a STATUS cell (pods, nodes, PVs, PVCs, jobs, namespaces).
 *
 * Why a table and not ad-hoc checks: one mapping for every kind keeps "red means broken" true
 * everywhere. Unknown values are neutral rather than guessed.
 */

import type { RowDto } from '../../../shared/dto/row.ts'

export type StatusClass = 'ok' | 'warn' | 'bad' | 'done' | 'neutral'

const OK = new Set(['Running', 'Ready', 'Active', 'Bound', 'Available', 'Complete', 'True'])
const DONE = new Set(['Completed', 'Succeeded', 'Released'])
const WARN = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'Unknown', 'SchedulingDisabled', 'Suspended', 'Running (suspended)'])
const BAD = new Set([
  'Failed',
  'Error',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'OOMKilled',
  'Evicted',
  'NotReady',
  'Lost',
  'CreateContainerConfigError',
  'InvalidImageName',
  'ContainerStatusUnknown',
  'BackoffLimitExceeded',
  'DeadlineExceeded',
  'FailureTarget'
])

/**
 * @param status the cell text as kubectl prints it (e.g. `Init:0/1`, `Ready,SchedulingDisabled`).
 */
export function statusClass(status: string): StatusClass {
  const s = status.trim()
  if (BAD.has(s) || s.startsWith('Init:Error') || s.startsWith('Init:CrashLoopBackOff') || s.includes('NotReady')) return 'bad'
  if (OK.has(s)) return 'ok'
  if (DONE.has(s)) return 'done'
  if (WARN.has(s) || s.startsWith('Init:') || s.includes('SchedulingDisabled')) return 'warn'
  return 'neutral'
}

/** `1/2` style READY cells: ok when complete, warn when short, neutral when unparsable. */
export function readyClass(ready: string): StatusClass {
  const m = /^(\d+)\/(\d+)$/.exec(ready.trim())
  if (!m) return 'neutral'
  return Number(m[1]) >= Number(m[2]) ? 'ok' : 'warn'
}

/** The projector's own severity (`extra.statusClass`), when it sent one we know. */
export function serverClass(v: unknown): StatusClass | null {
  return typeof v === 'string' && v in SERVER_CLASS ? SERVER_CLASS[v] : null
}
const SERVER_CLASS: Readonly<Record<string, StatusClass>> = {
  ok: 'ok',
  success: 'ok',
  warning: 'warn',
  warn: 'warn',
  pending: 'warn',
  error: 'bad',
  danger: 'bad',
  done: 'done',
  muted: 'done'
}

/**
 * A row in trouble (the "problems only" toggle, `is:problem`): the projector's class says error,
 * warning or pending; else a STATUS coloured bad or warn; an event of type Warning; or a READY
 * count short of desired (deployments 1/3).
 */
export function isProblem(row: RowDto): boolean {
  const sc = row.extra?.statusClass
  if (typeof sc === 'string') return sc === 'error' || sc === 'warning' || sc === 'pending'
  if (row.kind === 'events') return row.cells.type === 'Warning'
  const st = row.cells.status
  if (typeof st === 'string' && st !== '') {
    const c = statusClass(st)
    return c === 'bad' || c === 'warn'
  }
  const ready = row.cells.ready
  return typeof ready === 'string' && readyClass(ready) === 'warn'
}
