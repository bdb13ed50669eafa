import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { kindDef } from '../registry.ts'
import type { KindId } from '../registry.ts'

// Expected texts follow kubectl's printers_test.go (TestPrintDeployment, TestPrintJob,
// TestPrintCronJob, TestPrintDaemonSet, TestPrintReplicaSet, TestPrintStatefulSet, TestPrintHPA,
// TestPrintPodDisruptionBudget).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString()
const meta = { name: 'x', namespace: 'ns', uid: 'u', resourceVersion: '1', creationTimestamp: ago(3600) }
const print = (kind: KindId, obj: object, wide = true): string[] =>
  formatRowCells(kindDef(kind), projectRow(kind, { metadata: meta, ...obj } as ObjectLike, NOW), NOW, wide)
const template = {
  spec: {
    containers: [
      { name: 'fake-container1', image: 'fake-image1' },
      { name: 'fake-container2', image: 'fake-image2' }
    ]
  }
}

describe('deployments (printDeployment)', () => {
  it('prints READY ready/desired, UP-TO-DATE, AVAILABLE, AGE and the wide tail', () => {
    expect(
      print('deployments', {
        spec: { replicas: 5, template, selector: { matchLabels: { foo: 'bar' } } },
        status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4, readyReplicas: 1 }
      })
    ).toEqual(['1/5', '2', '1', '60m', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'foo=bar'])
  })
  it('sorts selector requirements by key and formats expressions', () => {
    const sel = {
      matchLabels: { z: '1', app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'env', operator: 'DoesNotExist' }
      ]
    }
    expect(print('deployments', { spec: { replicas: 1, selector: sel } })[6]).toBe('app=web,!env,tier in (a,b),z=1')
    expect(print('deployments', { spec: { selector: { matchExpressions: [{ key: 'k', operator: 'Bogus' }] } } })[6]).toBe('<invalid>')
  })
})

describe('statefulsets, daemonsets, replicasets', () => {
  it('statefulset READY and containers', () => {
    expect(print('statefulsets', { spec: { replicas: 5, template }, status: { replicas: 5, readyReplicas: 2 } })).toEqual([
      '2/5',
      '60m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2'
    ])
  })
  it('daemonset counts and NODE SELECTOR', () => {
    expect(
      print('daemonsets', {
        spec: {
          template: { spec: { ...template.spec, nodeSelector: { disk: 'ssd', 'kubernetes.io/os': 'linux' } } },
          selector: { matchLabels: { foo: 'bar' } }
        },
        status: { currentNumberScheduled: 2, desiredNumberScheduled: 3, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 0 }
      })
    ).toEqual(['3', '2', '1', '2', '0', 'disk=ssd,kubernetes.io/os=linux', '60m', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'foo=bar'])
    expect(print('daemonsets', { spec: {} }, false)).toEqual(['0', '0', '0', '0', '0', '<none>', '60m'])
  })
  it('replicaset DESIRED/CURRENT/READY and <none> selector', () => {
    expect(print('replicasets', { spec: { replicas: 5, template }, status: { replicas: 5, readyReplicas: 2 } })).toEqual([
      '5',
      '5',
      '2',
      '60m',
      'fake-container1,fake-container2',
      'fake-image1,fake-image2',
      '<none>'
    ])
  })
})

describe('jobs (printJob)', () => {
  const cond = (type: string, status = 'True'): object => ({ type, status })
  it.each<[string, object, string[]]>([
    [
      'Complete 1/1 with a 12s duration',
      {
        spec: { completions: 1, parallelism: 1 },
        status: { succeeded: 1, startTime: ago(100), completionTime: ago(88), conditions: [cond('Complete')] }
      },
      ['Complete', '1/1', '12s', '60m']
    ],
    ['Running 0/3 for 3m4s', { spec: { completions: 3, parallelism: 1 }, status: { startTime: ago(184) } }, ['Running', '0/3', '3m4s', '60m']],
    ['work queue without parallelism', { spec: {}, status: { succeeded: 0 } }, ['Running', '0/1', '', '60m']],
    ['work queue with parallelism 2', { spec: { parallelism: 2 }, status: {} }, ['Running', '0/1 of 2', '', '60m']],
    ['Failed', { spec: { completions: 2 }, status: { failed: 6, startTime: ago(600), conditions: [cond('Failed')] } }, ['Failed', '0/2', '10m', '60m']],
    ['Suspended', { spec: { completions: 1, suspend: true }, status: { conditions: [cond('Suspended')] } }, ['Suspended', '0/1', '', '60m']],
    ['a False condition does not count', { spec: { completions: 1 }, status: { conditions: [cond('Complete', 'False')] } }, ['Running', '0/1', '', '60m']],
    ['FailureTarget', { spec: { completions: 1 }, status: { conditions: [cond('FailureTarget')] } }, ['FailureTarget', '0/1', '', '60m']],
    [
      'Complete wins over Failed',
      { spec: { completions: 1 }, status: { succeeded: 1, conditions: [cond('Failed'), cond('Complete')] } },
      ['Complete', '1/1', '', '60m']
    ]
  ])('%s', (_n, obj, want) => expect(print('jobs', obj, false)).toEqual(want))
  it('Terminating when deleted before finishing', () => {
    const row = projectRow('jobs', { metadata: { ...meta, deletionTimestamp: ago(1) }, spec: { completions: 1 } }, NOW)
    expect(row.cells.status).toBe('Terminating')
    expect(row.deletingAt).toBe(ago(1))
  })
})

describe('cronjobs (printCronJob)', () => {
  it('prints schedule, timezone, suspend, active and last schedule', () => {
    expect(
      print('cronjobs', {
        spec: { schedule: '0/5 * * * ?', suspend: false, timeZone: 'Europe/Paris', jobTemplate: { spec: { template, selector: { matchLabels: { a: 'b' } } } } },
        status: { lastScheduleTime: ago(30), active: [{ name: 'j1' }] }
      })
    ).toEqual(['0/5 * * * ?', 'Europe/Paris', 'False', '1', '30s', '60m', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'a=b'])
  })
  it('prints <none> for an unset timezone and last schedule, <unset> for an unset suspend', () => {
    expect(print('cronjobs', { spec: { schedule: '@daily' }, status: {} }, false)).toEqual(['@daily', '<none>', '<unset>', '0', '<none>', '60m'])
    expect(print('cronjobs', { spec: { schedule: '@daily', suspend: true } }, false)[2]).toBe('True')
  })
})

describe('horizontalpodautoscalers (formatHPAMetrics, v1.33 text)', () => {
  const hpa = (metrics: object[], currentMetrics: object[] = [], extra: object = {}): string[] =>
    print('horizontalpodautoscalers', {
      spec: { scaleTargetRef: { kind: 'ReplicationController', name: 'some-rc' }, minReplicas: 1, maxReplicas: 10, metrics, ...extra },
      status: { currentReplicas: 4, currentMetrics }
    })
  const cpuUtil = (target?: number): object => ({
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', ...(target ? { averageUtilization: target } : {}) } }
  })
  it.each<[string, object[], object[], string]>([
    ['no metrics', [], [], '<none>'],
    ['resource utilization, no status', [cpuUtil(80)], [], 'cpu: <unknown>/80%'],
    [
      'resource utilization',
      [cpuUtil(80)],
      [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '10m' } } }],
      'cpu: 50%/80%'
    ],
    ['resource utilization, no target', [cpuUtil()], [], 'cpu: <unknown>/<auto>'],
    [
      'resource average value',
      [{ type: 'Resource', resource: { name: 'memory', target: { averageValue: '100Mi' } } }],
      [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } }],
      'memory: 50Mi/100Mi'
    ],
    [
      'container resource',
      [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { averageUtilization: 60 } } }],
      [{ type: 'ContainerResource', containerResource: { name: 'cpu', current: { averageUtilization: 30 } } }],
      'cpu: 30%/60%'
    ],
    [
      'pods metric',
      [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { averageValue: '100m' } } }],
      [{ type: 'Pods', pods: { current: { averageValue: '50m' } } }],
      '50m/100m'
    ],
    ['object value', [{ type: 'Object', object: { target: { value: '100m' } } }], [{ type: 'Object', object: { current: { value: '50m' } } }], '50m/100m'],
    ['object average', [{ type: 'Object', object: { target: { averageValue: '100m' } } }], [], '<unknown>/100m (avg)'],
    [
      'external average',
      [{ type: 'External', external: { target: { averageValue: '10' } } }],
      [{ type: 'External', external: { current: { averageValue: '5' } } }],
      '5/10 (avg)'
    ],
    ['more than two metrics', [cpuUtil(80), cpuUtil(70), cpuUtil(60), cpuUtil(50)], [], 'cpu: <unknown>/80%, cpu: <unknown>/70% + 2 more...']
  ])('%s', (_n, metrics, current, want) => expect(hpa(metrics, current)[1]).toBe(want))
  it('prints REFERENCE, MINPODS, MAXPODS, REPLICAS', () => {
    expect(hpa([cpuUtil(80)])).toEqual(['ReplicationController/some-rc', 'cpu: <unknown>/80%', '1', '10', '4', '60m'])
    expect(hpa([], [], { minReplicas: undefined })[2]).toBe('<unset>')
  })
})

describe('poddisruptionbudgets (printPodDisruptionBudget)', () => {
  it('prints IntOrString values and N/A', () => {
    expect(print('poddisruptionbudgets', { spec: { minAvailable: 22 }, status: { disruptionsAllowed: 5 } })).toEqual(['22', 'N/A', '5', '60m'])
    expect(print('poddisruptionbudgets', { spec: { maxUnavailable: '11%' }, status: {} })).toEqual(['N/A', '11%', '0', '60m'])
  })
})
