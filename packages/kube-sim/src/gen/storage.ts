/**
 * Storage objects: persistent volumes and claims in the phases the tables must show
 * (Bound, Pending, Released, Available).
 *
 * Why: statefulset pods mount `data-<pod>` claims bound to `pvc-<uuid>` volumes; a few pending
 * claims and released volumes make the storage tables realistic.
 */
import type { KubeObject } from '../types.ts'
import { iso } from './ids.ts'

export type PvPhase = 'Bound' | 'Released' | 'Available'

/** A fresh core/v1 PersistentVolume; `claim` is `[namespace, name]` when bound or released. */
export function pvObj(
  name: string,
  sc: string,
  size: string,
  phase: PvPhase,
  claim: readonly [string, string] | undefined,
  zone: string,
  createdMs: number
): KubeObject {
  const spec: Record<string, unknown> = {
    capacity: { storage: size },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: phase === 'Bound' && sc !== 'retain-ssd' ? 'Delete' : 'Retain',
    storageClassName: sc,
    volumeMode: 'Filesystem',
    csi: {
      driver: 'ebs.csi.aws.com',
      fsType: 'ext4',
      volumeHandle: `vol-0${name.slice(4, 20).replaceAll('-', '')}`,
      volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': '1727000000000-8081-ebs.csi.aws.com' }
    },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } }
  }
  if (claim) spec.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim[0], name: claim[1], uid: '' }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      creationTimestamp: iso(createdMs),
      finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'],
      annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '' }
    },
    spec,
    status: { phase, lastPhaseTransitionTime: iso(createdMs + 5000) }
  }
}

/** A fresh core/v1 PersistentVolumeClaim; `volume` is set when bound. */
export function pvcObj(
  ns: string,
  name: string,
  sc: string,
  size: string,
  volume: string | undefined,
  labels: Record<string, string>,
  createdMs: number
): KubeObject {
  const spec: Record<string, unknown> = {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    storageClassName: sc,
    volumeMode: 'Filesystem'
  }
  if (volume) spec.volumeName = volume
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: ns,
      creationTimestamp: iso(createdMs),
      labels,
      finalizers: ['kubernetes.io/pvc-protection'],
      annotations: volume
        ? {
            'pv.kubernetes.io/bind-completed': 'yes',
            'pv.kubernetes.io/bound-by-controller': 'yes',
            'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com'
          }
        : { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' }
    },
    spec,
    status: volume ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: size } } : { phase: 'Pending' }
  }
}
