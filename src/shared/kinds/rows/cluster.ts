/**
 * Cluster-scoped row projections (Node, Namespace, PriorityClass, RuntimeClass), ports of
 * kubectl's `printNode` (+ `findNodeRoles`, `getNodeInternalIP`/`ExternalIP`), `printNamespace`,
 * `printPriorityClass` and `printRuntimeClass`.
 *
 * Lifecycle: pure functions, called once per object per watch event.
 */
import type { Projector } from './types.ts'

/** Label prefix of node roles (`node-role.kubernetes.io/<role>`) and the legacy role label. */
const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/'
const NODE_ROLE_LABEL = 'kubernetes.io/role'

interface NodeLike {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>> }
  readonly spec?: { readonly unschedulable?: boolean }
  readonly status?: {
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[]
    readonly addresses?: readonly { readonly type?: string; readonly address?: string }[]
    readonly nodeInfo?: {
      readonly kubeletVersion?: string
      readonly osImage?: string
      readonly kernelVersion?: string
      readonly containerRuntimeVersion?: string
    }
  }
}

/** `findNodeRoles`: roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted. */
export function nodeRoles(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return '<none>'
  let roles: string[] | null = null
  for (const k in labels) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      if (k.length > NODE_ROLE_PREFIX.length) (roles ??= []).push(k.slice(NODE_ROLE_PREFIX.length))
    } else if (k === NODE_ROLE_LABEL && labels[k] !== '') {
      ;(roles ??= []).push(labels[k])
    }
  }
  if (!roles) return '<none>'
  return [...new Set(roles)].sort().join(',')
}

/** Node STATUS: `Ready` / `NotReady` / `Unknown` (no Ready condition), plus `,SchedulingDisabled`. */
function nodeStatus(n: NodeLike): string {
  let status = 'Unknown'
  const conds = n.status?.conditions
  if (conds) {
    // The last Ready condition wins, as in the printer's condition map.
    for (const c of conds) if (c.type === 'Ready') status = c.status === 'True' ? 'Ready' : 'NotReady'
  }
  return n.spec?.unschedulable ? status + ',SchedulingDisabled' : status
}

function nodeAddress(n: NodeLike, type: string): string {
  const addrs = n.status?.addresses
  if (addrs) for (const a of addrs) if (a.type === type) return a.address ?? ''
  return '<none>'
}

/** `printNode`: STATUS, ROLES, VERSION and the wide system-info columns (`<unknown>` when unset). */
export const projectNode: Projector = (obj) => {
  const n = obj as NodeLike
  const info = n.status?.nodeInfo ?? {}
  const status = nodeStatus(n)
  return {
    cells: {
      status,
      roles: nodeRoles(n.metadata?.labels),
      age: obj.metadata?.creationTimestamp ?? null,
      version: info.kubeletVersion ?? '',
      internalIP: nodeAddress(n, 'InternalIP'),
      externalIP: nodeAddress(n, 'ExternalIP'),
      osImage: info.osImage || '<unknown>',
      kernelVersion: info.kernelVersion || '<unknown>',
      containerRuntime: info.containerRuntimeVersion || '<unknown>'
    },
    // UI colour (not a kubectl column): Ready ok, cordoned warning, NotReady/Unknown error.
    extra: { statusClass: status.startsWith('Ready') ? (n.spec?.unschedulable ? 'warning' : 'ok') : 'error' }
  }
}

/** `printNamespace`: STATUS is the phase (`Active`, `Terminating`). */
export const projectNamespace: Projector = (obj) => {
  const phase = (obj as { status?: { phase?: string } }).status?.phase ?? ''
  return { cells: { status: phase, age: obj.metadata?.creationTimestamp ?? null } }
}

interface PriorityClassLike {
  readonly value?: number
  readonly globalDefault?: boolean
  readonly preemptionPolicy?: string
}

/** `printPriorityClass`: GLOBAL-DEFAULT prints as a Go bool (`false`); PREEMPTIONPOLICY empty when unset. */
export const projectPriorityClass: Projector = (obj) => {
  const pc = obj as PriorityClassLike
  return {
    cells: {
      value: pc.value ?? 0,
      globalDefault: pc.globalDefault ?? false,
      age: obj.metadata?.creationTimestamp ?? null,
      preemptionPolicy: pc.preemptionPolicy ?? ''
    }
  }
}

/** `printRuntimeClass`: HANDLER. */
export const projectRuntimeClass: Projector = (obj) => ({
  cells: { handler: (obj as { handler?: string }).handler ?? '', age: obj.metadata?.creationTimestamp ?? null }
})
