import { describe, expect, it } from 'vitest'
import type { SimWriteOp } from '../types.ts'
import { KIND_IDS } from '../../../../src/shared/kinds/registry.ts'
import { EXTRA_KIND_IDS, groupVersion, KINDS, RBAC_KIND_IDS } from '../kinds.ts'
import { generateCluster } from './index.ts'
import { kubectlPodStatus } from './kubectlStatus.ts'
import { POD_STATES, POD_STATUS_TEXT } from './podStatus.ts'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const cluster2k = generateCluster({ seed: 11, pods: 2000, now: NOW })

const findKind = (id: string): (typeof KINDS)[number] | undefined => KINDS.find((k) => k.id === id)

/** Violations of kind validity: apiVersion/kind per the served kinds, a name, a namespace iff namespaced. */
function invalid(ops: readonly SimWriteOp[]): string[] {
  const bad: string[] = []
  for (const o of ops) {
    const k = findKind(o.kind)
    const m = o.object.metadata
    if (!k) {
      bad.push(`unknown kind ${o.kind}`)
      continue
    }
    if (o.object.apiVersion !== groupVersion(k) || o.object.kind !== k.kind) bad.push(`${o.kind}/${m.name}: ${o.object.apiVersion} ${o.object.kind}`)
    if (!m.name || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m.name) || m.name.length > 253) bad.push(`${o.kind}: bad name ${m.name}`)
    if (k.namespaced !== (m.namespace !== undefined && m.namespace !== '')) bad.push(`${o.kind}/${m.name}: namespace ${m.namespace}`)
  }
  return bad
}

describe('generateCluster', () => {
  it('is deterministic: the same seed gives identical ops, another seed different ones', () => {
    const again = generateCluster({ seed: 11, pods: 2000, now: NOW })
    expect(JSON.stringify(again)).toBe(JSON.stringify(cluster2k))
    expect(JSON.stringify(generateCluster({ seed: 12, pods: 2000, now: NOW }))).not.toBe(JSON.stringify(cluster2k))
  })

  it('creates exactly the requested number of pods, and every kind of the registry plus those a cluster needs besides', () => {
    expect(cluster2k.filter((o) => o.kind === 'pods')).toHaveLength(2000)
    // ConfigMaps, Secrets and ServiceAccounts the pods refer to, node Leases.
    // The RBAC kinds come from the bootstrap policy (rbac/bootstrap.ts), not the generator.
    expect(new Set(cluster2k.map((o) => o.kind))).toEqual(
      new Set([...KIND_IDS, ...EXTRA_KIND_IDS].filter((k) => !(RBAC_KIND_IDS as readonly string[]).includes(k)))
    )
    expect(cluster2k.every((o) => o.op === 'create')).toBe(true)
    for (const n of [0, 1, 7, 45]) expect(generateCluster({ seed: 1, pods: n, now: NOW }).filter((o) => o.kind === 'pods')).toHaveLength(n)
  })

  it('produces ops that are valid for their kind, with unique names', () => {
    expect(invalid(cluster2k)).toEqual([])
    const keys = cluster2k.map((o) => `${o.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(invalid(generateCluster({ seed: 5, pods: 3, now: NOW }))).toEqual([])
  })

  it('orders namespaces first and every owner before what it owns', () => {
    const seen = new Set<string>()
    const problems: string[] = []
    for (const o of cluster2k) {
      const m = o.object.metadata
      if (m.namespace && !seen.has(`Namespace//${m.namespace}`)) problems.push(`${o.kind}/${m.name} before namespace ${m.namespace}`)
      for (const ref of m.ownerReferences ?? []) {
        // A node's Lease names its Node without the controller flag, as the kubelet writes it.
        const clusterOwner = ref.kind === 'Node'
        if (ref.uid !== '' || (!ref.controller && !clusterOwner)) problems.push(`${m.name}: owner ${ref.name} uid/controller`)
        if (!seen.has(`${ref.kind}/${clusterOwner ? '' : (m.namespace ?? '')}/${ref.name}/${ref.apiVersion}`))
          problems.push(`${o.kind}/${m.name} before owner ${ref.kind}/${ref.name}`)
      }
      if (o.kind === 'pods' && (o.object.spec as { nodeName?: string }).nodeName) {
        if (!seen.has(`Node//${(o.object.spec as { nodeName: string }).nodeName}/v1`)) problems.push(`pod ${m.name} on unknown node`)
      }
      seen.add(`${o.object.kind}/${m.namespace ?? ''}/${m.name}/${o.object.apiVersion}`)
      if (o.kind === 'namespaces') seen.add(`Namespace//${m.name}`)
    }
    expect(problems.slice(0, 5)).toEqual([])
    expect(cluster2k.findIndex((o) => o.kind !== 'namespaces')).toBeGreaterThan(4)
  })

  it('shows every pod status of the state table in a 2,000-pod cluster, most pods Running', () => {
    const counts = new Map<string, number>()
    for (const o of cluster2k)
      if (o.kind === 'pods') {
        const s = kubectlPodStatus(o.object).status
        counts.set(s, (counts.get(s) ?? 0) + 1)
      }
    for (const s of POD_STATES) expect(counts.get(POD_STATUS_TEXT[s]) ?? 0, s).toBeGreaterThan(0)
    expect(counts.get('Running') ?? 0).toBeGreaterThan(1700)
    const restarted = cluster2k.filter((o) => o.kind === 'pods' && kubectlPodStatus(o.object).lastRestart !== undefined)
    expect(restarted.length).toBeGreaterThan(20)
  })

  it('makes pods of about 8 KB of JSON', () => {
    const sizes = cluster2k
      .filter((o) => o.kind === 'pods')
      .map((o) => JSON.stringify(o.object).length)
      .sort((a, b) => a - b)
    const median = sizes[sizes.length >> 1]
    expect(median).toBeGreaterThanOrEqual(7000)
    expect(median).toBeLessThanOrEqual(9000)
  })

  it('builds a realistic topology: system namespaces, node roles, a NotReady and a cordoned node, bound and pending storage', () => {
    const names = (kind: string): string[] => cluster2k.filter((o) => o.kind === kind).map((o) => o.object.metadata.name as string)
    expect(names('namespaces')).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'payments', 'checkout']))
    const nodes = cluster2k.filter((o) => o.kind === 'nodes').map((o) => o.object)
    expect(nodes.length).toBeGreaterThanOrEqual(60)
    expect(nodes.filter((n) => 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {}))).toHaveLength(3)
    const ready = nodes.map((n) => (n.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')?.status)
    expect(ready.filter((s) => s !== 'True')).toHaveLength(1)
    expect(nodes.filter((n) => (n.spec as { unschedulable?: boolean }).unschedulable)).toHaveLength(1)
    const phases = (kind: string): Set<string> => new Set(cluster2k.filter((o) => o.kind === kind).map((o) => (o.object.status as { phase: string }).phase))
    expect(phases('pvcs')).toEqual(new Set(['Bound', 'Pending']))
    expect(phases('pvs')).toEqual(new Set(['Bound', 'Released', 'Available']))
    const types = new Set(
      cluster2k
        .filter((o) => o.kind === 'services')
        .map((o) => ((o.object.spec as { type: string; clusterIP: string }).clusterIP === 'None' ? 'Headless' : (o.object.spec as { type: string }).type))
    )
    expect(types).toEqual(new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless']))
    expect(names('pods')).toEqual(expect.arrayContaining([expect.stringMatching(/^postgres-0$/), expect.stringMatching(/^kube-proxy-[a-z0-9]{5}$/)]))
  })
})
