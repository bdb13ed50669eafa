/**
 * The kinds registry: the single source of truth for the 34 built-in resource kinds the product
 * watches (custom resources are discovered per cluster at run time; see `custom.ts`).
 *
 * Why: the grammar, `/api/features`, the startup log line, the server routes, the simulator's
 * discovery documents and the renderer's tables are all derived from this one table, so adding a
 * kind is one edit here (plus its row projection in `rows/`). Order matters: it is the registry
 * order of spec §2, used by `/api/features` and the startup log line.
 */

/**
 * The seven group aliases of the kinds grammar, in registry order. The first five are the original
 * ones and keep their meaning (`cluster` gained the three API-extension kinds); `config` and
 * `access` were added after them, so a saved value never changes meaning.
 */
export const GROUP_IDS = ['core', 'workloads', 'networking', 'storage', 'cluster', 'config', 'access'] as const
export type GroupId = (typeof GROUP_IDS)[number]

/** Route tokens of the 34 built-in kinds, in registry order (the first 22 are the original ones). */
export const KIND_IDS = [
  'pods',
  'events',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'jobs',
  'cronjobs',
  'horizontalpodautoscalers',
  'poddisruptionbudgets',
  'services',
  'ingresses',
  'networkpolicies',
  'endpointslices',
  'ingressclasses',
  'pvs',
  'pvcs',
  'storageclasses',
  'nodes',
  'namespaces',
  'priorityclasses',
  'runtimeclasses',
  'customresourcedefinitions',
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'configmaps',
  'secrets',
  'resourcequotas',
  'limitranges',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings'
] as const
export type KindId = (typeof KIND_IDS)[number]

/**
 * How a column's value is typed and shown. `age` and `time` cells hold an ISO-8601 timestamp so
 * the renderer can tick them; everything else is already the text or number kubectl shows.
 */
export type ColumnType = 'string' | 'number' | 'age' | 'time' | 'status' | 'ready' | 'restarts'

export interface ColumnDef {
  /** Stable key of the cell in a row DTO. */
  readonly id: string
  /** Header exactly as `kubectl get -o wide` prints it. */
  readonly title: string
  readonly type: ColumnType
  /** Shown by kubectl only with `-o wide` (the Table column priority is 1). */
  readonly wide?: boolean
}

export interface KindDef {
  /** Route token, also the grammar token. */
  readonly id: KindId
  readonly group: GroupId
  /** API group; `''` is the legacy core group (`/api/v1`). */
  readonly apiGroup: string
  readonly version: string
  /** Plural REST resource name in the apiserver path. */
  readonly resource: string
  /** The object's `kind`. */
  readonly kind: string
  readonly singular: string
  readonly namespaced: boolean
  readonly shortNames: readonly string[]
  /** The object has a `/status` subresource. */
  readonly status: boolean
  /** The object has a `/scale` subresource. */
  readonly scale: boolean
  /** Discovery categories (`kubectl get all` lists the kinds in `all`, as a real apiserver sets). */
  readonly categories: readonly string[]
  /**
   * List columns after NAME (and NAMESPACE), in `kubectl get -o wide` order. Exception: kubectl
   * prints events without a leading NAME column; their name is the last, wide-only `eventName`.
   */
  readonly columns: readonly ColumnDef[]
}

const c = (id: string, title: string, type: ColumnType = 'string', wide = false): ColumnDef => (wide ? { id, title, type, wide } : { id, title, type })
const AGE = c('age', 'AGE', 'age')
/** `CREATED AT`: kubectl prints the creation time as RFC 3339 (UTC), not as an age. */
const CREATED_AT = c('createdAt', 'CREATED AT')
/** Role bindings: ROLE, AGE, then who is bound (wide). */
const BINDING_COLUMNS = [
  c('role', 'ROLE'),
  AGE,
  c('users', 'USERS', 'string', true),
  c('groups', 'GROUPS', 'string', true),
  c('serviceAccounts', 'SERVICEACCOUNTS', 'string', true)
]
const RBAC = { apiGroup: 'rbac.authorization.k8s.io', version: 'v1' } as const
const WEBHOOKS = { apiGroup: 'admissionregistration.k8s.io', version: 'v1', namespaced: false, categories: ['api-extensions'] } as const
const WORKLOAD_WIDE = [c('containers', 'CONTAINERS', 'string', true), c('images', 'IMAGES', 'string', true), c('selector', 'SELECTOR', 'string', true)]

type KindSpec = Omit<KindDef, 'id' | 'group' | 'status' | 'scale' | 'shortNames' | 'categories'> &
  Partial<Pick<KindDef, 'status' | 'scale' | 'shortNames' | 'categories'>>

const SPECS: Record<GroupId, Partial<Record<KindId, KindSpec>>> = {
  core: {
    pods: {
      categories: ['all'],
      apiGroup: '',
      version: 'v1',
      resource: 'pods',
      kind: 'Pod',
      singular: 'pod',
      namespaced: true,
      shortNames: ['po'],
      status: true,
      columns: [
        c('ready', 'READY', 'ready'),
        c('status', 'STATUS', 'status'),
        c('restarts', 'RESTARTS', 'restarts'),
        AGE,
        c('ip', 'IP', 'string', true),
        c('node', 'NODE', 'string', true),
        c('nominatedNode', 'NOMINATED NODE', 'string', true),
        c('readinessGates', 'READINESS GATES', 'string', true)
      ]
    },
    events: {
      apiGroup: '',
      version: 'v1',
      resource: 'events',
      kind: 'Event',
      singular: 'event',
      namespaced: true,
      shortNames: ['ev'],
      columns: [
        c('lastSeen', 'LAST SEEN', 'time'),
        c('type', 'TYPE'),
        c('reason', 'REASON'),
        c('object', 'OBJECT'),
        c('subobject', 'SUBOBJECT', 'string', true),
        c('source', 'SOURCE', 'string', true),
        c('message', 'MESSAGE'),
        c('firstSeen', 'FIRST SEEN', 'time', true),
        c('count', 'COUNT', 'number', true),
        c('eventName', 'NAME', 'string', true)
      ]
    }
  },
  workloads: {
    deployments: {
      categories: ['all'],
      apiGroup: 'apps',
      version: 'v1',
      resource: 'deployments',
      kind: 'Deployment',
      singular: 'deployment',
      namespaced: true,
      shortNames: ['deploy'],
      status: true,
      scale: true,
      columns: [c('ready', 'READY', 'ready'), c('upToDate', 'UP-TO-DATE', 'number'), c('available', 'AVAILABLE', 'number'), AGE, ...WORKLOAD_WIDE]
    },
    statefulsets: {
      categories: ['all'],
      apiGroup: 'apps',
      version: 'v1',
      resource: 'statefulsets',
      kind: 'StatefulSet',
      singular: 'statefulset',
      namespaced: true,
      shortNames: ['sts'],
      status: true,
      scale: true,
      columns: [c('ready', 'READY', 'ready'), AGE, c('containers', 'CONTAINERS', 'string', true), c('images', 'IMAGES', 'string', true)]
    },
    daemonsets: {
      categories: ['all'],
      apiGroup: 'apps',
      version: 'v1',
      resource: 'daemonsets',
      kind: 'DaemonSet',
      singular: 'daemonset',
      namespaced: true,
      shortNames: ['ds'],
      status: true,
      columns: [
        c('desired', 'DESIRED', 'number'),
        c('current', 'CURRENT', 'number'),
        c('ready', 'READY', 'number'),
        c('upToDate', 'UP-TO-DATE', 'number'),
        c('available', 'AVAILABLE', 'number'),
        c('nodeSelector', 'NODE SELECTOR'),
        AGE,
        ...WORKLOAD_WIDE
      ]
    },
    replicasets: {
      categories: ['all'],
      apiGroup: 'apps',
      version: 'v1',
      resource: 'replicasets',
      kind: 'ReplicaSet',
      singular: 'replicaset',
      namespaced: true,
      shortNames: ['rs'],
      status: true,
      scale: true,
      columns: [c('desired', 'DESIRED', 'number'), c('current', 'CURRENT', 'number'), c('ready', 'READY', 'number'), AGE, ...WORKLOAD_WIDE]
    },
    jobs: {
      categories: ['all'],
      apiGroup: 'batch',
      version: 'v1',
      resource: 'jobs',
      kind: 'Job',
      singular: 'job',
      namespaced: true,
      status: true,
      columns: [c('status', 'STATUS', 'status'), c('completions', 'COMPLETIONS'), c('duration', 'DURATION'), AGE, ...WORKLOAD_WIDE]
    },
    cronjobs: {
      categories: ['all'],
      apiGroup: 'batch',
      version: 'v1',
      resource: 'cronjobs',
      kind: 'CronJob',
      singular: 'cronjob',
      namespaced: true,
      shortNames: ['cj'],
      status: true,
      columns: [
        c('schedule', 'SCHEDULE'),
        c('timezone', 'TIMEZONE'),
        c('suspend', 'SUSPEND'),
        c('active', 'ACTIVE', 'number'),
        c('lastSchedule', 'LAST SCHEDULE', 'time'),
        AGE,
        ...WORKLOAD_WIDE
      ]
    },
    horizontalpodautoscalers: {
      categories: ['all'],
      apiGroup: 'autoscaling',
      version: 'v2',
      resource: 'horizontalpodautoscalers',
      kind: 'HorizontalPodAutoscaler',
      singular: 'horizontalpodautoscaler',
      namespaced: true,
      shortNames: ['hpa'],
      status: true,
      columns: [
        c('reference', 'REFERENCE'),
        c('targets', 'TARGETS'),
        c('minPods', 'MINPODS', 'number'),
        c('maxPods', 'MAXPODS', 'number'),
        c('replicas', 'REPLICAS', 'number'),
        AGE
      ]
    },
    poddisruptionbudgets: {
      apiGroup: 'policy',
      version: 'v1',
      resource: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
      singular: 'poddisruptionbudget',
      namespaced: true,
      shortNames: ['pdb'],
      status: true,
      columns: [c('minAvailable', 'MIN AVAILABLE'), c('maxUnavailable', 'MAX UNAVAILABLE'), c('allowedDisruptions', 'ALLOWED DISRUPTIONS', 'number'), AGE]
    }
  },
  networking: {
    services: {
      categories: ['all'],
      apiGroup: '',
      version: 'v1',
      resource: 'services',
      kind: 'Service',
      singular: 'service',
      namespaced: true,
      shortNames: ['svc'],
      status: true,
      columns: [
        c('type', 'TYPE'),
        c('clusterIP', 'CLUSTER-IP'),
        c('externalIP', 'EXTERNAL-IP'),
        c('ports', 'PORT(S)'),
        AGE,
        c('selector', 'SELECTOR', 'string', true)
      ]
    },
    ingresses: {
      apiGroup: 'networking.k8s.io',
      version: 'v1',
      resource: 'ingresses',
      kind: 'Ingress',
      singular: 'ingress',
      namespaced: true,
      shortNames: ['ing'],
      status: true,
      columns: [c('class', 'CLASS'), c('hosts', 'HOSTS'), c('address', 'ADDRESS'), c('ports', 'PORTS'), AGE]
    },
    networkpolicies: {
      apiGroup: 'networking.k8s.io',
      version: 'v1',
      resource: 'networkpolicies',
      kind: 'NetworkPolicy',
      singular: 'networkpolicy',
      namespaced: true,
      shortNames: ['netpol'],
      columns: [c('podSelector', 'POD-SELECTOR'), AGE]
    },
    endpointslices: {
      apiGroup: 'discovery.k8s.io',
      version: 'v1',
      resource: 'endpointslices',
      kind: 'EndpointSlice',
      singular: 'endpointslice',
      namespaced: true,
      columns: [c('addressType', 'ADDRESSTYPE'), c('ports', 'PORTS'), c('endpoints', 'ENDPOINTS'), AGE]
    },
    ingressclasses: {
      apiGroup: 'networking.k8s.io',
      version: 'v1',
      resource: 'ingressclasses',
      kind: 'IngressClass',
      singular: 'ingressclass',
      namespaced: false,
      columns: [c('controller', 'CONTROLLER'), c('parameters', 'PARAMETERS'), AGE]
    }
  },
  storage: {
    pvs: {
      apiGroup: '',
      version: 'v1',
      resource: 'persistentvolumes',
      kind: 'PersistentVolume',
      singular: 'persistentvolume',
      namespaced: false,
      shortNames: ['pv'],
      status: true,
      columns: [
        c('capacity', 'CAPACITY'),
        c('accessModes', 'ACCESS MODES'),
        c('reclaimPolicy', 'RECLAIM POLICY'),
        c('status', 'STATUS', 'status'),
        c('claim', 'CLAIM'),
        c('storageClass', 'STORAGECLASS'),
        c('volumeAttributesClass', 'VOLUMEATTRIBUTESCLASS'),
        c('reason', 'REASON'),
        AGE,
        c('volumeMode', 'VOLUMEMODE', 'string', true)
      ]
    },
    pvcs: {
      apiGroup: '',
      version: 'v1',
      resource: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
      singular: 'persistentvolumeclaim',
      namespaced: true,
      shortNames: ['pvc'],
      status: true,
      columns: [
        c('status', 'STATUS', 'status'),
        c('volume', 'VOLUME'),
        c('capacity', 'CAPACITY'),
        c('accessModes', 'ACCESS MODES'),
        c('storageClass', 'STORAGECLASS'),
        c('volumeAttributesClass', 'VOLUMEATTRIBUTESCLASS'),
        AGE,
        c('volumeMode', 'VOLUMEMODE', 'string', true)
      ]
    },
    storageclasses: {
      apiGroup: 'storage.k8s.io',
      version: 'v1',
      resource: 'storageclasses',
      kind: 'StorageClass',
      singular: 'storageclass',
      namespaced: false,
      shortNames: ['sc'],
      columns: [
        c('provisioner', 'PROVISIONER'),
        c('reclaimPolicy', 'RECLAIMPOLICY'),
        c('volumeBindingMode', 'VOLUMEBINDINGMODE'),
        c('allowVolumeExpansion', 'ALLOWVOLUMEEXPANSION'),
        AGE
      ]
    }
  },
  cluster: {
    nodes: {
      apiGroup: '',
      version: 'v1',
      resource: 'nodes',
      kind: 'Node',
      singular: 'node',
      namespaced: false,
      shortNames: ['no'],
      status: true,
      columns: [
        c('status', 'STATUS', 'status'),
        c('roles', 'ROLES'),
        AGE,
        c('version', 'VERSION'),
        c('internalIP', 'INTERNAL-IP', 'string', true),
        c('externalIP', 'EXTERNAL-IP', 'string', true),
        c('osImage', 'OS-IMAGE', 'string', true),
        c('kernelVersion', 'KERNEL-VERSION', 'string', true),
        c('containerRuntime', 'CONTAINER-RUNTIME', 'string', true)
      ]
    },
    namespaces: {
      apiGroup: '',
      version: 'v1',
      resource: 'namespaces',
      kind: 'Namespace',
      singular: 'namespace',
      namespaced: false,
      shortNames: ['ns'],
      status: true,
      columns: [c('status', 'STATUS', 'status'), AGE]
    },
    priorityclasses: {
      apiGroup: 'scheduling.k8s.io',
      version: 'v1',
      resource: 'priorityclasses',
      kind: 'PriorityClass',
      singular: 'priorityclass',
      namespaced: false,
      shortNames: ['pc'],
      columns: [c('value', 'VALUE', 'number'), c('globalDefault', 'GLOBAL-DEFAULT'), AGE, c('preemptionPolicy', 'PREEMPTIONPOLICY')]
    },
    runtimeclasses: {
      apiGroup: 'node.k8s.io',
      version: 'v1',
      resource: 'runtimeclasses',
      kind: 'RuntimeClass',
      singular: 'runtimeclass',
      namespaced: false,
      columns: [c('handler', 'HANDLER'), AGE]
    },
    customresourcedefinitions: {
      apiGroup: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      singular: 'customresourcedefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      columns: [CREATED_AT]
    },
    mutatingwebhookconfigurations: {
      ...WEBHOOKS,
      resource: 'mutatingwebhookconfigurations',
      kind: 'MutatingWebhookConfiguration',
      singular: 'mutatingwebhookconfiguration',
      columns: [c('webhooks', 'WEBHOOKS', 'number'), AGE]
    },
    validatingwebhookconfigurations: {
      ...WEBHOOKS,
      resource: 'validatingwebhookconfigurations',
      kind: 'ValidatingWebhookConfiguration',
      singular: 'validatingwebhookconfiguration',
      columns: [c('webhooks', 'WEBHOOKS', 'number'), AGE]
    }
  },
  config: {
    configmaps: {
      apiGroup: '',
      version: 'v1',
      resource: 'configmaps',
      kind: 'ConfigMap',
      singular: 'configmap',
      namespaced: true,
      shortNames: ['cm'],
      columns: [c('data', 'DATA', 'number'), AGE]
    },
    secrets: {
      apiGroup: '',
      version: 'v1',
      resource: 'secrets',
      kind: 'Secret',
      singular: 'secret',
      namespaced: true,
      // TYPE and the NUMBER of keys only: a Secret's values never reach a row (rows/config.ts).
      columns: [c('type', 'TYPE'), c('data', 'DATA', 'number'), AGE]
    },
    resourcequotas: {
      apiGroup: '',
      version: 'v1',
      resource: 'resourcequotas',
      kind: 'ResourceQuota',
      singular: 'resourcequota',
      namespaced: true,
      shortNames: ['quota'],
      status: true,
      columns: [c('request', 'REQUEST'), c('limit', 'LIMIT'), AGE]
    },
    limitranges: {
      apiGroup: '',
      version: 'v1',
      resource: 'limitranges',
      kind: 'LimitRange',
      singular: 'limitrange',
      namespaced: true,
      shortNames: ['limits'],
      columns: [CREATED_AT]
    }
  },
  access: {
    serviceaccounts: {
      apiGroup: '',
      version: 'v1',
      resource: 'serviceaccounts',
      kind: 'ServiceAccount',
      singular: 'serviceaccount',
      namespaced: true,
      shortNames: ['sa'],
      columns: [c('secrets', 'SECRETS', 'number'), AGE]
    },
    roles: { ...RBAC, resource: 'roles', kind: 'Role', singular: 'role', namespaced: true, columns: [CREATED_AT] },
    rolebindings: { ...RBAC, resource: 'rolebindings', kind: 'RoleBinding', singular: 'rolebinding', namespaced: true, columns: BINDING_COLUMNS },
    clusterroles: { ...RBAC, resource: 'clusterroles', kind: 'ClusterRole', singular: 'clusterrole', namespaced: false, columns: [CREATED_AT] },
    clusterrolebindings: {
      ...RBAC,
      resource: 'clusterrolebindings',
      kind: 'ClusterRoleBinding',
      singular: 'clusterrolebinding',
      namespaced: false,
      columns: BINDING_COLUMNS
    }
  }
}

function build(): readonly KindDef[] {
  const out: KindDef[] = []
  for (const group of GROUP_IDS) {
    for (const [id, spec] of Object.entries(SPECS[group]) as [KindId, KindSpec][]) {
      out.push(
        Object.freeze({
          ...spec,
          id,
          group,
          status: spec.status ?? false,
          scale: spec.scale ?? false,
          shortNames: spec.shortNames ?? [],
          categories: spec.categories ?? []
        })
      )
    }
  }
  return Object.freeze(out.sort((a, b) => KIND_IDS.indexOf(a.id) - KIND_IDS.indexOf(b.id)))
}

/** All built-in kinds, in registry order. */
export const KINDS: readonly KindDef[] = build()

const BY_ID = new Map<string, KindDef>(KINDS.map((k) => [k.id, k]))

/** The kind for a route token, or undefined for an unknown token. */
export function findKind(id: string): KindDef | undefined {
  return BY_ID.get(id)
}

/** The kind for a known token; throws on an unknown one (a programming error). */
export function kindDef(id: KindId): KindDef {
  const k = BY_ID.get(id)
  if (!k) throw new Error(`unknown kind ${id}`)
  return k
}

export function isKindId(id: string): id is KindId {
  return BY_ID.has(id)
}

/** Kinds of a group alias, in registry order. */
export function kindsOfGroup(group: GroupId): readonly KindId[] {
  return KINDS.filter((k) => k.group === group).map((k) => k.id)
}

/** `apps/v1`, or `v1` for the core group. */
export function groupVersion(k: KindDef): string {
  return k.apiGroup === '' ? k.version : `${k.apiGroup}/${k.version}`
}

/**
 * The apiserver collection path: `/api/v1/namespaces/ns/pods`, `/apis/apps/v1/deployments`, …
 * @param namespace omitted (or empty) for all namespaces or for cluster-scoped kinds.
 */
export function collectionPath(k: Pick<KindDef, 'apiGroup' | 'version' | 'resource' | 'namespaced'>, namespace?: string): string {
  const root = k.apiGroup === '' ? `/api/${k.version}` : `/apis/${k.apiGroup}/${k.version}`
  return k.namespaced && namespace ? `${root}/namespaces/${encodeURIComponent(namespace)}/${k.resource}` : `${root}/${k.resource}`
}
