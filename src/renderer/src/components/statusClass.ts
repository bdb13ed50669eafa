/**
 * Colour class of a STATUS cell (pods, nodes, PVs, PVCs, jobs, namespaces).
 *
 * Why a table and not ad-hoc checks: one mapping for every kind keeps "red means broken" true
 * everywhere. Unknown values are neutral rather than guessed.
 */

export type StatusClass = 'ok' | 'warn' | 'bad' | 'done' | 'neutral'

const OK = new Set(['Running', 'Ready', 'Active', 'Bound', 'Available', 'Complete', 'True'])
const DONE = new Set(['Completed', 'Succeeded', 'Released'])
const WARN = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'Unknown', 'SchedulingDisabled', 'Suspended', 'Running (suspended)'])
const BAD = new Set(['Failed', 'Error', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Evicted', 'NotReady', 'Lost',
  'CreateContainerConfigError', 'InvalidImageName', 'ContainerStatusUnknown', 'BackoffLimitExceeded', 'DeadlineExceeded', 'FailureTarget'])

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
