/**
 * The fake nodes: Node objects kwok adopts (by its annotation) and keeps Ready, so the scheduler
 * places pods on them and kwok then plays their lifecycle.
 *
 * Why this shape: it follows kwok's documented fake-node manifest (annotation
 * kwok.x-k8s.io/node=fake, label type=kwok, generous capacity) but WITHOUT kwok's
 * `kwok.x-k8s.io/node=fake:NoSchedule` taint, so plain Deployments schedule with no toleration.
 * Status is set at create time (the apiserver keeps a Node's status on create); kwok's node
 * stages then maintain the Ready condition and lease.
 * Lifecycle: created once per start after the apiserver is ready; they live in etcd, so they
 * survive restartApiserver.
 */
import type { ApiClient } from './api.ts'
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './components.ts'

/** Label that selects the harness' fake nodes (kwok's documented `type: kwok`). */
export const FAKE_NODE_SELECTOR = 'type=kwok'

/** Per-node capacity: enough that benchmarks, not resources, limit how many pods fit. */
const CAPACITY = { cpu: '32', memory: '256Gi', pods: '110' }

export function fakeNodeName(i: number): string {
  return `kwok-node-${i}`
}

export function fakeNode(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok'
      }
    },
    spec: {},
    status: {
      allocatable: CAPACITY,
      capacity: CAPACITY,
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'kwok',
        kernelVersion: '',
        kubeProxyVersion: 'fake',
        kubeletVersion: 'fake',
        machineID: '',
        operatingSystem: 'linux',
        osImage: '',
        systemUUID: ''
      },
      phase: 'Running'
    }
  }
}

/** Create nodes 0..n-1 (an existing one is fine: AlreadyExists counts as created). */
export async function createFakeNodes(api: ApiClient, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await api.call('POST', '/api/v1/nodes', fakeNode(fakeNodeName(i)))
      if (res.status !== 201 && res.status !== 409) throw new Error(`creating node ${fakeNodeName(i)}: HTTP ${res.status} ${res.body.slice(0, 300)}`)
    })
  )
}

interface NodeList {
  items?: { status?: { conditions?: { type?: string; status?: string }[] } }[]
}

/** How many fake nodes report condition Ready=True. */
export async function readyFakeNodes(api: ApiClient): Promise<number> {
  const res = await api.call('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent(FAKE_NODE_SELECTOR)}`)
  if (res.status !== 200) throw new Error(`listing nodes: HTTP ${res.status}`)
  const list = JSON.parse(res.body) as NodeList
  return (list.items ?? []).filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length
}
