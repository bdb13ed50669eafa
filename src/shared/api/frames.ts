/**
 * The SSE frames of the local server's streams (spec §4, plus the additive `state` and `error`).
 *
 * Why: the server writes and the renderer reads these byte for byte; one platform-free file
 * makes a change a type error on both sides. `state` and `error` are generic (any stream fed by
 * an upstream watch sends them); the others are the row stream's.
 * Frame order on one stream: `snapshot` (a partial one first, sometimes), then deltas, `relist`
 * + `snapshot` (never deltas in between), and `state` whenever the upstream watch changes state;
 * `error` is always the last frame, and the server then ends the stream.
 */
import type { RowDto } from '../dto/row.ts'
import type { ColumnDef } from '../kinds/registry.ts'

/** SSE event names, exactly as on the wire. */
export type StreamEventName = 'snapshot' | 'added' | 'modified' | 'deleted' | 'relist' | 'state' | 'error' | 'scope'

export interface SnapshotData {
  readonly items: readonly RowDto[]
  /** '' on a partial snapshot. */
  readonly resourceVersion: string
  /**
   * True on the early partial snapshot sent during a watch's first LIST (first rows fast, spec
   * §10 T2): it carries no `id:`, and a complete snapshot (with `id:`) follows and replaces it.
   */
  readonly partial?: boolean
  /**
   * On a partial snapshot: how far the LIST behind it has got. `items` holds at most the first
   * few thousand rows; `received` counts every row listed so far, and `total` is what the
   * apiserver said is coming (`received` + the last page's `metadata.remainingItemCount`), absent
   * when it does not tell (a selector, or an apiserver without the count).
   */
  readonly progress?: ListProgress
  /** Custom kinds only: the Table's columns (see `RowList.columns`); a relist's snapshot repeats them. */
  readonly columns?: readonly ColumnDef[]
}

/** How many rows of a first LIST have arrived, and of how many when the apiserver tells. */
export interface ListProgress {
  readonly received: number
  readonly total?: number
}

export interface RelistData {
  readonly reason: string
}

/** The upstream watch's state, as a stream reports it. */
export type UpstreamState = 'live' | 'reconnecting' | 'error'

/**
 * `event: state` — the upstream watch behind this stream changed state. Sent only on a change (of
 * state or reason), so a healthy stream never carries one; a stream opened while its upstream is
 * not live gets one at once (it may come just before the snapshot: a client keeps the latest state
 * and applies it when the snapshot lands). Before the first snapshot only `reconnecting` is sent
 * (why the first list is late); an `error` then ends the stream instead (`event: error`).
 * `reconnecting`: the apiserver is failing in a way retrying fixes (network, 5xx, 429); `error`:
 * it refuses in a way someone must fix (403 after an RBAC change). The rows the client holds stay
 * valid as of `lastGood`; `live` again means caught up.
 */
export interface StreamStateData {
  readonly state: UpstreamState
  /** Why ('' when live): the apiserver's message or the network error. */
  readonly reason: string
  /** When the rows were last known to match the cluster (ISO-8601); absent when never. */
  readonly lastGood?: string
  /** The upstream HTTP status of the failure, when there was one. */
  readonly status?: number
}

/**
 * `event: error` — the last frame of a stream the server ends because its upstream failed
 * before it could send a snapshot (e.g. `403` listing pods). The client must not reconnect at
 * once: it falls back to polling (which answers the same error precisely) and retries the stream
 * later — slowly when `permanent`. (A browser delivers this frame to `EventSource.onerror` too, as
 * a MessageEvent with `data`; a connection error has no `data`.)
 */
export interface StreamErrorData {
  readonly reason: string
  /** The upstream HTTP status (403, 404, 401, …); absent for a failure without one (TLS, DNS). */
  readonly status?: number
  /** True for failures that retrying does not fix (403 Forbidden, 404 not served). */
  readonly permanent: boolean
  /**
   * The user may not list this kind anywhere the app looked (access reviews said no): show
   * `no access` with `reason`, dimmed, not an error. Absent otherwise.
   */
  readonly noAccess?: boolean
}

/**
 * `event: scope` — an "all namespaces" stream of a user who may not list the kind at the cluster
 * scope is the union of one watch per namespace they may read; this says which (sent before the
 * snapshot and whenever it changes). `leftOut` are readable namespaces the per-cluster watch
 * budget did not cover: the view must say so.
 */
export interface NamespaceScope {
  /** The namespaces watched, sorted. */
  readonly namespaces: readonly string[]
  /** Readable namespaces not watched (budget spent), most wanted first. */
  readonly leftOut: readonly string[]
  /** The per-cluster namespace-watch budget. */
  readonly budget: number
  /**
   * Where the candidates came from: `namespaces` (the user may list namespaces; each was
   * checked), or `configured` (the context's namespace, the cluster's "namespaces to watch"
   * setting and the namespaces opened by hand).
   */
  readonly source: 'namespaces' | 'configured'
}

/** The frames of a row stream, as a client receives them. */
export type StreamEvent =
  | { readonly event: 'snapshot'; readonly id?: string; readonly data: SnapshotData }
  | { readonly event: 'added' | 'modified' | 'deleted'; readonly id: string; readonly data: RowDto }
  | { readonly event: 'relist'; readonly data: RelistData }
  | { readonly event: 'state'; readonly data: StreamStateData }
  | { readonly event: 'error'; readonly data: StreamErrorData }
  | { readonly event: 'scope'; readonly data: NamespaceScope }

/** True for upstream statuses that retrying will not fix: refused (403) or not served (404). */
export function isPermanentStatus(status: number | undefined): boolean {
  return status === 403 || status === 404
}
