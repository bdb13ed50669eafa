import { describe, expect, it } from 'vitest'
import type { RowDto } from '../../../../shared/dto/row.ts'
import type { KindId } from '../../../../shared/kinds/registry.ts'
import { spoken, whySentence } from './why.ts'
import type { Obj } from './objects.ts'

// Objects shaped as a v1.33 apiserver returns them (kubectl get -o json), trimmed to what matters.
const NOW = Date.parse('2025-06-01T12:00:00Z')
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString()

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'api-7f9c-x2k4q', namespace: 'demo', uid: '1b4e', creationTimestamp: ago(300), ...meta },
    spec: {
      containers: [{ name: 'app', image: 'registry.local/api:1.4.2', resources: { limits: { memory: '256Mi' } } }],
      restartPolicy: 'Always',
      nodeName: 'node-1',
      ...spec
    },
    status: {
      phase: 'Running',
      startTime: ago(270),
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'False' }
      ],
      ...status
    }
  }
}
function event(reason: string, type: 'Normal' | 'Warning', secondsAgo: number, message = ''): RowDto {
  return {
    uid: `ev-${reason}`,
    kind: 'events',
    namespace: 'demo',
    name: `api.${reason}`,
    createdAt: ago(secondsAgo),
    resourceVersion: '1',
    labels: {},
    cells: { lastSeen: ago(secondsAgo), type, reason, object: 'pod/api-7f9c-x2k4q', message, count: 5 },
    extra: { objectKind: 'Pod', objectUid: '1b4e', objectNamespace: 'demo' }
  }
}
const crashing = (terminated: Record<string, unknown>, waitingMessage = 'back-off 2m40s restarting failed container=app pod=api-7f9c-x2k4q_demo(1b4e)') => ({
  containerStatuses: [
    {
      name: 'app',
      ready: false,
      started: false,
      restartCount: 5,
      state: { waiting: { reason: 'CrashLoopBackOff', message: waitingMessage } },
      lastState: { terminated: { startedAt: ago(32), finishedAt: ago(30), ...terminated } }
    }
  ]
})

interface Case {
  readonly name: string
  readonly kind?: KindId
  readonly obj: Obj
  readonly events?: readonly RowDto[]
  readonly related?: readonly RowDto[]
  readonly want: { tone: 'bad' | 'warn'; text: string } | null
}

const CASES: readonly Case[] = [
  {
    name: "CrashLoopBackOff: exit code and reason of the last run, restarts over the pod's life, the kubelet's back-off, the newest event",
    obj: pod(crashing({ exitCode: 1, reason: 'Error' })),
    events: [event('BackOff', 'Warning', 20, 'Back-off restarting failed container app'), event('Pulled', 'Normal', 60)],
    want: { tone: 'bad', text: '`app` exited 1 (Error) 5× in 4 min; back-off 2m40s; last event BackOff 20 s ago' }
  },
  {
    name: 'OOMKilled: the memory limit is the useful number',
    obj: pod(crashing({ exitCode: 137, reason: 'OOMKilled' }, 'back-off 5m0s restarting failed container=app pod=x')),
    events: [],
    want: { tone: 'bad', text: '`app` was OOMKilled (exit 137) 5× in 4 min; memory limit 256Mi; back-off 5m0s' }
  },
  {
    name: 'killed by a signal',
    obj: pod(crashing({ exitCode: 143, signal: 15, reason: 'Error' }, '')),
    want: { tone: 'bad', text: '`app` was killed by signal 15 (Error) 5× in 4 min' }
  },
  {
    name: 'ImagePullBackOff names the image',
    obj: pod({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.local/api:1.4.2"' } }
        }
      ]
    }),
    events: [event('Failed', 'Warning', 5, 'Failed to pull image'), event('BackOff', 'Normal', 2)],
    want: { tone: 'bad', text: "`app` can't pull its image registry.local/api:1.4.2 (ImagePullBackOff); last event Failed 5 s ago" }
  },
  {
    name: "CreateContainerConfigError carries the kubelet's message",
    obj: pod({
      phase: 'Pending',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-password" not found' } } }
      ]
    }),
    want: { tone: 'bad', text: '`app` can\'t start: CreateContainerConfigError: secret "db-password" not found' }
  },
  {
    name: "unschedulable: the scheduler's condition message",
    obj: pod({
      phase: 'Pending',
      startTime: undefined,
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }]
    }),
    events: [event('FailedScheduling', 'Warning', 12, '0/3 nodes are available')],
    want: { tone: 'bad', text: 'not scheduled (Unschedulable): 0/3 nodes are available: 3 Insufficient cpu.; last event FailedScheduling 12 s ago' }
  },
  {
    name: 'an init container failing is named as one',
    obj: pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=migrate pod=x' } },
            lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: ago(90) } }
          }
        ],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }]
      },
      { initContainers: [{ name: 'migrate', image: 'registry.local/migrate:7' }] }
    ),
    want: { tone: 'bad', text: 'init container `migrate` exited 2 (Error) 3× in 3 min; back-off 40s' }
  },
  {
    name: 'running but not ready (a failing readiness probe) is a warning with the probe event',
    obj: pod({ containerStatuses: [{ name: 'app', ready: false, started: true, restartCount: 0, state: { running: { startedAt: ago(200) } } }] }),
    events: [event('Unhealthy', 'Warning', 3, 'Readiness probe failed: HTTP probe failed with statuscode: 503')],
    want: { tone: 'warn', text: '`app` is running but not ready; last event Unhealthy 3 s ago' }
  },
  {
    name: "evicted: the pod failed with the kubelet's reason and message",
    obj: pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.', containerStatuses: [] }),
    want: { tone: 'bad', text: 'failed: Evicted: The node was low on resource: memory.' }
  },
  {
    name: 'stuck terminating names its finalizers',
    obj: pod(
      { containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
      {},
      { deletionTimestamp: ago(600), deletionGracePeriodSeconds: 30, finalizers: ['example.com/cleanup'] }
    ),
    want: { tone: 'warn', text: 'terminating for 11 min (finalizers: example.com/cleanup)' }
  },
  {
    name: 'a healthy pod says nothing',
    obj: pod({
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          started: true,
          restartCount: 2,
          state: { running: { startedAt: ago(3000) } },
          lastState: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: ago(3001) } }
        }
      ]
    }),
    events: [event('Pulled', 'Normal', 3000)],
    want: null
  },
  {
    name: 'a deployment short of replicas names a failing pod and its stuck rollout',
    kind: 'deployments',
    obj: {
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'demo' },
      spec: { replicas: 3 },
      status: {
        availableReplicas: 2,
        readyReplicas: 2,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-7f9c" has timed out progressing.' }]
      }
    },
    related: [
      {
        uid: 'p1',
        kind: 'pods',
        namespace: 'demo',
        name: 'api-7f9c-x2k4q',
        createdAt: ago(300),
        resourceVersion: '1',
        labels: {},
        cells: { status: 'CrashLoopBackOff' },
        extra: { statusClass: 'error' }
      }
    ],
    want: {
      tone: 'warn',
      text: '2 of 3 replicas available; ProgressDeadlineExceeded: ReplicaSet "api-7f9c" has timed out progressing.; pod api-7f9c-x2k4q is CrashLoopBackOff'
    }
  },
  {
    name: 'a job that gave up',
    kind: 'jobs',
    obj: {
      kind: 'Job',
      metadata: { name: 'backup' },
      status: {
        failed: 7,
        conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]
      }
    },
    want: { tone: 'bad', text: 'failed: BackoffLimitExceeded — Job has reached the specified backoff limit' }
  },
  {
    name: 'a node that stopped posting status',
    kind: 'nodes',
    obj: {
      kind: 'Node',
      metadata: { name: 'node-2' },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'Unknown' },
          { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
        ]
      }
    },
    want: { tone: 'bad', text: 'not Ready (Unknown, NodeStatusUnknown): Kubelet stopped posting node status.' }
  }
]

describe("the describe view's one-line why", () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(whySentence(c.kind ?? 'pods', c.obj, c.events ?? [], c.related ?? [], NOW)).toEqual(c.want)
    })
  }

  it('speaks spans the way a person does', () => {
    expect([spoken(20_000), spoken(59_400), spoken(4 * 60_000 + 10_000), spoken(3 * 3600_000), spoken(50 * 3600_000)]).toEqual([
      '20 s',
      '59 s',
      '4 min',
      '3 h',
      '2 d'
    ])
  })
})
