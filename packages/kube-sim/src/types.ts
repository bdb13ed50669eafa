/**
 * Contracts between the simulated apiserver's parts (store, HTTP layer, generators, churn).
 *
 * Why: the generators and the churn only produce plain Kubernetes JSON objects and write
 * operations; the store alone assigns uid, resourceVersion and creationTimestamp, so every write,
 * generated or from the API, goes through one path and is seen by list and watch exactly once.
 */
import type { KindId } from './kinds.ts'

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: KubeMeta
  [field: string]: unknown
}

export interface OwnerRef {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface KubeMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerRef[]
  finalizers?: string[]
  [field: string]: unknown
}

/**
 * A write the generators or the churn ask the store to perform.
 * - create: `object` is new (uid/resourceVersion are assigned by the store unless given);
 * - update: `object` replaces the stored object with the same namespace/name (its
 *   resourceVersion is ignored: generated churn never conflicts);
 * - delete: removes the object named by `object.metadata` at once (no grace period).
 */
export interface SimWriteOp {
  readonly op: 'create' | 'update' | 'delete'
  readonly kind: KindId
  readonly object: KubeObject
}

/** The seeded churn: each call returns the next operations to apply, in order. */
export interface ChurnSource extends Partial<ForeignHandlers> {
  /** Produce `n` operations. */
  next(n: number): SimWriteOp[]
  /** The ops already queued by the last step (its EndpointSlice writes), so a pause leaves nothing half done. */
  drain?(): SimWriteOp[]
  /** The store refused an op (e.g. the object was deleted through the API): forget it. */
  rejected(op: SimWriteOp): void
}

/** An object of the churn's world: kind, namespace, name. */
export type ObjectKey = readonly [kind: KindId, namespace: string, name: string]

/** The handlers added to a ChurnSource. */
export interface ForeignHandlers {
  knows(kind: KindId, ns: string, name: string): boolean
  forget(kind: KindId, ns: string, name: string): void
  podGone(ns: string, name: string, deleted: boolean): SimWriteOp[]
  nodeChanged(name: string, unschedulable: boolean): void
  /** A user edited the pod's metadata: it stays (labels kept), out of the random churn's reach. */
  pin(ns: string, name: string): void
  family(kind: KindId, ns: string, name: string): ObjectKey[]
}
