/**
 * Pod templates and the builder of a pod's metadata and spec (~8 KB of JSON with its status).
 *
 * Why: the benchmarks expect production-shaped pods (2 containers, ~14 env vars each, probes,
 * projected service-account volume, managedFields). A `PodTemplate` holds the shared, immutable
 * strings of a workload; `podBase` builds fresh objects around them for every pod and every churn
 * update, so no two ops share a mutable sub-object and no deep clone is ever needed.
 */
import type { KubeMeta } from '../types.ts'
import type { PodBase, PodSpecLike } from './podStatus.ts'
import { iso } from './ids.ts'

/** One container of a template; strings only, shared by every pod of the workload. */
export interface ContainerTemplate {
  readonly name: string
  readonly image: string
  readonly port: number
  readonly portName: string
  /** [name, value]; a value `fieldRef:x`, `cm:key` or `secret:key` becomes a `valueFrom`. */
  readonly env: readonly (readonly [string, string])[]
  readonly requests: readonly [string, string]
  readonly limits: readonly [string, string]
  readonly probePath: string
  readonly mountPath: string
}

/** The immutable description of a workload's pods. */
export interface PodTemplate {
  readonly app: string
  readonly instance: string
  readonly version: string
  readonly component: string
  readonly team: string
  readonly main: ContainerTemplate
  readonly sidecar: ContainerTemplate
  readonly serviceAccount: string
  readonly configMap: string
  readonly secret: string
  readonly priorityClass?: string
  readonly antiAffinity: boolean
  readonly restartPolicy: 'Always' | 'Never' | 'OnFailure'
  readonly initContainers: number
  /** Extra pod labels, e.g. `pod-template-hash` or `controller-revision-hash`. */
  readonly extraLabels: readonly (readonly [string, string])[]
  readonly checksum: string
}

/** Where and when one pod lives. */
export interface PodPlacement {
  readonly namespace: string
  readonly name: string
  readonly generateName?: string
  readonly owner?: { apiVersion: string; kind: string; name: string }
  readonly nodeName: string
  readonly hostIP: string
  readonly podIP: string
  readonly createdMs: number
}

function envVar(e: readonly [string, string], cm: string, secret: string): Record<string, unknown> {
  const v = e[1]
  if (v.startsWith('fieldRef:')) return { name: e[0], valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: v.slice(9) } } }
  if (v.startsWith('cm:')) return { name: e[0], valueFrom: { configMapKeyRef: { name: cm, key: v.slice(3) } } }
  if (v.startsWith('secret:')) return { name: e[0], valueFrom: { secretKeyRef: { name: secret, key: v.slice(7) } } }
  return { name: e[0], value: v }
}

function probe(c: ContainerTemplate, initialDelay: number, period: number): Record<string, unknown> {
  return {
    httpGet: { path: c.probePath, port: c.portName, scheme: 'HTTP' },
    initialDelaySeconds: initialDelay,
    timeoutSeconds: 1,
    periodSeconds: period,
    successThreshold: 1,
    failureThreshold: 3
  }
}

function container(t: PodTemplate, c: ContainerTemplate, saVolume: string): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    ports: [{ name: c.portName, containerPort: c.port, protocol: 'TCP' }],
    env: c.env.map((e) => envVar(e, t.configMap, t.secret)),
    resources: { limits: { cpu: c.limits[0], memory: c.limits[1] }, requests: { cpu: c.requests[0], memory: c.requests[1] } },
    volumeMounts: [
      { name: 'config', readOnly: true, mountPath: c.mountPath },
      { name: 'tmp', mountPath: '/tmp' },
      { name: saVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }
    ],
    livenessProbe: probe(c, 15, 20),
    readinessProbe: probe(c, 5, 10),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent'
  }
}

function fieldsOfContainer(): Record<string, unknown> {
  return { '.': {}, 'f:env': {}, 'f:image': {}, 'f:name': {}, 'f:ports': {}, 'f:resources': {} }
}

function managedFields(t: PodTemplate, p: PodPlacement): Record<string, unknown>[] {
  const labels: Record<string, unknown> = {
    '.': {},
    'f:app.kubernetes.io/name': {},
    'f:app.kubernetes.io/instance': {},
    'f:app.kubernetes.io/version': {},
    'f:app.kubernetes.io/component': {},
    'f:team': {}
  }
  for (const [k] of t.extraLabels) labels[`f:${k}`] = {}
  const meta: Record<string, unknown> = {
    'f:annotations': { '.': {}, 'f:checksum/config': {}, 'f:kubectl.kubernetes.io/default-container': {} },
    'f:labels': labels
  }
  if (p.generateName) meta['f:generateName'] = {}
  if (p.owner) meta['f:ownerReferences'] = { '.': {}, [`k:{"uid":""}`]: {} }
  return [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: iso(p.createdMs),
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': meta,
        'f:spec': {
          'f:containers': {
            [`k:{"name":"${t.main.name}"}`]: fieldsOfContainer(),
            [`k:{"name":"${t.sidecar.name}"}`]: fieldsOfContainer()
          },
          'f:serviceAccountName': {},
          'f:volumes': {}
        }
      }
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: iso(p.createdMs + 9000),
      fieldsType: 'FieldsV1',
      subresource: 'status',
      fieldsV1: {
        'f:status': {
          'f:conditions': {},
          'f:containerStatuses': {},
          'f:hostIP': {},
          'f:hostIPs': {},
          'f:phase': {},
          'f:podIP': {},
          'f:podIPs': {},
          'f:startTime': {}
        }
      }
    }
  ]
}

/** Fresh metadata for a pod (labels, annotations, owner, managedFields). */
export function podMeta(t: PodTemplate, p: PodPlacement): KubeMeta {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': t.app,
    'app.kubernetes.io/instance': t.instance,
    'app.kubernetes.io/version': t.version,
    'app.kubernetes.io/component': t.component,
    team: t.team
  }
  for (const [k, v] of t.extraLabels) labels[k] = v
  const meta: KubeMeta = {
    name: p.name,
    namespace: p.namespace,
    creationTimestamp: iso(p.createdMs),
    labels,
    annotations: { 'checksum/config': t.checksum, 'kubectl.kubernetes.io/default-container': t.main.name },
    managedFields: managedFields(t, p)
  }
  if (p.generateName) meta.generateName = p.generateName
  if (p.owner) meta.ownerReferences = [{ ...p.owner, uid: '', controller: true, blockOwnerDeletion: true }]
  return meta
}

/** A fresh pod spec for the template, scheduled on `nodeName`. */
export function podSpec(t: PodTemplate, nodeName: string): PodSpecLike {
  const sa = `kube-api-access-${t.checksum.slice(0, 5)}`
  const spec: PodSpecLike = {
    volumes: [
      { name: 'config', configMap: { name: t.configMap, defaultMode: 420 } },
      { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      {
        name: sa,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
          ]
        }
      }
    ],
    containers: [container(t, t.main, sa), container(t, t.sidecar, sa)] as PodSpecLike['containers'],
    restartPolicy: t.restartPolicy,
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: t.serviceAccount,
    serviceAccount: t.serviceAccount,
    nodeName,
    securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
    ],
    priority: t.priorityClass ? 100000 : 0,
    enableServiceLinks: false,
    preemptionPolicy: 'PreemptLowerPriority'
  }
  if (t.priorityClass) spec.priorityClassName = t.priorityClass
  if (t.antiAffinity) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': t.app, 'app.kubernetes.io/instance': t.instance } },
              topologyKey: 'kubernetes.io/hostname'
            }
          }
        ]
      }
    }
  }
  if (t.initContainers > 0) {
    spec.initContainers = []
    for (let i = 0; i < t.initContainers; i++) {
      spec.initContainers.push({
        name: i === 0 ? 'init-config' : 'wait-deps',
        image: i === 0 ? 'busybox:1.36.1' : 'ghcr.io/groundnuty/k8s-wait-for:v2.0',
        command: ['sh', '-c', i === 0 ? 'cp /config-src/* /config/' : 'until nslookup db; do sleep 2; done'],
        resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent'
      })
    }
  }
  return spec
}

/** Everything `podInState` needs for a pod of `t` placed by `p`, at clock `now`. */
export function podBase(t: PodTemplate, p: PodPlacement, now: number, startMs: number, restarts?: number, lastRestartMs?: number): PodBase {
  return {
    metadata: podMeta(t, p),
    spec: podSpec(t, p.nodeName),
    nodeName: p.nodeName,
    hostIP: p.hostIP,
    podIP: p.podIP,
    startMs,
    now,
    restarts,
    lastRestartMs
  }
}
