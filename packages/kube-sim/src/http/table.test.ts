import { describe, expect, it } from 'vitest'
import { KIND_IDS, kindDef } from '../../../../src/shared/kinds/registry.ts'
import type { KubeObject } from '../types.ts'
import { tableColumns, tableQueryOptions, tableWatchEncoder, toTable } from './table.ts'

const NOW = Date.parse('2026-01-01T12:00:00Z')
const FIVE_MIN_AGO = new Date(NOW - 5 * 60_000).toISOString()

function pod(name: string, phase = 'Running', ns = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: '42', creationTimestamp: FIVE_MIN_AGO, labels: { app: 'x' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase }
  }
}

describe('tableColumns', () => {
  it('puts Name first with format name, then the registry columns with wide ones at priority 1', () => {
    const cols = tableColumns('pods')
    expect(cols[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 })
    expect(cols.map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'])
    expect(cols.map((c) => c.priority)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1])
    expect(cols.find((c) => c.name === 'Age')?.type).toBe('string')
  })

  it('types columns as the real printers do (read from kube-apiserver 1.34)', () => {
    expect(
      tableColumns('replicasets')
        .filter((c) => c.type === 'integer')
        .map((c) => c.name)
    ).toEqual(['Desired', 'Current', 'Ready'])
    // The deployment printer declares UP-TO-DATE and AVAILABLE as strings (its cells are int32s).
    expect(tableColumns('deployments').filter((c) => c.type === 'integer')).toEqual([])
    expect(tableColumns('priorityclasses').find((c) => c.name === 'Global-Default')?.type).toBe('boolean')
    expect(tableColumns('horizontalpodautoscalers').map((c) => c.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'])
  })

  it('names the columns of every kind as the registry titles them (kubectl upper-cases the names)', () => {
    for (const kind of KIND_IDS) {
      const k = kindDef(kind)
      const titles = k.columns.some((c) => c.title === 'NAME') ? k.columns.map((c) => c.title) : ['NAME', ...k.columns.map((c) => c.title)]
      expect(
        tableColumns(kind).map((c) => c.name.toUpperCase()),
        kind
      ).toEqual(titles)
      const wide = k.columns.some((c) => c.title === 'NAME') ? k.columns.map((c) => (c.wide ? 1 : 0)) : [0, ...k.columns.map((c) => (c.wide ? 1 : 0))]
      expect(
        tableColumns(kind).map((c) => c.priority),
        kind
      ).toEqual(wide)
    }
  })

  it('types cells as the real printers do: HPA MinPods a string, MaxPods a number; booleans as booleans', () => {
    const hpa = toTable(
      'horizontalpodautoscalers',
      [
        {
          metadata: { name: 'h', namespace: 'ns', creationTimestamp: FIVE_MIN_AGO },
          spec: { minReplicas: 2, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'web' } },
          status: { currentReplicas: 3 }
        }
      ],
      { resourceVersion: '1', nowMs: NOW }
    )
    expect(hpa.rows[0].cells.slice(3, 6)).toEqual(['2', 5, 3])
    const pc = toTable(
      'priorityclasses',
      [{ metadata: { name: 'p', creationTimestamp: FIVE_MIN_AGO }, value: 10, globalDefault: true, preemptionPolicy: 'Never' }],
      { resourceVersion: '1', nowMs: NOW }
    )
    expect(pc.rows[0].cells).toEqual(['p', 10, true, '5m', 'Never'])
  })

  it('makes the events NAME column (last, wide) the name column instead of prepending one', () => {
    const cols = tableColumns('events')
    expect(cols[0].name).toBe('Last Seen')
    expect(cols.filter((c) => c.format === 'name')).toEqual([expect.objectContaining({ name: 'Name', priority: 1 })])
    expect(cols).toHaveLength(kindDef('events').columns.length)
  })

  it('has one column per cell for every kind', () => {
    for (const kind of KIND_IDS) {
      const t = toTable(kind, [{ metadata: { name: 'x', namespace: 'ns', creationTimestamp: FIVE_MIN_AGO } }], { resourceVersion: '1', nowMs: NOW })
      expect(t.rows[0].cells.length, kind).toBe(t.columnDefinitions?.length)
    }
  })
})

describe('toTable', () => {
  it('builds a meta.k8s.io/v1 Table with list metadata, formatted cells and PartialObjectMetadata', () => {
    const t = toTable('pods', [pod('a'), pod('b')], { resourceVersion: '100', continue: 'tok', remainingItemCount: 3, nowMs: NOW })
    expect(t).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '100', continue: 'tok', remainingItemCount: 3 } })
    expect(t.rows).toHaveLength(2)
    const ageIdx = t.columnDefinitions?.findIndex((c) => c.name === 'Age') ?? -1
    expect(t.rows[0].cells[0]).toBe('a')
    expect(t.rows[0].cells[ageIdx]).toBe('5m')
    expect(t.rows[1].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod('b').metadata })
  })

  it('omits continue when there is none and sends null column definitions with noHeaders', () => {
    const t = toTable('pods', [pod('a')], { resourceVersion: '7', noHeaders: true, nowMs: NOW })
    expect(t.metadata).toEqual({ resourceVersion: '7' })
    expect(t.columnDefinitions).toBeNull()
    expect(JSON.parse(JSON.stringify(t))).toHaveProperty('columnDefinitions', null)
  })

  it('honours includeObject None and Object', () => {
    expect(toTable('pods', [pod('a')], { resourceVersion: '1', includeObject: 'None', nowMs: NOW }).rows[0].object).toBeUndefined()
    expect(toTable('pods', [pod('a')], { resourceVersion: '1', includeObject: 'Object', nowMs: NOW }).rows[0].object).toEqual(pod('a'))
  })

  it('marks finished pods with the Completed row condition', () => {
    const t = toTable('pods', [pod('ok', 'Succeeded'), pod('bad', 'Failed'), pod('run')], { resourceVersion: '1', nowMs: NOW })
    expect(t.rows[0].conditions).toEqual([expect.objectContaining({ type: 'Completed', status: 'True', reason: 'Succeeded' })])
    expect(t.rows[1].conditions?.[0].reason).toBe('Failed')
    expect(t.rows[2].conditions).toBeUndefined()
  })

  it('fills the events name column from metadata.name', () => {
    const ev: KubeObject = { metadata: { name: 'pod-a.17f', namespace: 'default', creationTimestamp: FIVE_MIN_AGO } }
    const t = toTable('events', [ev], { resourceVersion: '1', nowMs: NOW })
    const nameIdx = t.columnDefinitions?.findIndex((c) => c.format === 'name') ?? -1
    expect(t.rows[0].cells[nameIdx]).toBe('pod-a.17f')
  })

  it('renders an empty list with columns and no rows', () => {
    const t = toTable('nodes', [], { resourceVersion: '9', nowMs: NOW })
    expect(t.rows).toEqual([])
    expect(t.columnDefinitions?.[0].name).toBe('Name')
  })
})

describe('tableWatchEncoder', () => {
  it('sends column definitions on the first event only, one row per event, RV of the object', () => {
    const enc = tableWatchEncoder('pods')
    const first = enc.encode(pod('a'), NOW)
    const second = enc.encode({ ...pod('b'), metadata: { ...pod('b').metadata, resourceVersion: '43' } }, NOW)
    expect(first.columnDefinitions?.length).toBeGreaterThan(0)
    expect(first.rows).toHaveLength(1)
    expect(first.metadata.resourceVersion).toBe('42')
    expect(second.columnDefinitions).toBeNull()
    expect(second.rows[0].cells[0]).toBe('b')
    expect(second.metadata.resourceVersion).toBe('43')
  })

  it('never sends headers when noHeaders was requested', () => {
    const enc = tableWatchEncoder('pods', { noHeaders: true })
    expect(enc.encode(pod('a'), NOW).columnDefinitions).toBeNull()
  })
})

describe('tableQueryOptions', () => {
  it('parses includeObject and noHeaders and rejects unknown includeObject values', () => {
    expect(tableQueryOptions(new URLSearchParams(''))).toEqual({ includeObject: 'Metadata', noHeaders: false })
    expect(tableQueryOptions(new URLSearchParams('includeObject=Object&noHeaders=true'))).toEqual({ includeObject: 'Object', noHeaders: true })
    expect(tableQueryOptions(new URLSearchParams('includeObject=All'))).toHaveProperty('error', expect.stringContaining('"All"'))
  })
})

describe('toTable: row text that depends on more than one field', () => {
  it('prints RESTARTS with the age of the last restart, as kubectl does', () => {
    const p = pod('crashy')
    p.status = {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          restartCount: 3,
          image: 'nginx',
          imageID: '',
          containerID: '',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: FIVE_MIN_AGO } }
        }
      ]
    }
    const t = toTable('pods', [p], { resourceVersion: '42', nowMs: NOW }) as { rows: { cells: unknown[] }[] }
    expect(t.rows[0].cells.slice(0, 5)).toEqual(['crashy', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '5m'])
  })

  it('marks the default StorageClass in its NAME cell', () => {
    const sc: KubeObject = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      provisioner: 'ebs.csi.aws.com',
      metadata: { name: 'gp3', uid: 'u1', creationTimestamp: FIVE_MIN_AGO, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
    }
    const t = toTable('storageclasses', [sc], { resourceVersion: '1', nowMs: NOW }) as { rows: { cells: unknown[] }[] }
    expect(t.rows[0].cells[0]).toBe('gp3 (default)')
  })
})
