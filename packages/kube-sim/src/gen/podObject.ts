/**
 * A pod record (world.ts) to a full pod object: template + placement + state.
 *
 * Why: the generator and the churn build pods the same way, fresh for every op.
 */
import type { KubeObject } from '../types.ts'
import type { PodRec } from './world.ts'
import { podBase } from './podSpec.ts'
import { podInState } from './podStatus.ts'

const OWNER_API: Record<string, string> = { ReplicaSet: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', Deployment: 'apps/v1' }

/** Tolerations the DaemonSet controller adds to its pods (pkg/controller/daemon/util), besides the two every pod has. */
const DAEMON_TOLERATIONS = ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable'].map((t) => ({
  key: `node.kubernetes.io/${t}`,
  operator: 'Exists',
  effect: 'NoSchedule'
}))

/** The full pod object for `p` in its current state, relative to clock `now`. */
export function podObject(p: PodRec, now: number, unschedulable?: string): KubeObject {
  const o = p.owner
  const generated = o.kind !== 'StatefulSet'
  const base = podBase(
    p.tpl,
    {
      namespace: p.namespace,
      name: p.name,
      generateName: generated ? p.name.slice(0, p.name.lastIndexOf('-') + 1) : undefined,
      owner: { apiVersion: OWNER_API[o.kind], kind: o.kind, name: o.name },
      nodeName: p.node?.name ?? '',
      hostIP: p.node?.ip ?? '',
      podIP: p.podIP,
      createdMs: p.createdMs
    },
    now,
    p.startMs,
    p.restarts,
    p.lastRestartMs
  )
  if (unschedulable) base.unschedulableMessage = unschedulable
  if (o.kind === 'StatefulSet') {
    base.metadata.labels = { ...base.metadata.labels, 'apps.kubernetes.io/pod-index': p.name.slice(p.name.lastIndexOf('-') + 1) }
    ;(base.spec.volumes as unknown[]).push({ name: 'data', persistentVolumeClaim: { claimName: `data-${p.name}` } })
    base.spec.hostname = p.name
    base.spec.subdomain = o.name
  }
  if (o.kind === 'Job') base.spec.restartPolicy = 'Never'
  if (o.kind === 'DaemonSet') base.spec.tolerations = [...((base.spec.tolerations as unknown[]) ?? []), ...DAEMON_TOLERATIONS]
  return podInState(p.state, base)
}
