/**
 * Shapes shared by the simulator's store, its watchers and the HTTP layer.
 *
 * Why: the store keeps each object as its serialized JSON (a Buffer, outside the V8 heap) plus a
 * small immutable index record, so 150k pods of ~8 KB cost one copy of their bytes and no parsed
 * objects. Records are never mutated: a write replaces the record, so any array of records is a
 * consistent point-in-time snapshot (watch initial events, list pages in flight).
 */
import type { KindId } from '../kinds.ts'

/** One stored object: its index fields and its exact JSON bytes (with resourceVersion set). */
export interface Rec {
  /** `ns/name` for namespaced kinds, `name` for cluster-scoped ones: the etcd key order. */
  readonly key: string
  /** '' for cluster-scoped kinds. */
  readonly ns: string
  readonly name: string
  readonly uid: string
  /** The resourceVersion of the write that produced this record. */
  readonly rv: number
  readonly labels: Readonly<Record<string, string>>
  /** Values of the kind's extra field-selector fields, in `fieldNames(kind)` order. */
  readonly fields: readonly string[]
  readonly generation: number
  /** `metadata.creationTimestamp`, kept immutable across replaces. */
  readonly created: string
  /** Byte range of the `spec` value inside `json` (0, 0 without a spec), to bump `generation` only on a spec change. */
  readonly specStart: number
  readonly specEnd: number
  readonly json: Buffer
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

/** One write, as kept in the history and fanned out to watchers. */
export interface StoreEvent {
  readonly rv: number
  readonly kind: KindId
  readonly type: EventType
  /** The record before the write (MODIFIED, DELETED). */
  readonly prev?: Rec
  /** The record after the write; for DELETED, the last state stamped with the delete's RV. */
  readonly cur: Rec
}

/** A label selector requirement (`app=web`, `tier in (a,b)`, `!canary`, …). */
export interface LabelReq {
  readonly key: string
  readonly op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists' | 'gt' | 'lt'
  readonly values: readonly string[]
}

/** A field selector requirement; `index` is -1 for metadata.name, -2 for metadata.namespace. */
export interface FieldReq {
  readonly field: string
  readonly index: number
  readonly op: 'eq' | 'neq'
  readonly value: string
}

/** What a list or watch is restricted to. */
export interface Filter {
  /** Only this namespace (namespaced kinds); undefined = all namespaces. */
  readonly namespace?: string
  readonly labels?: readonly LabelReq[]
  readonly fields?: readonly FieldReq[]
}

/** An error the API reports as a Status (NotFound, AlreadyExists, Conflict, Expired, BadRequest…). */
export class StoreError extends Error {
  readonly code: number
  readonly reason: string
  readonly details?: Record<string, unknown>
  /** For an expired continue token: a token to read the (inconsistent) remainder, as the apiserver offers. */
  readonly continueToken?: string
  constructor(code: number, reason: string, message: string, details?: Record<string, unknown>, continueToken?: string) {
    super(message)
    this.name = 'StoreError'
    this.code = code
    this.reason = reason
    this.details = details
    this.continueToken = continueToken
  }
}
