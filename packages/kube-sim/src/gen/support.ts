/**
 * The objects a real cluster has around its workloads, which the demo world must have to be
 * consistent with itself: node Leases in `kube-node-lease`, the `default/kubernetes` Service
 * and its EndpointSlice, each namespace's `default` ServiceAccount and `kube-root-ca.crt`
 * ConfigMap, each workload's ServiceAccount, ConfigMap and Secret (with the keys its pods'
 * env refer to), and the scheduler's message for a pod no node can take, counting the real nodes.
 *
 * Why: `kubectl describe pod` looks up the ServiceAccount and ConfigMaps a pod names, and a
 * cluster tool that follows a reference must find it; `kubectl get leases -n kube-node-lease`
 * lists one per node. Pure builders, called by the generator (emit.ts) and the churn.
 */
import type { KubeObject } from '../types.ts'
import { iso, MINUTE, SECOND } from './ids.ts'
import type { NodeRec } from './infra.ts'
import type { PodTemplate } from './podSpec.ts'

/** The service CIDR's first address, which the `kubernetes` Service always gets (kubeadm's 10.96.0.0/12). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1'
/** How long a node's Lease holds without renewal (the kubelet's nodeLeaseDurationSeconds). */
export const NODE_LEASE_SECONDS = 40

/** A placeholder CA bundle for `kube-root-ca.crt` (a real cluster's is its CA certificate). */
const CA_BUNDLE =
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n' +
  'dmVyLWNhQHBlcmlzY29wZS1zaW0wHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAxMDAw\nMDAwWjAjMSEwHwYDVQQDDBhwZXJpc2NvcGUtc2ltLWRlbW8tY2x1c3Rlci1jYQ==\n-----END CERTIFICATE-----\n'

/** The Lease a node's kubelet renews, in kube-node-lease, owned by the Node. */
export function nodeLeaseObj(n: NodeRec, renewMs: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: n.name,
      namespace: 'kube-node-lease',
      creationTimestamp: iso(n.createdMs + 30 * SECOND),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: '' }]
    },
    spec: { holderIdentity: n.name, leaseDurationSeconds: NODE_LEASE_SECONDS, renewTime: new Date(renewMs).toISOString().replace('Z', '000Z') }
  }
}

/** When a node's lease was last renewed: seconds before `now` for a ready node, its last heartbeat otherwise. */
export function leaseRenewMs(n: NodeRec, now: number): number {
  return n.ready ? Math.max(n.heartbeatMs, now - 7 * SECOND) : n.heartbeatMs
}

/** The control plane's leader-election leases in kube-system. */
export function controlPlaneLeases(holder: string, createdMs: number, now: number): KubeObject[] {
  return ['kube-controller-manager', 'kube-scheduler'].map((name) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-system', creationTimestamp: iso(createdMs) },
    spec: {
      holderIdentity: `${holder}_${name}`,
      leaseDurationSeconds: 15,
      leaseTransitions: 2,
      acquireTime: new Date(now - 3 * MINUTE).toISOString().replace('Z', '000Z'),
      renewTime: new Date(now - 2 * SECOND).toISOString().replace('Z', '000Z')
    }
  }))
}

/** `default/kubernetes` and its EndpointSlice (the apiserver endpoints of the control-plane nodes). */
export function kubernetesService(controlPlanes: readonly NodeRec[], createdMs: number): KubeObject[] {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: iso(createdMs), labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP'
    },
    status: { loadBalancer: {} }
  }
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    addressType: 'IPv4',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      creationTimestamp: iso(createdMs),
      generation: 1,
      labels: { 'kubernetes.io/service-name': 'kubernetes' }
    },
    endpoints: controlPlanes.map((n) => ({ addresses: [n.ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }]
  }
  return [svc, slice]
}

/** A namespace's `default` ServiceAccount and `kube-root-ca.crt` ConfigMap, as their controllers create them. */
export function namespaceDefaults(ns: string, createdMs: number): { kind: 'serviceaccounts' | 'configmaps'; object: KubeObject }[] {
  return [
    {
      kind: 'serviceaccounts',
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns, creationTimestamp: iso(createdMs) } }
    },
    {
      kind: 'configmaps',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-root-ca.crt',
          namespace: ns,
          creationTimestamp: iso(createdMs),
          annotations: {
            'kubernetes.io/description':
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.'
          }
        },
        data: { 'ca.crt': CA_BUNDLE }
      }
    }
  ]
}

/** A workload's ServiceAccount, ConfigMap and Secret, with every key its pods' env refer to. */
export function workloadSupport(ns: string, t: PodTemplate, createdMs: number): { kind: 'serviceaccounts' | 'configmaps' | 'secrets'; object: KubeObject }[] {
  const refs = (prefix: string): string[] => [...t.main.env, ...t.sidecar.env].filter(([, v]) => v.startsWith(prefix)).map(([, v]) => v.slice(prefix.length))
  const meta = (name: string): KubeObject['metadata'] => ({
    name,
    namespace: ns,
    creationTimestamp: iso(createdMs),
    labels: { 'app.kubernetes.io/name': t.app, 'app.kubernetes.io/instance': t.instance, 'app.kubernetes.io/managed-by': 'Helm' }
  })
  const data: Record<string, string> = { 'app.yaml': `service: ${t.app}\nlogLevel: info\nlisten: ":${t.main.port}"\n` }
  for (const k of refs('cm:')) data[k] = k.endsWith('-url') ? `http://${k.replace(/-url$/, '')}.${ns}.svc.cluster.local` : 'true'
  const secret: Record<string, string> = {}
  for (const k of refs('secret:'))
    secret[k] = Buffer.from(k === 'database-url' ? `postgres://${t.app}:s3cr3t@postgres.${ns}:5432/${t.app}` : `${k}-value`).toString('base64')
  return [
    { kind: 'serviceaccounts', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(t.serviceAccount) } },
    { kind: 'configmaps', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(t.configMap), data } },
    { kind: 'secrets', object: { apiVersion: 'v1', kind: 'Secret', metadata: meta(t.secret), type: 'Opaque', data: secret } }
  ]
}

/**
 * The scheduler's message for a pod that fits no node of `nodes` (every schedulable worker is
 * out of memory), with the real node count and each node's reason, sorted as the scheduler prints them.
 */
export function unschedulableMessage(nodes: readonly NodeRec[]): string {
  const cps = nodes.filter((n) => n.role === 'control-plane').length
  const cordoned = nodes.filter((n) => n.role !== 'control-plane' && n.cordoned).length
  const unready = nodes.filter((n) => n.role !== 'control-plane' && !n.cordoned && !n.ready).length
  const full = nodes.length - cps - cordoned - unready
  const parts = [
    [cps, 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    [unready, 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
    [cordoned, 'node(s) were unschedulable'],
    [full, 'Insufficient memory']
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, why]) => `${n} ${why}`)
    .sort()
  const pre = [
    [cps + cordoned + unready, 'Preemption is not helpful for scheduling'],
    [full, 'No preemption victims found for incoming pod']
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, why]) => `${n} ${why}`)
    .sort()
  return `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${pre.join(', ')}.`
}
