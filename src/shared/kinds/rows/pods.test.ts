import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { podStatusClass } from './pods.ts'
import { kindDef } from '../registry.ts'

// Cases ported from kubernetes/pkg/printers/internalversion/printers_test.go (TestPrintPod,
// TestPrintPodWithRestartableInitContainer, TestPrintPodwide, TestPrintNonTerminatedPod).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const ago = (ms: number): string => new Date(NOW - ms).toISOString()
const S = 1000
const D = 24 * 3600 * S
const running = { running: { startedAt: ago(D) } }
const waiting = (reason = ''): object => ({ waiting: reason ? { reason } : {} })
const terminated = (t: object): object => ({ terminated: t })
const lastTerm = (finishedAgo: number): object => ({ terminated: { finishedAt: ago(finishedAgo) } })

interface PodOpts {
  containers?: number
  init?: { name: string; restartPolicy?: string }[]
  phase?: string
  reason?: string
  conditions?: object[]
  initStatuses?: object[]
  statuses?: object[]
  deleting?: boolean
  spec?: object
  status?: object
}
const pod = (o: PodOpts): ObjectLike => ({
  metadata: {
    name: 'p',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '7',
    creationTimestamp: ago(D),
    ...(o.deleting ? { deletionTimestamp: ago(S) } : {})
  },
  spec: {
    containers: Array.from({ length: o.containers ?? 2 }, (_, i) => ({ name: `c${i}` })),
    ...(o.init ? { initContainers: o.init } : {}),
    ...o.spec
  },
  status: {
    phase: o.phase ?? 'podPhase',
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.conditions ? { conditions: o.conditions } : {}),
    ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}),
    ...(o.statuses ? { containerStatuses: o.statuses } : {}),
    ...o.status
  }
})

/** READY, STATUS, RESTARTS exactly as kubectl prints them at NOW. */
const print = (o: PodOpts): string[] => formatRowCells(kindDef('pods'), projectRow('pods', pod(o), NOW), NOW, false).slice(0, 3)
const readyTrue = { type: 'Ready', status: 'True' }

describe('pod READY / STATUS / RESTARTS (kubectl TestPrintPod)', () => {
  it.each<[string, PodOpts, string[]]>([
    ['phase and restarts of all containers', { statuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }] }, ['1/2', 'podPhase', '6']],
    [
      'a waiting reason overrides the phase',
      {
        statuses: [
          { ready: true, restartCount: 3, state: running },
          { restartCount: 3, state: waiting('ContainerWaitingReason') }
        ]
      },
      ['1/2', 'ContainerWaitingReason', '6']
    ],
    [
      'the first container wins (statuses are read backwards)',
      {
        statuses: [
          { restartCount: 3, state: waiting('ContainerWaitingReason') },
          { restartCount: 3, state: terminated({ reason: 'ContainerTerminatedReason' }) }
        ]
      },
      ['0/2', 'ContainerWaitingReason', '6']
    ],
    [
      'ready without running state is not counted',
      {
        statuses: [
          { ready: true, restartCount: 3 },
          { ready: true, restartCount: 3 }
        ]
      },
      ['0/2', 'podPhase', '6']
    ],
    [
      'status.reason overrides the phase',
      { reason: 'podReason', statuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }] },
      ['1/2', 'podReason', '6']
    ],
    [
      'Completed + running container without Ready condition is NotReady',
      {
        phase: 'Running',
        statuses: [
          { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
          { ready: true, restartCount: 3, state: running }
        ]
      },
      ['1/2', 'NotReady', '6']
    ],
    [
      'Completed + running container with Ready condition is Running',
      {
        phase: 'Running',
        conditions: [readyTrue],
        statuses: [
          { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
          { ready: true, restartCount: 3, state: running }
        ]
      },
      ['1/2', 'Running', '6']
    ],
    [
      'an init container restarting',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', restartCount: 3, state: running, lastState: lastTerm(10 * S) }],
        statuses: [{ restartCount: 0, state: waiting() }]
      },
      ['0/1', 'Init:0/1', '3 (10s ago)']
    ],
    [
      'two init containers, the first restarting',
      {
        containers: 1,
        init: [{ name: 'init1' }, { name: 'init2' }],
        initStatuses: [
          { name: 'init1', restartCount: 3, state: running, lastState: lastTerm(10 * S) },
          { name: 'init2', state: waiting() }
        ],
        statuses: [{ state: waiting() }]
      },
      ['0/1', 'Init:0/2', '3 (10s ago)']
    ],
    [
      'two init containers, one done and one restarting',
      {
        containers: 1,
        init: [{ name: 'init1' }, { name: 'init2' }],
        initStatuses: [
          { name: 'init1', state: terminated({ exitCode: 0 }) },
          { name: 'init2', restartCount: 3, state: running, lastState: lastTerm(10 * S) }
        ],
        statuses: [{ state: waiting() }]
      },
      ['0/1', 'Init:1/2', '3 (10s ago)']
    ],
    [
      'restarts of done init containers add up while initializing',
      {
        containers: 1,
        init: [{ name: 'init1' }, { name: 'init2' }],
        initStatuses: [
          { name: 'init1', restartCount: 2, state: terminated({ exitCode: 0 }), lastState: lastTerm(2 * 60 * S) },
          { name: 'init2', restartCount: 3, state: running, lastState: lastTerm(10 * S) }
        ],
        statuses: [{ state: waiting() }]
      },
      ['0/1', 'Init:1/2', '5 (10s ago)']
    ],
    [
      'Init:<waiting reason>',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        phase: 'Pending',
        initStatuses: [{ name: 'init1', restartCount: 4, state: waiting('CrashLoopBackOff'), lastState: lastTerm(30 * S) }],
        statuses: [{ state: waiting('PodInitializing') }]
      },
      ['0/1', 'Init:CrashLoopBackOff', '4 (30s ago)']
    ],
    [
      'PodInitializing is not an init failure reason',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        phase: 'Pending',
        initStatuses: [{ name: 'init1', state: waiting('PodInitializing') }],
        statuses: [{ state: waiting('PodInitializing') }]
      },
      ['0/1', 'Init:0/1', '0']
    ],
    [
      'Init:<terminated reason>',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: terminated({ exitCode: 1, reason: 'Error' }) }]
      },
      ['0/1', 'Init:Error', '0']
    ],
    [
      'Init:Signal:N',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: terminated({ exitCode: 137, signal: 9 }) }]
      },
      ['0/1', 'Init:Signal:9', '0']
    ],
    [
      'Init:ExitCode:N',
      {
        containers: 1,
        init: [{ name: 'init1' }],
        initStatuses: [{ name: 'init1', state: terminated({ exitCode: 2 }) }]
      },
      ['0/1', 'Init:ExitCode:2', '0']
    ],
    [
      'container Signal:N and ExitCode:N',
      { statuses: [{ state: terminated({ exitCode: 3 }) }, { state: terminated({ exitCode: 143, signal: 15 }) }] },
      ['0/2', 'ExitCode:3', '0']
    ],
    [
      'CrashLoopBackOff with the age of the last restart',
      {
        containers: 1,
        phase: 'Running',
        statuses: [{ restartCount: 7, state: waiting('CrashLoopBackOff'), lastState: lastTerm(5 * 60 * S) }]
      },
      ['0/1', 'CrashLoopBackOff', '7 (5m ago)']
    ],
    [
      'Completed (Succeeded pod)',
      {
        containers: 1,
        phase: 'Succeeded',
        statuses: [{ state: terminated({ exitCode: 0, reason: 'Completed' }) }]
      },
      ['0/1', 'Completed', '0']
    ],
    [
      'restarted 5d ago',
      { containers: 1, phase: 'Running', statuses: [{ ready: true, restartCount: 3, state: running, lastState: lastTerm(5 * D) }] },
      ['1/1', 'Running', '3 (5d ago)']
    ],
    [
      'the latest restart of any container',
      {
        phase: 'Running',
        statuses: [
          { ready: true, restartCount: 6, state: running, lastState: lastTerm(5 * D) },
          { ready: true, restartCount: 3, state: running, lastState: lastTerm(20 * D) }
        ]
      },
      ['2/2', 'Running', '9 (5d ago)']
    ],
    ['SchedulingGated', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, ['0/2', 'SchedulingGated', '0']],
    [
      'Terminating (deletionTimestamp)',
      {
        phase: 'Running',
        deleting: true,
        statuses: [
          { ready: true, state: running },
          { ready: true, state: running }
        ]
      },
      ['2/2', 'Terminating', '0']
    ],
    [
      'a deleted Succeeded pod stays Completed',
      {
        containers: 1,
        phase: 'Succeeded',
        deleting: true,
        statuses: [{ state: terminated({ exitCode: 0, reason: 'Completed' }) }]
      },
      ['0/1', 'Completed', '0']
    ],
    [
      'a deleted pod on a lost node is Unknown',
      { phase: 'Running', reason: 'NodeLost', deleting: true, statuses: [{ ready: true, state: running }] },
      ['1/2', 'Unknown', '0']
    ],
    ['Evicted (status.reason, Failed)', { containers: 1, phase: 'Failed', reason: 'Evicted' }, ['0/1', 'Evicted', '0']]
  ])('%s', (_name, opts, want) => expect(print(opts)).toEqual(want))
})

describe('restartable init containers (sidecars) count towards READY (kubectl TestPrintPodWithRestartableInitContainer)', () => {
  const init = [
    { name: 'restartable-init-1', restartPolicy: 'Always' },
    { name: 'restartable-init-2', restartPolicy: 'Always' }
  ]
  it.each<[string, PodOpts, string[]]>([
    [
      'first sidecar running but not started',
      {
        containers: 1,
        init,
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initStatuses: [
          { name: 'restartable-init-1', restartCount: 3, state: running, started: false, lastState: lastTerm(10 * S) },
          { name: 'restartable-init-2', state: waiting(), started: false }
        ],
        statuses: [{ name: 'c0', state: waiting() }]
      },
      ['0/3', 'Init:0/2', '3 (10s ago)']
    ],
    [
      'first sidecar started, second not',
      {
        containers: 1,
        init,
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initStatuses: [
          { name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerm(10 * S) },
          { name: 'restartable-init-2', state: running, started: false }
        ],
        statuses: [{ name: 'c0', state: waiting() }]
      },
      ['0/3', 'Init:1/2', '3 (10s ago)']
    ],
    [
      'both sidecars started and the main container running',
      {
        containers: 1,
        init,
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initStatuses: [
          { name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerm(10 * S) },
          { name: 'restartable-init-2', state: running, started: true }
        ],
        statuses: [{ name: 'c0', ready: true, restartCount: 4, state: running, lastState: lastTerm(20 * S) }]
      },
      ['1/3', 'Running', '7 (10s ago)']
    ],
    [
      'ready sidecars are counted',
      {
        containers: 1,
        init,
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }, readyTrue],
        initStatuses: [
          { name: 'restartable-init-1', ready: true, state: running, started: true },
          { name: 'restartable-init-2', ready: true, state: running, started: true }
        ],
        statuses: [{ name: 'c0', ready: true, state: running }]
      },
      ['3/3', 'Running', '0']
    ],
    [
      'main container completed while sidecars run: Completed',
      {
        containers: 1,
        init,
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initStatuses: [
          { name: 'restartable-init-1', ready: true, state: running, started: true },
          { name: 'restartable-init-2', ready: true, state: running, started: true }
        ],
        statuses: [{ name: 'c0', state: terminated({ exitCode: 0, reason: 'Completed' }) }]
      },
      ['2/3', 'Completed', '0']
    ]
  ])('%s', (_name, opts, want) => expect(print(opts)).toEqual(want))
})

describe('pod wide columns and extras', () => {
  it('shows IP (podIPs first), NODE, NOMINATED NODE and READINESS GATES like kubectl -o wide', () => {
    const p = pod({
      phase: 'Running',
      conditions: [
        { type: 'condition1', status: 'True' },
        { type: 'condition2', status: 'False' }
      ],
      spec: { nodeName: 'node1', readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }] },
      status: { podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::1' }], podIP: '1.1.1.1', nominatedNodeName: 'node2' }
    })
    expect(formatRowCells(kindDef('pods'), projectRow('pods', p, NOW), NOW).slice(4)).toEqual(['1.1.1.1', 'node1', 'node2', '1/3'])
    const bare = pod({ phase: 'Pending' })
    expect(formatRowCells(kindDef('pods'), projectRow('pods', bare, NOW), NOW).slice(4)).toEqual(['<none>', '<none>', '<none>', '<none>'])
  })
  it('carries identity, phase, lastRestartAt (the apiserver text) and statusClass', () => {
    const finished = ago(5 * 60 * S)
    const r = projectRow(
      'pods',
      pod({
        containers: 1,
        phase: 'Running',
        statuses: [{ restartCount: 2, state: waiting('CrashLoopBackOff'), lastState: { terminated: { finishedAt: finished } } }]
      }),
      NOW
    )
    expect(r).toMatchObject({ uid: 'u1', kind: 'pods', namespace: 'ns', name: 'p', resourceVersion: '7' })
    expect(r.cells.restarts).toBe(2)
    expect(r.extra).toEqual({ phase: 'Running', lastRestartAt: finished, statusClass: 'error' })
    expect(r.deletingAt).toBeUndefined()
  })
  it('maps STATUS to a colour class', () => {
    expect(podStatusClass('Running', 'Running', 2, 2)).toBe('ok')
    expect(podStatusClass('Running', 'Running', 1, 2)).toBe('warning')
    expect(podStatusClass('NotReady', 'Running', 1, 2)).toBe('warning')
    expect(podStatusClass('Terminating', 'Running', 1, 1)).toBe('warning')
    expect(podStatusClass('Completed', 'Succeeded', 0, 1)).toBe('done')
    expect(podStatusClass('ContainerCreating', 'Pending', 0, 1)).toBe('pending')
    expect(podStatusClass('Pending', 'Pending', 0, 1)).toBe('pending')
    expect(podStatusClass('Init:0/2', 'Pending', 0, 1)).toBe('pending')
    expect(podStatusClass('SchedulingGated', 'Pending', 0, 1)).toBe('pending')
    expect(podStatusClass('Init:CrashLoopBackOff', 'Pending', 0, 1)).toBe('error')
    expect(podStatusClass('CrashLoopBackOff', 'Running', 0, 1)).toBe('error')
    expect(podStatusClass('ImagePullBackOff', 'Pending', 0, 1)).toBe('error')
    expect(podStatusClass('Error', 'Failed', 0, 1)).toBe('error')
    expect(podStatusClass('Unknown', 'Running', 0, 1)).toBe('error')
  })
})
