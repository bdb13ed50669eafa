/**
 * Networking objects: services (ClusterIP, NodePort, LoadBalancer, headless), their
 * endpointslices, ingresses and network policies.
 *
 * Why: the networking tables need every service type and slices that point at real generated
 * pods; these builders take plain inputs so the topology decides what exists.
 */
import type { KubeObject } from '../types.ts'
import { iso } from './ids.ts'

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless'

/** One endpoint of a slice: a pod's IP, node and conditions. */
export interface EndpointRef {
  readonly ip: string
  readonly node: string
  readonly pod: string
  /** Serving and not terminating (the EndpointSlice controller's `ready`). */
  readonly ready: boolean
  /** The pod's Ready condition. */
  readonly serving: boolean
  /** The pod is being deleted. */
  readonly terminating: boolean
  readonly zone: string
}

/** Pod states whose Ready condition is True (podStatus.ts). */
const READY = new Set(['Running', 'RunningRestarted', 'Terminating'])
/** Pod states without an IP, or finished: no endpoint (the controller lists pods with an IP that are not terminal). */
const NO_ENDPOINT = new Set(['ContainerCreating', 'Evicted', 'Pending', 'SchedulingGated', 'Completed'])
/** Pod states with a deletion timestamp. */
const TERMINATING = new Set(['Terminating', 'NodeLost'])

/** The endpoint a pod in `state` on `node` with `ip` gives its services, or undefined. */
export function endpointOf(pod: string, state: string, node: { name: string; zone: string } | undefined, ip: string): EndpointRef | undefined {
  if (!node || !ip || NO_ENDPOINT.has(state)) return undefined
  const serving = READY.has(state)
  const terminating = TERMINATING.has(state)
  return { ip, node: node.name, pod, zone: node.zone, serving, terminating, ready: serving && !terminating }
}

/** A fresh core/v1 Service. */
export function serviceObj(
  ns: string,
  name: string,
  type: ServiceType,
  clusterIP: string,
  port: number,
  selector: Record<string, string>,
  createdMs: number,
  nodePort: number,
  lbHost: string
): KubeObject {
  const headless = type === 'Headless'
  const ports: Record<string, unknown>[] = [{ name: 'http', protocol: 'TCP', port: headless ? port : 80, targetPort: headless ? port : 'http' }]
  if (type === 'NodePort' || type === 'LoadBalancer') ports[0].nodePort = nodePort
  const spec: Record<string, unknown> = {
    type: headless ? 'ClusterIP' : type,
    clusterIP: headless ? 'None' : clusterIP,
    clusterIPs: [headless ? 'None' : clusterIP],
    ports,
    selector,
    sessionAffinity: 'None',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster'
  }
  if (type === 'NodePort' || type === 'LoadBalancer') spec.externalTrafficPolicy = 'Cluster'
  if (headless) spec.publishNotReadyAddresses = true
  const status: Record<string, unknown> = { loadBalancer: type === 'LoadBalancer' ? { ingress: [{ ip: lbHost, ipMode: 'VIP' }] } : {} }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ns,
      creationTimestamp: iso(createdMs),
      labels: { ...selector, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: type === 'LoadBalancer' ? { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } : {}
    },
    spec,
    status
  }
}

/** A fresh discovery.k8s.io/v1 EndpointSlice of service `svc` (at most 100 endpoints, as the controller does). */
export function endpointSliceObj(ns: string, svc: string, suffix: string, port: number, eps: readonly EndpointRef[], createdMs: number): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    addressType: 'IPv4',
    metadata: {
      name: `${svc}-${suffix}`,
      namespace: ns,
      creationTimestamp: iso(createdMs),
      generateName: `${svc}-`,
      labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc, uid: '', controller: true, blockOwnerDeletion: true }]
    },
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
      nodeName: e.node,
      zone: e.zone,
      targetRef: { kind: 'Pod', namespace: ns, name: e.pod, uid: '' }
    })),
    ports: [{ name: 'http', protocol: 'TCP', port }]
  }
}

/** A fresh networking.k8s.io/v1 Ingress routing `host` to service `svc`. */
export function ingressObj(ns: string, name: string, cls: string, host: string, svc: string, tls: boolean, lbHost: string, createdMs: number): KubeObject {
  const spec: Record<string, unknown> = {
    ingressClassName: cls,
    rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { name: 'http' } } } }] } }]
  }
  if (tls) spec.tls = [{ hosts: [host], secretName: `${name}-tls` }]
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: ns,
      creationTimestamp: iso(createdMs),
      generation: 1,
      annotations: tls ? { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } : {}
    },
    spec,
    status: { loadBalancer: { ingress: [{ hostname: lbHost }] } }
  }
}

/** A default-deny policy (empty selector) or an allow-from-namespace policy for `app`. */
export function networkPolicyObj(ns: string, name: string, app: string | undefined, fromNs: string, createdMs: number): KubeObject {
  const spec: Record<string, unknown> =
    app === undefined
      ? { podSelector: {}, policyTypes: ['Ingress'] }
      : {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': fromNs } } }, { podSelector: {} }],
              ports: [{ protocol: 'TCP', port: 8080 }]
            }
          ]
        }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns, creationTimestamp: iso(createdMs), generation: 1 },
    spec
  }
}
