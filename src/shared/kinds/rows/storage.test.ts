import { describe, expect, it } from 'vitest'
import { projectRow } from './index.ts'
import type { ObjectLike } from './index.ts'
import { formatRowCells, formatRowName } from './format.ts'
import { kindDef } from '../registry.ts'
import type { KindId } from '../registry.ts'

// Expected texts follow kubectl's printers_test.go (TestPrintPersistentVolume,
// TestPrintPersistentVolumeClaim, TestPrintStorageClass).
const NOW = Date.parse('2025-06-01T12:00:00Z')
const meta = { name: 'x', uid: 'u', resourceVersion: '1', creationTimestamp: new Date(NOW - 3 * 24 * 3600_000).toISOString() }
const print = (kind: KindId, obj: object, m: object = {}): string[] =>
  formatRowCells(kindDef(kind), projectRow(kind, { ...obj, metadata: { ...meta, ...m } } as ObjectLike, NOW), NOW)

describe('persistent volumes (printPersistentVolume)', () => {
  it.each<[string, object, object, string[]]>([
    [
      'bound',
      {
        spec: {
          claimRef: { name: 'test', namespace: 'default' },
          accessModes: ['ReadOnlyMany'],
          capacity: { storage: '4Gi' },
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: 'standard'
        },
        status: { phase: 'Bound' }
      },
      {},
      ['4Gi', 'ROX', 'Retain', 'Bound', 'default/test', 'standard', '<unset>', '', '3d', '<unset>']
    ],
    [
      'failed with a reason, every access mode in kubectl order',
      {
        spec: {
          accessModes: ['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany'],
          capacity: { storage: '10Gi' },
          persistentVolumeReclaimPolicy: 'Delete',
          volumeMode: 'Block',
          volumeAttributesClassName: 'gold'
        },
        status: { phase: 'Failed', reason: 'recycle failed' }
      },
      {},
      ['10Gi', 'RWO,ROX,RWX,RWOP', 'Delete', 'Failed', '', '', 'gold', 'recycle failed', '3d', 'Block']
    ],
    [
      'no capacity prints 0; the beta annotation wins for the class; Terminating',
      {
        spec: { persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'spec-class' },
        status: { phase: 'Released' }
      },
      { deletionTimestamp: '2025-06-01T11:00:00Z', annotations: { 'volume.beta.kubernetes.io/storage-class': 'beta-class' } },
      ['0', '', 'Delete', 'Terminating', '', 'beta-class', '<unset>', '', '3d', '<unset>']
    ]
  ])('%s', (_n, obj, m, want) => expect(print('pvs', obj, m)).toEqual(want))
})

describe('persistent volume claims (printPersistentVolumeClaim)', () => {
  it('bound: capacity and access modes from status', () => {
    expect(
      print(
        'pvcs',
        {
          spec: { volumeName: 'my-volume', storageClassName: 'standard', volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } } },
          status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '4Gi' } }
        },
        { namespace: 'ns' }
      )
    ).toEqual(['Bound', 'my-volume', '4Gi', 'RWO', 'standard', '<unset>', '3d', 'Filesystem'])
  })
  it('pending: empty VOLUME, CAPACITY, ACCESS MODES', () => {
    expect(
      print(
        'pvcs',
        { spec: { resources: { requests: { storage: '1Gi' } }, volumeAttributesClassName: 'silver' }, status: { phase: 'Pending' } },
        { namespace: 'ns' }
      )
    ).toEqual(['Pending', '', '', '', '', 'silver', '3d', '<unset>'])
  })
  it('terminating', () => {
    expect(print('pvcs', { spec: { volumeName: 'v' }, status: { phase: 'Bound' } }, { deletionTimestamp: '2025-06-01T11:00:00Z' })[0]).toBe('Terminating')
  })
})

describe('storage classes (printStorageClass)', () => {
  it('prints kubectl defaults and the explicit values', () => {
    expect(print('storageclasses', { provisioner: 'kubernetes.io/glusterfs' })).toEqual(['kubernetes.io/glusterfs', 'Delete', 'Immediate', 'false', '3d'])
    expect(
      print('storageclasses', {
        provisioner: 'kubernetes.io/nfs',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true
      })
    ).toEqual(['kubernetes.io/nfs', 'Retain', 'WaitForFirstConsumer', 'true', '3d'])
  })
  it('marks the default class for `name (default)`', () => {
    const def = projectRow(
      'storageclasses',
      { metadata: { ...meta, name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'p' },
      NOW
    )
    expect(formatRowName(def)).toBe('standard (default)')
    const beta = projectRow(
      'storageclasses',
      { metadata: { ...meta, name: 'old', annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }, provisioner: 'p' },
      NOW
    )
    expect(formatRowName(beta)).toBe('old (default)')
    const plain = projectRow(
      'storageclasses',
      { metadata: { ...meta, name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }, provisioner: 'p' },
      NOW
    )
    expect(formatRowName(plain)).toBe('fast')
  })
})
