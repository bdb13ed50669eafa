/**
 * Cluster-scoped infrastructure objects: namespaces, nodes, priority and runtime classes,
 * storage classes and the ingress class.
 *
 * Why: these are created first (everything else refers to them); nodes also carry the churn's
 * heartbeat updates, so a node is rebuilt fresh from its small `NodeRec` on every write.
 */
import type { KubeObject } from '../types.ts'
import { iso, SECOND } from './ids.ts'

/** A node as the generators and the churn track it. */
export interface NodeRec {
  readonly name: string
  readonly role: 'control-plane' | 'worker'
  readonly ip: string
  /** Third and fourth octets base of the node's /24 pod CIDR (`10.<a>.<b>.0/24`). */
  readonly cidr: readonly [number, number]
  readonly createdMs: number
  readonly zone: string
  readonly instanceType: string
  readonly cpu: number
  readonly memGi: number
  ready: boolean
  cordoned: boolean
  heartbeatMs: number
  /** Next pod IP host part on this node (2..253, wraps). */
  nextIp: number
}

/** The kubelet version every node reports (spec: v1.33.x). */
export const KUBELET_VERSION = 'v1.33.4'
/** Pods a node accepts (the kubelet default). */
export const MAX_PODS_PER_NODE = 110

/** A core/v1 Namespace. */
export function namespaceObj(name: string, createdMs: number, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, creationTimestamp: iso(createdMs), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' }
  }
}

function nodeCondition(type: string, ok: boolean, reason: string, message: string, beatMs: number, sinceMs: number): Record<string, unknown> {
  return { type, status: ok ? 'True' : 'False', lastHeartbeatTime: iso(beatMs), lastTransitionTime: iso(sinceMs), reason, message }
}

/** A fresh core/v1 Node for `n` (conditions reflect `n.ready`, taints reflect `n.cordoned`). */
export function nodeObj(n: NodeRec): KubeObject {
  const beat = n.heartbeatMs
  const since = n.createdMs + 40 * SECOND
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': n.instanceType,
    'topology.kubernetes.io/region': 'eu-west-1',
    'topology.kubernetes.io/zone': n.zone
  }
  labels[`node-role.kubernetes.io/${n.role}`] = ''
  const taints: Record<string, unknown>[] = []
  if (n.role === 'control-plane') taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' })
  if (n.cordoned) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: iso(beat - 3600 * SECOND) })
  if (!n.ready) {
    taints.push(
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: iso(beat) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: iso(beat) }
    )
  }
  const spec: Record<string, unknown> = {
    podCIDR: `10.${n.cidr[0]}.${n.cidr[1]}.0/24`,
    podCIDRs: [`10.${n.cidr[0]}.${n.cidr[1]}.0/24`],
    providerID: `aws:///${n.zone}/i-0${n.name.length}${n.cidr[0]}${n.cidr[1]}f3a9c1e7d`
  }
  if (taints.length > 0) spec.taints = taints
  if (n.cordoned) spec.unschedulable = true
  const memKi = n.memGi * 1024 * 1024
  const pressure = (type: string, reason: string, message: string): Record<string, unknown> =>
    n.ready
      ? nodeCondition(type, false, reason, message, beat, since)
      : {
          type,
          status: 'Unknown',
          lastHeartbeatTime: iso(beat),
          lastTransitionTime: iso(beat),
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.'
        }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      creationTimestamp: iso(n.createdMs),
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' }
    },
    spec,
    status: {
      capacity: { cpu: String(n.cpu), 'ephemeral-storage': '104845292Ki', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: String(MAX_PODS_PER_NODE) },
      allocatable: {
        cpu: `${n.cpu * 1000 - 90}m`,
        'ephemeral-storage': '95551679124',
        'hugepages-2Mi': '0',
        memory: `${memKi - 1_500_000}Ki`,
        pods: String(MAX_PODS_PER_NODE)
      },
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        n.ready
          ? nodeCondition('Ready', true, 'KubeletReady', 'kubelet is posting ready status', beat, since)
          : {
              type: 'Ready',
              status: 'Unknown',
              lastHeartbeatTime: iso(beat),
              lastTransitionTime: iso(beat),
              reason: 'NodeStatusUnknown',
              message: 'Kubelet stopped posting node status.'
            }
      ],
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'InternalDNS', address: `ip-${n.ip.replaceAll('.', '-')}.eu-west-1.compute.internal` },
        { type: 'Hostname', address: n.name }
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `ec2${n.cidr[0]}${n.cidr[1]}a1b2c3d4e5f6a7b8c9d0e1f2a3b4`,
        systemUUID: `ec2${n.cidr[1]}a1b2-c3d4-e5f6-a7b8-c9d0e1f2a3b4`,
        bootID: `4f1c${n.cidr[0]}e2a-9b7d-4c1e-8f3a-2d6b9e0c${n.cidr[1]}a7`,
        kernelVersion: '6.1.112-124.190.amzn2023.x86_64',
        osImage: 'Amazon Linux 2023.6.20241010',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64'
      }
    }
  }
}

/** The priority classes: the two built-in system ones and a custom one per tier. */
export function priorityClasses(createdMs: number): KubeObject[] {
  const pc = (name: string, value: number, description: string, globalDefault = false): KubeObject => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name, creationTimestamp: iso(createdMs) },
    value,
    globalDefault,
    description,
    preemptionPolicy: 'PreemptLowerPriority'
  })
  return [
    pc('system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'),
    pc('system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'),
    pc('business-critical', 100000, 'Customer-facing services that may preempt batch work.'),
    pc('batch-low', 1000, 'Best-effort batch and training jobs.')
  ]
}

/** The runtime classes: runc and gVisor. */
export function runtimeClasses(createdMs: number): KubeObject[] {
  return [
    ['runc', 'runc'],
    ['gvisor', 'runsc']
  ].map(([name, handler]) => ({
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name, creationTimestamp: iso(createdMs) },
    handler
  }))
}

/** Storage classes; `gp3` is the default. */
export function storageClasses(createdMs: number): KubeObject[] {
  const sc = (name: string, provisioner: string, isDefault: boolean, binding: string, params: Record<string, string>): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, creationTimestamp: iso(createdMs), annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
    provisioner,
    parameters: params,
    reclaimPolicy: name === 'retain-ssd' ? 'Retain' : 'Delete',
    allowVolumeExpansion: name !== 'nfs',
    volumeBindingMode: binding
  })
  return [
    sc('gp3', 'ebs.csi.aws.com', true, 'WaitForFirstConsumer', { type: 'gp3', fsType: 'ext4' }),
    sc('retain-ssd', 'ebs.csi.aws.com', false, 'WaitForFirstConsumer', { type: 'io2', iopsPerGB: '50' }),
    sc('nfs', 'nfs.csi.k8s.io', false, 'Immediate', { server: 'fs-0a1b2c3d.efs.eu-west-1.amazonaws.com', share: '/' })
  ]
}

/** The ingress classes; `nginx` is the default. */
export function ingressClasses(createdMs: number): KubeObject[] {
  return (
    [
      ['nginx', 'k8s.io/ingress-nginx', true],
      ['alb', 'ingress.k8s.aws/alb', false]
    ] as const
  ).map(([name, controller, def]): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, creationTimestamp: iso(createdMs), annotations: def ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {} },
    spec: { controller }
  }))
}
