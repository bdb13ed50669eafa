/**
 * Storage row projections (PersistentVolume, PersistentVolumeClaim, StorageClass), ports of
 * kubectl's `printPersistentVolume`, `printPersistentVolumeClaim` and `printStorageClass`
 * (v1.32/v1.33, with the VOLUMEATTRIBUTESCLASS column).
 *
 * Lifecycle: pure functions, called once per object per watch event. The only annotations read
 * are the legacy storage-class and default-class markers, never their neighbours.
 */
import type { Projector } from './types.ts'
import { accessModesString } from './helpers.ts'

/** Legacy annotation that overrides `storageClassName` (`GetPersistentVolume(Claim)Class`). */
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class'
/** Annotations that mark the default StorageClass (`IsDefaultAnnotation`), GA and beta. */
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class'
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class'

type Annotations = Readonly<Record<string, string>> | undefined
interface Meta {
  readonly annotations?: Annotations
  readonly deletionTimestamp?: string
  readonly creationTimestamp?: string
}

function storageClassOf(ann: Annotations, specClass: string | undefined | null): string {
  if (ann && Object.prototype.hasOwnProperty.call(ann, BETA_STORAGE_CLASS)) return ann[BETA_STORAGE_CLASS]
  return specClass ?? ''
}

interface PvLike {
  readonly metadata?: Meta
  readonly spec?: {
    readonly capacity?: Readonly<Record<string, string | number>>
    readonly accessModes?: readonly string[]
    readonly persistentVolumeReclaimPolicy?: string
    readonly claimRef?: { readonly namespace?: string; readonly name?: string }
    readonly storageClassName?: string
    readonly volumeAttributesClassName?: string | null
    readonly volumeMode?: string | null
  }
  readonly status?: { readonly phase?: string; readonly reason?: string }
}

/** `printPersistentVolume`: CAPACITY `0` when unset (a zero Quantity), CLAIM `ns/name` or empty. */
export const projectPv: Projector = (obj) => {
  const pv = obj as PvLike
  const spec = pv.spec ?? {}
  const cap = spec.capacity?.storage
  const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''
  const status = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '')
  return {
    cells: {
      capacity: cap === undefined || cap === null || cap === '' ? '0' : String(cap),
      accessModes: accessModesString(spec.accessModes),
      reclaimPolicy: spec.persistentVolumeReclaimPolicy ?? '',
      status,
      claim,
      storageClass: storageClassOf(pv.metadata?.annotations, spec.storageClassName),
      volumeAttributesClass: spec.volumeAttributesClassName ?? '<unset>',
      reason: pv.status?.reason ?? '',
      age: obj.metadata?.creationTimestamp ?? null,
      volumeMode: spec.volumeMode ?? '<unset>'
    },
    extra: { statusClass: PV_CLASS[status] ?? 'warning' }
  }
}

/** Colour class of PV/PVC rows for the UI (not a kubectl column). */
const PV_CLASS: Readonly<Record<string, string>> = {
  Bound: 'ok',
  Available: 'ok',
  Pending: 'pending',
  Released: 'warning',
  Failed: 'error',
  Lost: 'error',
  Terminating: 'warning'
}

interface PvcLike {
  readonly metadata?: Meta
  readonly spec?: {
    readonly volumeName?: string
    readonly storageClassName?: string | null
    readonly volumeAttributesClassName?: string | null
    readonly volumeMode?: string | null
  }
  readonly status?: {
    readonly phase?: string
    readonly accessModes?: readonly string[]
    readonly capacity?: Readonly<Record<string, string | number>>
  }
}

/** `printPersistentVolumeClaim`: CAPACITY and ACCESS MODES are shown only once a volume is bound. */
export const projectPvc: Projector = (obj) => {
  const pvc = obj as PvcLike
  const spec = pvc.spec ?? {}
  let capacity = ''
  let accessModes = ''
  if (spec.volumeName) {
    accessModes = accessModesString(pvc.status?.accessModes)
    const cap = pvc.status?.capacity?.storage
    capacity = cap === undefined || cap === null || cap === '' ? '0' : String(cap)
  }
  const status = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '')
  return {
    cells: {
      status,
      volume: spec.volumeName ?? '',
      capacity,
      accessModes,
      storageClass: storageClassOf(pvc.metadata?.annotations, spec.storageClassName),
      volumeAttributesClass: spec.volumeAttributesClassName ?? '<unset>',
      age: obj.metadata?.creationTimestamp ?? null,
      volumeMode: spec.volumeMode ?? '<unset>'
    },
    extra: { statusClass: PV_CLASS[status] ?? 'warning' }
  }
}

interface StorageClassLike {
  readonly metadata?: Meta
  readonly provisioner?: string
  readonly reclaimPolicy?: string
  readonly volumeBindingMode?: string
  readonly allowVolumeExpansion?: boolean
}

/**
 * `printStorageClass`: defaults `Delete` / `Immediate` / `false` as kubectl prints them. kubectl
 * shows a default class as `name (default)`: the row keeps the real name and sets
 * `extra.isDefault` (see `formatRowName`).
 */
export const projectStorageClass: Projector = (obj) => {
  const sc = obj as StorageClassLike
  const ann = sc.metadata?.annotations
  const isDefault = !!ann && (ann[DEFAULT_CLASS] === 'true' || ann[BETA_DEFAULT_CLASS] === 'true')
  return {
    cells: {
      provisioner: sc.provisioner ?? '',
      reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      volumeBindingMode: sc.volumeBindingMode ?? 'Immediate',
      allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
      age: obj.metadata?.creationTimestamp ?? null
    },
    ...(isDefault ? { extra: { isDefault: true } } : {})
  }
}
