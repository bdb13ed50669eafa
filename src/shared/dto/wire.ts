/**
 * Wire types of the local server's HTTP API and its SSE stream (spec §4).
 *
 * Why: the server encodes and the renderer decodes these; keeping them in one platform-free file
 * means a change to the wire is a type error on both sides at once.
 */
import type { KindId } from '../kinds/registry.ts'
import type { RowDto } from './row.ts'

/** `GET /api/features`. */
export interface FeaturesResponse {
  readonly watchStreams: readonly KindId[]
  readonly version: string
  /** The per-user cap on concurrent streams; 0 = no cap. */
  readonly perUserLimit: number
}

export type ClusterStatus = 'ok' | 'connecting' | 'error' | 'offline'

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
}

/** SSE event names, exactly as on the wire. */
export type StreamEventName = 'snapshot' | 'added' | 'modified' | 'deleted' | 'relist'

export interface SnapshotData {
  readonly items: readonly RowDto[]
  /** '' on a partial snapshot. */
  readonly resourceVersion: string
  /**
   * True on the early partial snapshot sent during a watch's first LIST (first rows fast, spec
   * §10 T2): it carries no `id:`, and a complete snapshot (with `id:`) follows and replaces it.
   */
  readonly partial?: boolean
}

export interface RelistData {
  readonly reason: string
}

export type StreamEvent =
  | { readonly event: 'snapshot'; readonly id?: string; readonly data: SnapshotData }
  | { readonly event: 'added' | 'modified' | 'deleted'; readonly id: string; readonly data: RowDto }
  | { readonly event: 'relist'; readonly data: RelistData }

/** A JSON error body of the local server. */
export interface ErrorBody {
  readonly error: string
  readonly code: number
}

/** One entry of `GET /debug/streams`. */
export interface DebugStream {
  readonly id: string
  readonly actor: string
  readonly cluster: string
  readonly kind: KindId
  readonly namespace: string
  readonly openedAt: string
}

/** One entry of `GET /debug/watches`. */
export interface DebugWatch {
  readonly cluster: string
  readonly kind: KindId
  readonly namespace: string
  readonly subscribers: number
  readonly state: string
  readonly resourceVersion: string
  readonly rows: number
}
