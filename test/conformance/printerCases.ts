/**
 * Objects in exact states, and the cells kubectl prints for each, derived by hand from kubectl's
 * printers (kubernetes `pkg/printers/internalversion/printers.go`: printPod, printDeployment,
 * printJob, printNode) — never computed by our code. The comment on each case names the rule.
 *
 * Why: `kubectlPrinters.test.ts` creates these through the simulator's write API (status through
 * `/status`, so nothing but the test decides a state) and checks both what real kubectl prints
 * and what the app shows against these cells; a wrong projection in `src/shared/kinds/rows`
 * turns both red. Times that kubectl turns into text are 20h30m in the past, so `(20h ago)` and a
 * running DURATION of `20h` hold for half an hour either way (HumanDuration prints whole hours
 * from 8h to 47h); AGE, which the server stamps at create, is checked by the test itself.
 */

type Json = Record<string, unknown>

/** The namespace every namespaced case lives in. */
export const EXACT_NS = 'printers'
/** A node that does not exist: pods bound to it are left exactly as written. */
const GHOST = 'ghost-node'

const second = (ms: number): string => new Date(Math.trunc(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
/** 20h30m before the test run. */
const LONG_AGO_MS = Date.now() - (20 * 60 + 30) * 60_000
const LONG_AGO = second(LONG_AGO_MS)
/** 7m5s after LONG_AGO: a finished job's DURATION is the difference, `7m5s`. */
const LONG_AGO_PLUS_7M5S = second(LONG_AGO_MS + 425_000)

export interface PrinterCase {
  readonly kind: 'pods' | 'deployments' | 'jobs' | 'nodes'
  readonly name: string
  /** Fields of the object beyond apiVersion/kind/metadata.name (and namespace). */
  readonly body: Json
  /** Written through `/status` after the create (a merge patch). */
  readonly status?: Json
  /** Deleted after the status write (held by a finalizer in `body`): kubectl shows it Terminating. */
  readonly deleteAfter?: boolean
  /** What kubectl prints, by column header, for every column but NAME and AGE (`-o wide` columns included). */
  readonly cells: Readonly<Record<string, string>>
}

const image = 'registry.example/app:1'
const c = (name: string, extra: Json = {}): Json => ({ name, image, ...extra })
const running = (name: string, ready: boolean, restarts = 0, extra: Json = {}): Json => ({
  name,
  image,
  imageID: '',
  containerID: `containerd://${name}`,
  ready,
  restartCount: restarts,
  started: true,
  state: { running: { startedAt: LONG_AGO } },
  ...(restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: LONG_AGO, finishedAt: LONG_AGO } } } : {}),
  ...extra
})
const waiting = (name: string, reason: string, restarts = 0): Json => ({
  name,
  image,
  imageID: '',
  ready: false,
  restartCount: restarts,
  started: false,
  state: { waiting: { reason } },
  ...(restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: LONG_AGO, finishedAt: LONG_AGO } } } : {})
})
const terminated = (name: string, t: Json, restarts = 0): Json => ({
  name,
  image,
  imageID: '',
  containerID: `containerd://${name}`,
  ready: false,
  restartCount: restarts,
  started: false,
  state: { terminated: { startedAt: LONG_AGO, finishedAt: LONG_AGO, ...t } },
  ...(restarts > 0 ? { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: LONG_AGO, finishedAt: LONG_AGO } } } : {})
})
const cond = (type: string, status = 'True', extra: Json = {}): Json => ({ type, status, lastTransitionTime: LONG_AGO, ...extra })
/** The wide pod columns of a pod bound to the ghost node with no IP, nomination or readiness gates. */
const PLAIN_WIDE = { IP: '<none>', NODE: GHOST, 'NOMINATED NODE': '<none>', 'READINESS GATES': '<none>' }
const pod = (name: string, spec: Json, status: Json, cells: Record<string, string>, more: Partial<PrinterCase> = {}): PrinterCase => ({
  kind: 'pods',
  name,
  body: { spec: { nodeName: GHOST, ...spec } },
  status,
  cells: { ...PLAIN_WIDE, ...cells },
  ...more
})

const PODS: PrinterCase[] = [
  // READY counts containers with ready && state.running over len(spec.containers); the readiness
  // gate column counts gates whose condition is True; IP is status.podIPs[0].
  pod(
    'all-ready',
    { containers: [c('app'), c('proxy')], readinessGates: [{ conditionType: 'example.com/lb' }] },
    {
      phase: 'Running',
      podIP: '10.244.1.17',
      podIPs: [{ ip: '10.244.1.17' }],
      conditions: [cond('Ready'), cond('example.com/lb')],
      containerStatuses: [running('app', true), running('proxy', true)]
    },
    { READY: '2/2', STATUS: 'Running', RESTARTS: '0', IP: '10.244.1.17', 'READINESS GATES': '1/1' }
  ),
  // One of two containers ready: 1/2 (the "READY always n/n" mutation prints 2/2 here).
  pod(
    'half-ready',
    { containers: [c('app'), c('proxy')] },
    {
      phase: 'Running',
      conditions: [cond('Ready', 'False')],
      containerStatuses: [running('app', true), running('proxy', false)]
    },
    { READY: '1/2', STATUS: 'Running', RESTARTS: '0' }
  ),
  // A waiting reason replaces the phase; restarts with a last termination print "N (age ago)".
  pod(
    'crashloop',
    { containers: [c('app')] },
    {
      phase: 'Running',
      containerStatuses: [waiting('app', 'CrashLoopBackOff', 5)]
    },
    { READY: '0/1', STATUS: 'CrashLoopBackOff', RESTARTS: '5 (20h ago)' }
  ),
  // A terminated reason replaces the phase.
  pod(
    'oomkilled',
    { containers: [c('app')] },
    {
      phase: 'Running',
      containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' }, 1)]
    },
    { READY: '0/1', STATUS: 'OOMKilled', RESTARTS: '1 (20h ago)' }
  ),
  // A terminated container without a reason prints its exit code.
  pod(
    'exit-code',
    { containers: [c('app')] },
    {
      phase: 'Running',
      containerStatuses: [terminated('app', { exitCode: 3 })]
    },
    { READY: '0/1', STATUS: 'ExitCode:3', RESTARTS: '0' }
  ),
  // Succeeded: the container's reason Completed.
  pod(
    'completed',
    { containers: [c('app')], restartPolicy: 'Never' },
    {
      phase: 'Succeeded',
      containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })]
    },
    { READY: '0/1', STATUS: 'Completed', RESTARTS: '0' }
  ),
  // Completed, but another container still runs and the pod has no Ready condition: NotReady.
  pod(
    'not-ready',
    { containers: [c('main'), c('helper')] },
    {
      phase: 'Running',
      containerStatuses: [terminated('main', { exitCode: 0, reason: 'Completed' }), running('helper', true)]
    },
    { READY: '1/2', STATUS: 'NotReady', RESTARTS: '0' }
  ),
  // Init containers: the first not yet done is at index 1 of 2, running: Init:1/2 (the app
  // containers are not looked at while initializing).
  pod(
    'init-running',
    { initContainers: [c('migrate'), c('seed')], containers: [c('app')] },
    {
      phase: 'Pending',
      initContainerStatuses: [terminated('migrate', { exitCode: 0, reason: 'Completed' }), running('seed', false)],
      containerStatuses: [waiting('app', 'PodInitializing')]
    },
    { READY: '0/1', STATUS: 'Init:1/2', RESTARTS: '0' }
  ),
  // A failed init container: Init:<reason>, and its restarts count.
  pod(
    'init-error',
    { initContainers: [c('migrate')], containers: [c('app')] },
    {
      phase: 'Pending',
      initContainerStatuses: [
        {
          ...terminated('migrate', { exitCode: 1, reason: 'Error' }),
          restartCount: 2,
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: LONG_AGO, finishedAt: LONG_AGO } }
        }
      ],
      containerStatuses: [waiting('app', 'PodInitializing')]
    },
    { READY: '0/1', STATUS: 'Init:Error', RESTARTS: '2 (20h ago)' }
  ),
  // A sidecar (restartable init container) counts in READY's total and its restarts count.
  pod(
    'sidecar',
    { initContainers: [c('mesh', { restartPolicy: 'Always' })], containers: [c('app')] },
    {
      phase: 'Running',
      conditions: [cond('Initialized'), cond('Ready')],
      initContainerStatuses: [running('mesh', true, 3)],
      containerStatuses: [running('app', true)]
    },
    { READY: '2/2', STATUS: 'Running', RESTARTS: '3 (20h ago)' }
  ),
  // status.reason replaces the phase when no container says otherwise.
  pod(
    'evicted',
    { containers: [c('app')] },
    {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.'
    },
    { READY: '0/1', STATUS: 'Evicted', RESTARTS: '0' }
  ),
  // Not bound; the scheduler nominated a node: the wide columns show it.
  pod(
    'nominated',
    { nodeName: undefined, containers: [c('app')] },
    {
      phase: 'Pending',
      nominatedNodeName: 'node-b',
      conditions: [cond('PodScheduled', 'False', { reason: 'Unschedulable' })]
    },
    { READY: '0/1', STATUS: 'Pending', RESTARTS: '0', NODE: '<none>', 'NOMINATED NODE': 'node-b' }
  ),
  // A PodScheduled condition with reason SchedulingGated.
  pod(
    'gated',
    { nodeName: undefined, containers: [c('app')], schedulingGates: [{ name: 'example.com/quota' }] },
    {
      phase: 'Pending',
      conditions: [cond('PodScheduled', 'False', { reason: 'SchedulingGated' })]
    },
    { READY: '0/1', STATUS: 'SchedulingGated', RESTARTS: '0', NODE: '<none>' }
  ),
  // A deletionTimestamp on a pod that is not Succeeded/Failed: Terminating.
  pod(
    'terminating',
    { containers: [c('app')] },
    {
      phase: 'Running',
      conditions: [cond('Ready')],
      containerStatuses: [running('app', true)]
    },
    { READY: '1/1', STATUS: 'Terminating', RESTARTS: '0' },
    { deleteAfter: true }
  )
].map((p) => (p.deleteAfter ? { ...p, body: { ...p.body, metadata: { finalizers: ['example.com/hold'] } } } : p))

const template = (app: string): Json => ({
  selector: { matchLabels: { app } },
  template: { metadata: { labels: { app } }, spec: { containers: [c('web', { image: 'nginx:1.27' }), c('log', { image: 'fluent-bit:3' })] } }
})
const WIDE_WORKLOAD = (app: string): Record<string, string> => ({ CONTAINERS: 'web,log', IMAGES: 'nginx:1.27,fluent-bit:3', SELECTOR: `app=${app}` })

const DEPLOYMENTS: PrinterCase[] = [
  // READY is status.readyReplicas/spec.replicas; UP-TO-DATE updatedReplicas; AVAILABLE availableReplicas.
  {
    kind: 'deployments',
    name: 'steady',
    body: { spec: { replicas: 3, ...template('steady') } },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 },
    cells: { READY: '3/3', 'UP-TO-DATE': '3', AVAILABLE: '3', ...WIDE_WORKLOAD('steady') }
  },
  {
    kind: 'deployments',
    name: 'rolling',
    body: { spec: { replicas: 4, ...template('rolling') } },
    status: { replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2, observedGeneration: 1 },
    cells: { READY: '3/4', 'UP-TO-DATE': '2', AVAILABLE: '3', ...WIDE_WORKLOAD('rolling') }
  },
  // No status yet: zeros.
  {
    kind: 'deployments',
    name: 'fresh',
    body: { spec: { replicas: 2, ...template('fresh') } },
    cells: { READY: '0/2', 'UP-TO-DATE': '0', AVAILABLE: '0', ...WIDE_WORKLOAD('fresh') }
  },
  {
    kind: 'deployments',
    name: 'scaled-down',
    body: { spec: { replicas: 0, ...template('scaled-down') } },
    status: { observedGeneration: 1 },
    cells: { READY: '0/0', 'UP-TO-DATE': '0', AVAILABLE: '0', ...WIDE_WORKLOAD('scaled-down') }
  }
]

/** A job's pod template, with a manual selector so the SELECTOR column is known in advance (not the generated controller-uid). */
const jobTemplate = (job: string): Json => ({
  manualSelector: true,
  selector: { matchLabels: { job } },
  template: { metadata: { labels: { job } }, spec: { restartPolicy: 'Never', containers: [c('task', { image: 'busybox:1.36' })] } }
})
const WIDE_JOB = (job: string): Record<string, string> => ({ CONTAINERS: 'task', IMAGES: 'busybox:1.36', SELECTOR: `job=${job}` })
const JOBS: PrinterCase[] = [
  // Complete condition: Complete; COMPLETIONS succeeded/completions; DURATION completionTime-startTime.
  {
    kind: 'jobs',
    name: 'finished',
    body: { spec: { completions: 1, parallelism: 1, ...jobTemplate('finished') } },
    status: {
      startTime: LONG_AGO,
      completionTime: LONG_AGO_PLUS_7M5S,
      succeeded: 1,
      ready: 0,
      terminating: 0,
      conditions: [cond('SuccessCriteriaMet'), cond('Complete')]
    },
    cells: { STATUS: 'Complete', COMPLETIONS: '1/1', DURATION: '7m5s', ...WIDE_JOB('finished') }
  },
  // Failed condition: Failed; no completionTime, so DURATION is the time since startTime.
  {
    kind: 'jobs',
    name: 'failed',
    body: { spec: { completions: 3, parallelism: 1, backoffLimit: 3, ...jobTemplate('failed') } },
    status: {
      startTime: LONG_AGO,
      succeeded: 1,
      failed: 4,
      ready: 0,
      terminating: 0,
      conditions: [cond('FailureTarget', 'True', { reason: 'BackoffLimitExceeded' }), cond('Failed', 'True', { reason: 'BackoffLimitExceeded' })]
    },
    cells: { STATUS: 'Failed', COMPLETIONS: '1/3', DURATION: '20h', ...WIDE_JOB('failed') }
  },
  // No completions and parallelism > 1: "succeeded/1 of parallelism"; no condition: Running.
  {
    kind: 'jobs',
    name: 'work-queue',
    body: { spec: { parallelism: 3, ...jobTemplate('work-queue') } },
    status: { startTime: LONG_AGO, active: 3, ready: 2, terminating: 0 },
    cells: { STATUS: 'Running', COMPLETIONS: '0/1 of 3', DURATION: '20h', ...WIDE_JOB('work-queue') }
  },
  // Suspended condition, never started: DURATION is empty.
  {
    kind: 'jobs',
    name: 'suspended',
    body: { spec: { completions: 2, parallelism: 1, suspend: true, ...jobTemplate('suspended') } },
    status: { ready: 0, terminating: 0, conditions: [cond('Suspended', 'True', { reason: 'JobSuspended' })] },
    cells: { STATUS: 'Suspended', COMPLETIONS: '0/2', DURATION: '', ...WIDE_JOB('suspended') }
  }
]

const nodeInfo = (kubeletVersion: string): Json => ({
  kubeletVersion,
  osImage: 'Ubuntu 24.04.2 LTS',
  kernelVersion: '6.8.0-60-generic',
  containerRuntimeVersion: 'containerd://2.0.5',
  kubeProxyVersion: '',
  operatingSystem: 'linux',
  architecture: 'amd64',
  machineID: '',
  systemUUID: '',
  bootID: ''
})
const NODE_WIDE = {
  'INTERNAL-IP': '<none>',
  'EXTERNAL-IP': '<none>',
  'OS-IMAGE': 'Ubuntu 24.04.2 LTS',
  'KERNEL-VERSION': '6.8.0-60-generic',
  'CONTAINER-RUNTIME': 'containerd://2.0.5'
}
const NODES: PrinterCase[] = [
  // STATUS from the Ready condition; ROLES from node-role.kubernetes.io/<role> labels.
  {
    kind: 'nodes',
    name: 'printers-cp',
    body: { metadata: { labels: { 'node-role.kubernetes.io/control-plane': '' } } },
    status: {
      conditions: [cond('Ready', 'True', { reason: 'KubeletReady' })],
      nodeInfo: nodeInfo('v1.33.1'),
      addresses: [
        { type: 'InternalIP', address: '10.0.0.10' },
        { type: 'ExternalIP', address: '203.0.113.10' },
        { type: 'Hostname', address: 'printers-cp' }
      ]
    },
    cells: { STATUS: 'Ready', ROLES: 'control-plane', VERSION: 'v1.33.1', ...NODE_WIDE, 'INTERNAL-IP': '10.0.0.10', 'EXTERNAL-IP': '203.0.113.10' }
  },
  // Ready not True (False or Unknown): NotReady; roles also from kubernetes.io/role, sorted.
  {
    kind: 'nodes',
    name: 'printers-down',
    body: { metadata: { labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'gpu' } } },
    status: { conditions: [cond('Ready', 'Unknown', { reason: 'NodeStatusUnknown' })], nodeInfo: nodeInfo('v1.32.4') },
    cells: { STATUS: 'NotReady', ROLES: 'gpu,worker', VERSION: 'v1.32.4', ...NODE_WIDE }
  },
  // spec.unschedulable appends SchedulingDisabled; no roles: <none>.
  {
    kind: 'nodes',
    name: 'printers-cordoned',
    body: { spec: { unschedulable: true } },
    status: { conditions: [cond('Ready')], nodeInfo: nodeInfo('v1.33.1') },
    cells: { STATUS: 'Ready,SchedulingDisabled', ROLES: '<none>', VERSION: 'v1.33.1', ...NODE_WIDE }
  },
  // No Ready condition at all: Unknown.
  {
    kind: 'nodes',
    name: 'printers-new',
    body: {},
    status: { nodeInfo: nodeInfo('v1.33.1') },
    cells: { STATUS: 'Unknown', ROLES: '<none>', VERSION: 'v1.33.1', ...NODE_WIDE }
  }
]

/** Every case, pods first. */
export const PRINTER_CASES: readonly PrinterCase[] = [...PODS, ...DEPLOYMENTS, ...JOBS, ...NODES]

/** The headers `kubectl get <kind>` prints (with `-o wide`: all of them), from printers.go's column definitions. */
export const PRINTED_HEADERS: Readonly<Record<PrinterCase['kind'], { plain: string[]; wide: string[] }>> = {
  pods: {
    plain: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']
  },
  deployments: {
    plain: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']
  },
  jobs: {
    plain: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']
  },
  nodes: {
    plain: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']
  }
}
