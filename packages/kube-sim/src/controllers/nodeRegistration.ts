/**
 * Node registration: a Node created through the API becomes a working node of the simulated
 * cluster, as if its kubelet had started — status (capacity, allocatable, the four conditions with
 * Ready True, addresses, daemon endpoint, node info) and what the control plane adds to every
 * node (`beta.kubernetes.io/{arch,os}` mirroring the GA labels, as the node lifecycle controller
 * reconciles them; `node.alpha.kubernetes.io/ttl: "0"` from the TTL controller).
 *
 * Why: the simulated kubelet runs every node's pods; a node someone adds (`kubectl create -f
 * node.yaml`, the differential suite's `diff-node-1`) must then be Ready and schedulable, or a
 * DaemonSet targeting it never runs. Nodes that already carry conditions (the generated ones, or
 * a status someone wrote) are left alone.
 * Lifecycle: started with the kubelet; a new node is registered one step after it appears.
 */
import type { Controller, Env } from './context.ts'
import { clone, fnv32a, isoAt } from './context.ts'

/** The kubelet version the simulated nodes report (the generated ones say the same). */
const KUBELET_VERSION = 'v1.33.4'

function condition(type: string, status: 'True' | 'False', reason: string, message: string, at: string): Record<string, unknown> {
  return { type, status, lastHeartbeatTime: at, lastTransitionTime: at, reason, message }
}

/** Start node registration. */
export function startNodeRegistration(env: Env): Controller {
  const { nodes } = env.informers
  const sync = (key: string): undefined => {
    const n = nodes.getByKey(key)
    const conds = (n?.obj.status as { conditions?: unknown[] } | undefined)?.conditions
    if (!n || n.obj.metadata.deletionTimestamp || (conds && conds.length > 0)) return undefined
    const obj = clone(n.obj)
    const name = n.rec.name
    const labels = { ...(obj.metadata.labels ?? {}) }
    labels['kubernetes.io/hostname'] ??= name
    labels['kubernetes.io/arch'] ??= 'amd64'
    labels['kubernetes.io/os'] ??= 'linux'
    labels['beta.kubernetes.io/arch'] = labels['kubernetes.io/arch']
    labels['beta.kubernetes.io/os'] = labels['kubernetes.io/os']
    obj.metadata.labels = labels
    obj.metadata.annotations = {
      ...(obj.metadata.annotations ?? {}),
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
    }
    // Ready: the node lifecycle controller lifts the not-ready taint admission put on it.
    const spec = (obj.spec ?? {}) as { taints?: { key?: string }[] }
    if (spec.taints) {
      spec.taints = spec.taints.filter((t) => t.key !== 'node.kubernetes.io/not-ready')
      if (spec.taints.length === 0) delete spec.taints
      obj.spec = spec
    }
    const h = fnv32a(name)
    const ip = `10.0.${200 + (h % 50)}.${1 + ((h >>> 8) % 250)}`
    const at = isoAt(env.now())
    obj.status = {
      capacity: { cpu: '4', 'ephemeral-storage': '104845292Ki', 'hugepages-2Mi': '0', memory: '16311712Ki', pods: '110' },
      allocatable: { cpu: '3910m', 'ephemeral-storage': '95551679124', 'hugepages-2Mi': '0', memory: '14811712Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', at),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', at),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', at),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', at)
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name }
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: h.toString(16).padStart(8, '0').repeat(4),
        systemUUID: `${h.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
        bootID: `${(h ^ 0x5a5a5a5a).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
        kernelVersion: '6.1.112-124.190.amzn2023.x86_64',
        osImage: 'Amazon Linux 2023.6.20241010',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: labels['kubernetes.io/os'],
        architecture: labels['kubernetes.io/arch']
      }
    }
    env.store.update('nodes', obj)
    return undefined
  }
  const q = env.queue('node-registration', sync)
  const unsub = nodes.subscribe((type, cur) => {
    if (type === 'ADDED') q.add(cur.rec.key, env.stepMs)
  })
  return {
    stop: () => {
      unsub()
      q.stop()
    }
  }
}
