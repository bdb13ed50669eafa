import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells } from './format.ts'
import { kindDef } from '../registry.ts'

// Expected texts follow kubectl's printers_test.go (TestPrintEvent, TestPrintEventsResultSorted).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString()
const ev = (o: object): ObjectLike => ({ metadata: { name: 'event1', namespace: 'ns', uid: 'u', resourceVersion: '9', creationTimestamp: ago(7200) }, ...o })
const print = (o: object, wide = true): string[] => formatRowCells(kindDef('events'), projectRow('events', ev(o), NOW), NOW, wide)

describe('events (printEvent)', () => {
  it('prints LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME', () => {
    expect(
      print({
        source: { component: 'kubelet', host: 'Node1' },
        involvedObject: { kind: 'Deployment', name: 'Deployment Name', fieldPath: 'spec.containers{foo}' },
        message: ' Message Data \n',
        reason: 'Event Reason',
        firstTimestamp: ago(3 * 86400),
        lastTimestamp: ago(2 * 86400),
        count: 6,
        type: 'Normal'
      })
    ).toEqual(['2d', 'Normal', 'Event Reason', 'deployment/Deployment Name', 'spec.containers{foo}', 'kubelet, Node1', 'Message Data', '3d', '6', 'event1'])
  })
  it('falls back to eventTime, the reporting controller/instance, count 1 and a kind-only OBJECT', () => {
    expect(
      print({
        reportingComponent: 'kubelet',
        reportingInstance: 'Node1',
        involvedObject: { kind: 'Node' },
        reason: 'R',
        type: 'Warning',
        eventTime: '2025-06-01T11:59:30.123456Z',
        message: 'm'
      })
    ).toEqual(['29s', 'Warning', 'R', 'node', '', 'kubelet, Node1', 'm', '29s', '1', 'event1'])
  })
  it('uses the series for LAST SEEN and COUNT', () => {
    const row = projectRow(
      'events',
      ev({
        involvedObject: { kind: 'Pod', name: 'p' },
        eventTime: ago(600),
        series: { count: 42, lastObservedTime: '2025-06-01T11:58:00.000000Z' },
        source: { component: 'scheduler' },
        reason: 'FailedScheduling',
        type: 'Warning',
        message: '0/3 nodes are available'
      }),
      NOW
    )
    expect(row.cells).toMatchObject({
      lastSeen: '2025-06-01T11:58:00.000000Z',
      firstSeen: ago(600),
      count: 42,
      source: 'scheduler',
      object: 'pod/p',
      eventName: 'event1'
    })
    expect(formatRowCells(kindDef('events'), row, NOW, false)).toEqual(['2m', 'Warning', 'FailedScheduling', 'pod/p', '0/3 nodes are available'])
  })
  it('prints <unknown> when no time is known', () => {
    expect(print({ involvedObject: { kind: 'Pod', name: 'p' } }, false)[0]).toBe('<unknown>')
  })
})

describe('event rows: the involved object for describe views', () => {
  it('keeps the involved object kind, uid and namespace in extra (never as cells)', () => {
    const row = projectRow('events', {
      metadata: { name: 'p.17f', namespace: 'demo', uid: 'e1', resourceVersion: '5' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'demo', uid: '1b4e-uid', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      type: 'Warning',
      message: 'Back-off restarting failed container app in pod p_demo(1b4e-uid)',
      count: 5
    })
    expect(row.extra).toEqual({ objectKind: 'Pod', objectUid: '1b4e-uid', objectNamespace: 'demo' })
    expect(row.cells.object).toBe('pod/p')
    const bare = projectRow('events', { metadata: { name: 'x', namespace: 'default', uid: 'e2' }, involvedObject: { kind: 'Node', name: 'n1' } })
    expect(bare.extra).toEqual({ objectKind: 'Node', objectUid: '', objectNamespace: '' })
  })
})
