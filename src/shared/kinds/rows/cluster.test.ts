import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { kindDef } from '../registry.ts'
import type { KindId } from '../registry.ts'

// Expected texts follow kubectl's printers_test.go (TestPrintNodeStatus, TestPrintNodeRole,
// TestPrintNodeOSImage/KernelVersion/ContainerRuntimeVersion, TestPrintNodeInternalIP/ExternalIP,
// TestPrintNamespace, TestPrintPriorityClass, TestPrintRuntimeClass).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const meta = { name: 'x', uid: 'u', resourceVersion: '1', creationTimestamp: new Date(NOW - 400 * 24 * 3600_000).toISOString() }
const print = (kind: KindId, obj: object, labels?: Record<string, string>, wide = true): string[] =>
  formatRowCells(kindDef(kind), projectRow(kind, { ...obj, metadata: { ...meta, ...(labels ? { labels } : {}) } } as ObjectLike, NOW), NOW, wide)
const ready = (status: string): object => ({ type: 'Ready', status })

describe('nodes (printNode)', () => {
  it.each<[string, object, string]>([
    ['Ready', { status: { conditions: [ready('True')] } }, 'Ready'],
    ['Ready,SchedulingDisabled', { spec: { unschedulable: true }, status: { conditions: [ready('True')] } }, 'Ready,SchedulingDisabled'],
    ['NotReady', { status: { conditions: [ready('False')] } }, 'NotReady'],
    ['Ready Unknown is NotReady', { status: { conditions: [ready('Unknown')] } }, 'NotReady'],
    ['NotReady,SchedulingDisabled', { spec: { unschedulable: true }, status: { conditions: [ready('False')] } }, 'NotReady,SchedulingDisabled'],
    ['no Ready condition', { status: { conditions: [{ type: 'MemoryPressure', status: 'False' }] } }, 'Unknown'],
    ['no conditions, unschedulable', { spec: { unschedulable: true } }, 'Unknown,SchedulingDisabled']
  ])('STATUS %s', (_n, obj, want) => expect(print('nodes', obj, undefined, false)[0]).toBe(want))

  it.each<[string, Record<string, string> | undefined, string]>([
    ['no labels', undefined, '<none>'],
    ['node-role prefix', { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }, 'control-plane,master'],
    ['legacy kubernetes.io/role', { 'kubernetes.io/role': 'node', 'node-role.kubernetes.io/worker': '' }, 'node,worker'],
    ['empty role suffix and value are ignored', { 'node-role.kubernetes.io/': '', 'kubernetes.io/role': '' }, '<none>'],
    ['duplicates collapse', { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/worker': 'x' }, 'worker']
  ])('ROLES %s', (_n, labels, want) => expect(print('nodes', {}, labels, false)[1]).toBe(want))

  it('prints VERSION and the wide columns, <unknown>/<none> when unset', () => {
    expect(
      print('nodes', {
        status: {
          conditions: [ready('True')],
          addresses: [
            { type: 'Hostname', address: 'n1' },
            { type: 'InternalIP', address: '1.1.1.1' },
            { type: 'ExternalIP', address: '2.2.2.2' },
            { type: 'InternalIP', address: '3.3.3.3' }
          ],
          nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.0' }
        }
      })
    ).toEqual(['Ready', '<none>', '400d', 'v1.33.1', '1.1.1.1', '2.2.2.2', 'Debian GNU/Linux 12', '6.1.0', 'containerd://1.7.0'])
    expect(print('nodes', {})).toEqual(['Unknown', '<none>', '400d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'])
  })
})

describe('namespaces, priority classes, runtime classes', () => {
  it('namespace STATUS is the phase', () => {
    expect(print('namespaces', { status: { phase: 'Active' } })).toEqual(['Active', '400d'])
    expect(print('namespaces', { status: { phase: 'Terminating' } })).toEqual(['Terminating', '400d'])
  })
  it('priority class VALUE, GLOBAL-DEFAULT (Go bool), PREEMPTIONPOLICY', () => {
    expect(print('priorityclasses', { value: 1000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' })).toEqual([
      '1000000000',
      'false',
      '400d',
      'PreemptLowerPriority'
    ])
    expect(print('priorityclasses', { value: -5, globalDefault: true })).toEqual(['-5', 'true', '400d', ''])
  })
  it('runtime class HANDLER', () => {
    expect(print('runtimeclasses', { handler: 'runsc' })).toEqual(['runsc', '400d'])
  })
})
