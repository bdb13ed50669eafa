/**
 * Wire types of the local server's JSON API (spec §4): every request and response body.
 *
 * Why: the server encodes and the renderer decodes these; keeping them in one platform-free file
 * means a change to the wire is a type error on both sides at once. The SSE stream's frames are
 * in `frames.ts`, the kubeconfig browser's and the settings pane's bodies in `kubeconfig.ts` and
 * `settings.ts`, the routes that carry them in `routes.ts`.
 */
import type { KindId } from '../kinds/registry.ts'
import type { AnyKindId } from '../kinds/anyKind.ts'
import type { CustomKindDef } from '../kinds/custom.ts'
import type { CustomSelection } from '../kinds/grammar.ts'

export type { RowDto, RowList, CellValue } from '../dto/row.ts'

/** `GET /api/features`. */
export interface FeaturesResponse {
  readonly watchStreams: readonly KindId[]
  /** Which custom kinds streams are enabled for: every one a cluster serves, or the named tokens. */
  readonly custom: CustomSelection
  readonly version: string
  /** The per-user cap on concurrent streams; 0 = no cap. */
  readonly perUserLimit: number
}

export type ClusterStatus = 'ok' | 'connecting' | 'error' | 'offline'

/**
 * A collection of one cluster that cannot be listed or watched while the cluster itself is fine
 * (reachable, authenticated): `403 Forbidden` on one kind, `404` for a resource the apiserver does
 * not serve. A cluster-level failure (401, TLS, unreachable) is the cluster's `status` instead.
 */
export interface KindProblem {
  readonly kind: AnyKindId
  /** '' for all namespaces or a cluster-scoped kind. */
  readonly namespace: string
  /** The apiserver's own message, e.g. `403 Forbidden: pods is forbidden: User "x" cannot list …`. */
  readonly reason: string
  /** The upstream HTTP status (403, 404, …), when there was one. */
  readonly status?: number
  /** When this failure was first seen (ISO-8601). */
  readonly since: string
}

/** One entry of `GET /api/clusters`. */
export interface ClusterInfo {
  /** The kubeconfig context name (URL-encoded in routes). */
  readonly id: string
  readonly status: ClusterStatus
  /** Human-readable reason for a non-`ok` status ('' when ok). */
  readonly reason: string
  /** The apiserver's gitVersion, when known. */
  readonly serverVersion?: string
  /** The context's default namespace, if any. */
  readonly namespace?: string
  /** The server URL host (never credentials). */
  readonly server?: string
  /** Kinds this cluster refuses (per-kind failures); absent when there are none. */
  readonly problems?: readonly KindProblem[]
  /**
   * Kinds the user may not list at all on this cluster (access reviews said no at the cluster
   * scope and in every namespace the app knows of): shown `no access`, dimmed, not as problems.
   * Absent when there are none (or none seen yet: a kind is checked when it is first opened).
   */
  readonly noAccess?: readonly KindNoAccess[]
}

/** A kind without access on a cluster, and why (the apiserver's wording, without the user's name). */
export interface KindNoAccess {
  readonly kind: AnyKindId
  readonly reason: string
}

/**
 * `GET /api/clusters/{cluster}/kinds`: the custom kinds this cluster serves (discovery), in
 * API group then resource order. Re-discovered when CRDs change, so the answer changes while the
 * app runs; `columns` of each def stay empty here (a kind's list carries its Table's columns).
 */
export interface ClusterKindsResponse {
  readonly kinds: readonly CustomKindDef[]
  /** When discovery last answered (ISO-8601); absent before it did. */
  readonly discoveredAt?: string
  /** Why discovery failed, or found only part of the groups ('' when complete). */
  readonly reason: string
  /** Tokens the kinds setting names that this cluster does not serve (reported, never dropped silently). */
  readonly unserved: readonly string[]
}

/** `GET /api/clusters/{cluster}/{kind}/objects/{name}`: one object for the detail drawer. */
export interface ObjectResponse {
  /** The object as the apiserver returned it, `metadata.managedFields` dropped. */
  readonly object: unknown
}

/** A JSON error body of the local server. */
export interface ErrorBody {
  readonly error: string
  /** The HTTP status of the answer. */
  readonly code: number
  /** On a 403 of the polled list: access reviews say the user may not list the kind here (`no access`). */
  readonly noAccess?: boolean
}

/** One entry of `GET /debug/streams`. */
export interface DebugStream {
  readonly id: string
  readonly actor: string
  /** What it carries: a kind's rows (a watch stream), or the logs of a pod or a workload. */
  readonly type: 'rows' | 'logs'
  readonly cluster: string
  /** Rows: the kind listed. Logs: `pods` or the workload's kind. */
  readonly kind: AnyKindId
  readonly namespace: string
  /** Logs: the pod or workload followed. */
  readonly name?: string
  readonly openedAt: string
}

/** One entry of `GET /debug/watches`. */
export interface DebugWatch {
  readonly cluster: string
  readonly kind: AnyKindId
  readonly namespace: string
  readonly subscribers: number
  readonly state: string
  readonly resourceVersion: string
  readonly rows: number
  /** Why the last WatchList attempt did not sync (refused, ignored, cut); absent when it did or none was made. */
  readonly watchList?: string
  /** Watch requests this watch has opened upstream (a count that climbs means its watches keep ending). */
  readonly watchesOpened: number
  /** How the last upstream watch request ended ("ended by the server after N events and S s, at T", or the error). */
  readonly lastWatchEnd?: string
}
