/**
 * The simulator's field schemas: which fields each kind's objects may carry, as far as the
 * simulator models them (k8s.io/api v1.33 field names).
 *
 * Why: one table serves `fieldValidation=Strict|Warn` (unknown fields are refused or warned
 * about) and the component schemas of `/openapi/v3`. Where a subtree is `'any'` nothing below it
 * is checked (affinity, probes, volumes' sources, every status, …); the report lists what is not.
 */
import type { KindId } from '../kinds.ts'

/** A field's schema: a scalar type, a free-form value, a string map, a list, or an object's fields. */
export type Schema = 'string' | 'integer' | 'number' | 'boolean' | 'any' | 'map' | readonly [Schema] | { readonly [field: string]: Schema }

const names = (list: string, t: Schema = 'any'): Record<string, Schema> => Object.fromEntries(list.split(' ').map((f) => [f, t]))

export const OBJECT_META: Schema = {
  ...names('creationTimestamp deletionTimestamp generateName name namespace resourceVersion selfLink uid', 'string'),
  ...names('deletionGracePeriodSeconds generation', 'integer'),
  labels: 'map',
  annotations: 'map',
  finalizers: ['string'],
  managedFields: ['any'],
  ownerReferences: [{ ...names('apiVersion kind name uid', 'string'), ...names('controller blockOwnerDeletion', 'boolean') }]
}

const CONTAINER: Schema = {
  ...names('args command envFrom lifecycle livenessProbe readinessProbe resizePolicy resources securityContext startupProbe volumeDevices'),
  ...names('image imagePullPolicy name restartPolicy terminationMessagePath terminationMessagePolicy workingDir', 'string'),
  ...names('stdin stdinOnce tty', 'boolean'),
  env: [{ name: 'string', value: 'string', valueFrom: 'any' }],
  ports: [{ containerPort: 'integer', hostIP: 'string', hostPort: 'integer', name: 'string', protocol: 'string' }],
  volumeMounts: [{ ...names('mountPath mountPropagation name recursiveReadOnly subPath subPathExpr', 'string'), readOnly: 'boolean' }]
}

const POD_SPEC: Schema = {
  ...names(
    'affinity dnsConfig hostAliases imagePullSecrets os overhead readinessGates resourceClaims resources schedulingGates securityContext tolerations topologySpreadConstraints volumes'
  ),
  ...names(
    'dnsPolicy hostname nodeName preemptionPolicy priorityClassName restartPolicy runtimeClassName schedulerName serviceAccount serviceAccountName subdomain',
    'string'
  ),
  ...names('automountServiceAccountToken enableServiceLinks hostIPC hostNetwork hostPID hostUsers setHostnameAsFQDN shareProcessNamespace', 'boolean'),
  ...names('activeDeadlineSeconds priority terminationGracePeriodSeconds', 'integer'),
  nodeSelector: 'map',
  containers: [CONTAINER],
  initContainers: [CONTAINER],
  ephemeralContainers: [CONTAINER]
}

const TEMPLATE: Schema = { metadata: OBJECT_META, spec: POD_SPEC }
const SELECTOR: Schema = { matchLabels: 'map', matchExpressions: [{ key: 'string', operator: 'string', values: ['string'] }] }

const JOB_SPEC: Schema = {
  ...names('podFailurePolicy successPolicy'),
  ...names('activeDeadlineSeconds backoffLimit backoffLimitPerIndex completions maxFailedIndexes parallelism ttlSecondsAfterFinished', 'integer'),
  ...names('completionMode managedBy podReplacementPolicy', 'string'),
  ...names('manualSelector suspend', 'boolean'),
  selector: SELECTOR,
  template: TEMPLATE
}

const SPECS: Partial<Record<KindId, Schema>> = {
  pods: POD_SPEC,
  deployments: {
    ...names('minReadySeconds progressDeadlineSeconds replicas revisionHistoryLimit', 'integer'),
    paused: 'boolean',
    selector: SELECTOR,
    template: TEMPLATE,
    strategy: { type: 'string', rollingUpdate: { maxSurge: 'any', maxUnavailable: 'any' } }
  },
  replicasets: { ...names('minReadySeconds replicas', 'integer'), selector: SELECTOR, template: TEMPLATE },
  statefulsets: {
    ...names('minReadySeconds replicas revisionHistoryLimit', 'integer'),
    ...names('podManagementPolicy serviceName', 'string'),
    ...names('ordinals persistentVolumeClaimRetentionPolicy updateStrategy volumeClaimTemplates'),
    selector: SELECTOR,
    template: TEMPLATE
  },
  daemonsets: { ...names('minReadySeconds revisionHistoryLimit', 'integer'), updateStrategy: 'any', selector: SELECTOR, template: TEMPLATE },
  jobs: JOB_SPEC,
  cronjobs: {
    ...names('concurrencyPolicy schedule timeZone', 'string'),
    suspend: 'boolean',
    ...names('failedJobsHistoryLimit startingDeadlineSeconds successfulJobsHistoryLimit', 'integer'),
    jobTemplate: { metadata: OBJECT_META, spec: JOB_SPEC }
  },
  services: {
    ...names(
      'clusterIP externalName externalTrafficPolicy internalTrafficPolicy ipFamilyPolicy loadBalancerClass loadBalancerIP sessionAffinity trafficDistribution type',
      'string'
    ),
    ...names('allocateLoadBalancerNodePorts publishNotReadyAddresses', 'boolean'),
    healthCheckNodePort: 'integer',
    ...names('clusterIPs externalIPs ipFamilies loadBalancerSourceRanges', ['string']),
    sessionAffinityConfig: 'any',
    selector: 'map',
    ports: [{ ...names('appProtocol name protocol', 'string'), ...names('nodePort port', 'integer'), targetPort: 'any' }]
  },
  leases: {
    ...names('holderIdentity preferredHolder strategy', 'string'),
    ...names('leaseDurationSeconds leaseTransitions', 'integer'),
    ...names('acquireTime renewTime', 'string')
  }
}

/** `rbacv1.PolicyRule`. */
const POLICY_RULE: Schema = names('verbs apiGroups resources resourceNames nonResourceURLs', ['string'])
/** The top-level fields of RoleBinding and ClusterRoleBinding. */
const BINDING: Record<string, Schema> = {
  subjects: [names('kind apiGroup name namespace', 'string')],
  roleRef: names('apiGroup kind name', 'string')
}

/** Top-level fields besides apiVersion/kind/metadata, for kinds without the spec/status pair. */
const TOP_LEVEL: Partial<Record<KindId, Record<string, Schema>>> = {
  events: {
    ...names('action eventTime firstTimestamp lastTimestamp message reason reportingComponent reportingInstance type', 'string'),
    count: 'integer',
    ...names('involvedObject related series source')
  },
  endpointslices: { addressType: 'string', endpoints: ['any'], ports: ['any'] },
  storageclasses: {
    ...names('provisioner reclaimPolicy volumeBindingMode', 'string'),
    allowVolumeExpansion: 'boolean',
    mountOptions: ['string'],
    parameters: 'map',
    allowedTopologies: ['any']
  },
  priorityclasses: { ...names('description preemptionPolicy', 'string'), globalDefault: 'boolean', value: 'integer' },
  runtimeclasses: { handler: 'string', overhead: 'any', scheduling: 'any' },
  configmaps: { data: 'map', binaryData: 'map', immutable: 'boolean' },
  secrets: { data: 'map', stringData: 'map', type: 'string', immutable: 'boolean' },
  serviceaccounts: { secrets: ['any'], imagePullSecrets: ['any'], automountServiceAccountToken: 'boolean' },
  roles: { rules: [POLICY_RULE] },
  clusterroles: { rules: [POLICY_RULE], aggregationRule: { clusterRoleSelectors: ['any'] } },
  rolebindings: BINDING,
  clusterrolebindings: BINDING
}

/** The schema of a whole object of `kind`. */
export function kindSchema(kind: KindId): Schema {
  const top = TOP_LEVEL[kind]
  const base = { apiVersion: 'string', kind: 'string', metadata: OBJECT_META } as const
  if (top) return { ...base, ...top }
  return { ...base, spec: SPECS[kind] ?? 'any', status: 'any' }
}
