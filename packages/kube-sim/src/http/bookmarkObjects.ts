/**
 * The object of a BOOKMARK watch event, as the real apiserver sends it: the zero value of the
 * kind's Go struct, serialized (so every field without `omitempty` appears, empty), with only
 * `metadata.resourceVersion` set (and the `k8s.io/initial-events-end` annotation on the bookmark
 * that ends a streaming list). Since 1.34 (Go 1.24 `omitzero`) there is no
 * `creationTimestamp: null` any more.
 *
 * Why: clients decode a bookmark into the kind's type; the fields below are exactly what a real
 * 1.34 server sent for each kind (read with `?watch=1&sendInitialEvents=true`), so typed clients
 * see the same bytes from the simulator. Lifecycle: constants.
 */
import type { KindId } from '../kinds.ts'

type Obj = Record<string, unknown>
const template = (): Obj => ({ metadata: {}, spec: { containers: null } })

/** The zero-value fields of each kind besides kind, apiVersion and metadata. */
const ZERO: Record<KindId, () => Obj> = {
  pods: () => ({ spec: { containers: null }, status: {} }),
  events: () => ({ involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' }),
  deployments: () => ({ spec: { replicas: 0, selector: null, template: template(), strategy: {} }, status: {} }),
  statefulsets: () => ({
    spec: { replicas: 0, selector: null, template: template(), serviceName: '', updateStrategy: {} },
    status: { replicas: 0, availableReplicas: 0 }
  }),
  daemonsets: () => ({
    spec: { selector: null, template: template(), updateStrategy: {} },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }
  }),
  replicasets: () => ({ spec: { replicas: 0, selector: null, template: template() }, status: { replicas: 0 } }),
  jobs: () => ({ spec: { template: template() }, status: {} }),
  cronjobs: () => ({ spec: { schedule: '', jobTemplate: { metadata: {}, spec: { template: template() } } }, status: {} }),
  horizontalpodautoscalers: () => ({ spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { desiredReplicas: 0, currentMetrics: null } }),
  poddisruptionbudgets: () => ({ spec: {}, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } }),
  services: () => ({ spec: {}, status: { loadBalancer: {} } }),
  ingresses: () => ({ spec: {}, status: { loadBalancer: {} } }),
  networkpolicies: () => ({ spec: { podSelector: {} } }),
  endpointslices: () => ({ addressType: '', endpoints: null, ports: null }),
  ingressclasses: () => ({ spec: {} }),
  pvs: () => ({ spec: {}, status: {} }),
  pvcs: () => ({ spec: { resources: {} }, status: {} }),
  storageclasses: () => ({ provisioner: '' }),
  nodes: () => ({
    spec: {},
    status: {
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '',
        osImage: '',
        containerRuntimeVersion: '',
        kubeletVersion: '',
        kubeProxyVersion: '',
        operatingSystem: '',
        architecture: ''
      }
    }
  }),
  namespaces: () => ({ spec: {}, status: {} }),
  priorityclasses: () => ({ value: 0 }),
  runtimeclasses: () => ({ handler: '' }),
  customresourcedefinitions: () => ({
    spec: { group: '', names: { plural: '', kind: '' }, scope: '', versions: null },
    status: { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: null }
  }),
  mutatingwebhookconfigurations: () => ({}),
  validatingwebhookconfigurations: () => ({}),
  resourcequotas: () => ({ spec: {}, status: {} }),
  limitranges: () => ({ spec: { limits: null } }),
  configmaps: () => ({}),
  secrets: () => ({}),
  serviceaccounts: () => ({}),
  leases: () => ({ spec: {} }),
  // k8s.io/api/rbac/v1: `rules` and `roleRef` (and RoleRef's fields) carry no omitempty.
  roles: () => ({ rules: null }),
  clusterroles: () => ({ rules: null }),
  rolebindings: () => ({ roleRef: { apiGroup: '', kind: '', name: '' } }),
  clusterrolebindings: () => ({ roleRef: { apiGroup: '', kind: '', name: '' } })
}

/** The BOOKMARK object of `kind` at `rv` (`initialEnd`: the streaming list's end marker). */
export function bookmarkObject(kind: KindId, kindName: string, apiVersion: string, rv: number, initialEnd: boolean): Obj {
  const metadata: Obj = { resourceVersion: String(rv) }
  const annotations: Record<string, string> = {}
  if (initialEnd) annotations['k8s.io/initial-events-end'] = 'true'
  // apps/v1 DaemonSets carry their template generation as an annotation (set by the conversion
  // from the internal type, so even the empty bookmark object has it, as "0").
  if (kind === 'daemonsets') annotations['deprecated.daemonset.template.generation'] = '0'
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations
  return { kind: kindName, apiVersion, metadata, ...ZERO[kind]() }
}
