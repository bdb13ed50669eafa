/**
 * The watch engine's public contract, as the server (and later the app shell) use it.
 *
 * Why: the server must never reach into the engine, and the engine never imports the server;
 * this file is the only thing they share besides src/shared.
 */
import type { ListProgress } from '../../shared/api/frames.ts'
import type { AnyKindDef, AnyKindId } from '../../shared/kinds/anyKind.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import type { CustomKindDef } from '../../shared/kinds/custom.ts'
import type { RowDto, RowList } from '../../shared/dto/row.ts'
import type { ClusterInfo, DebugWatch } from '../../shared/api/wire.ts'
import type { NamespaceScope } from '../../shared/api/frames.ts'
import type { PodLogQuery, PodLogRequest } from '../kube/logSource.ts'

export type { PodLogQuery, PodLogRequest, RawLogLine } from '../kube/logSource.ts'

/** Identity of one upstream list-then-watch. `namespace` '' = all namespaces / cluster-scoped. */
export interface WatchKeyParts {
  readonly cluster: string
  /** A registry token, or a custom kind (`<plural>.<group>`) the cluster's discovery serves. */
  readonly kind: AnyKindId
  readonly namespace: string
}

/** What a stream subscriber receives. Calls are synchronous and in order. */
export type { ListProgress } from '../../shared/api/frames.ts'

export interface WatchSubscriber {
  /** The full current set (events: newest first, all of them). Sent once synced, and after relist. */
  onSnapshot(items: readonly RowDto[], resourceVersion: string): void
  /**
   * Optional early rows (performance target T2): while the watch's *initial* LIST is still
   * paging, a subscriber waiting for its first snapshot may get the rows listed so far (a prefix,
   * at most a few thousand; events newest first) with the LIST's progress (rows listed so far,
   * and the total when the apiserver tells). Repeated at most once a second while the LIST
   * pages (so a view can count the rows arriving); never on a relist, a resume (`lastEventId`)
   * or a late join of a synced watch. It carries no resourceVersion (nothing to resume from):
   * `onSnapshot` always follows and replaces it.
   */
  onPartialSnapshot?(items: readonly RowDto[], progress: ListProgress): void
  onDelta(type: 'added' | 'modified' | 'deleted', row: RowDto, resourceVersion: string): void
  /** Upstream 410 (or a forced relist): a fresh snapshot follows. */
  onRelist(reason: string): void
  /**
   * The upstream state changed (connecting, live, reconnecting, error: reason), with the facts a
   * stream needs to tell its client honestly (see `StateDetail`). Optional.
   */
  onState?(state: WatchState, reason: string, detail: StateDetail): void
  /**
   * An "all namespaces" subscription served as a union of per-namespace watches (the user may
   * not list the kind at the cluster scope) says which namespaces it covers and which the
   * budget left out; again whenever that changes. Optional.
   */
  onScope?(scope: NamespaceScope): void
}

/** The custom kinds of a cluster (discovery), as `WatchEngine.customKinds` answers them. */
export interface ClusterCustomKinds {
  readonly kinds: readonly CustomKindDef[]
  /** When discovery last answered (ISO-8601); absent before it did. */
  readonly discoveredAt?: string
  /** Why discovery failed or is incomplete ('' when complete). */
  readonly reason: string
}

export type WatchState = 'connecting' | 'live' | 'reconnecting' | 'error'

/** What comes with a state change besides its reason. */
export interface StateDetail {
  /**
   * The watch has had its first complete LIST. An `error` with `synced: false` means nothing can
   * be shown from it (e.g. 403 on the LIST): a stream should end with the reason, not wait.
   */
  readonly synced: boolean
  /** The upstream HTTP status of the failure (403, 404, 401, 500…), when there was one. */
  readonly status?: number
  /** 403 Forbidden or 404 not served: retried slowly (minutes), not at the backoff. */
  readonly permanent: boolean
  /** When the rows were last known to match the cluster (ISO-8601), if ever. */
  readonly lastGood?: string
  /** The access reviews say the user may not list this kind in this scope: `no access`, not an error. */
  readonly noAccess?: boolean
}

export interface Subscription {
  /** Stop receiving; releases the refcount (the upstream watch lingers, then stops). */
  close(): void
}

export interface SubscribeOptions {
  /** SSE Last-Event-ID: replay only missed deltas when the history still covers it. */
  readonly lastEventId?: string
}

export interface WatchEngine {
  /**
   * The custom kinds `cluster` serves (discovery; waits for the first answer), with the Table
   * columns of those whose lists have been seen. Optional: providers without discovery have none.
   */
  customKinds?(cluster: string): Promise<ClusterCustomKinds>
  /**
   * The def of a kind token on `cluster`: a registry kind, or a custom kind (`<plural>.<group>`)
   * its discovery serves; undefined when the cluster does not serve it. Waits for the cluster's
   * first discovery (bounded). When discovery never answered (the cluster is down), a custom
   * token gets a provisional def so its offline rows can still be read.
   */
  resolveKind?(cluster: string, token: string): Promise<AnyKindDef | undefined>
  /** The Table columns of custom kind `token` on `cluster`, once a list of it has been seen. */
  columnsOf?(cluster: string, token: string): readonly ColumnDef[] | undefined
  /** Known clusters, their status and reason, and the kinds each refuses (`problems`). */
  clusters(): readonly ClusterInfo[]
  /** True when `cluster` is a known context id. */
  hasCluster(cluster: string): boolean
  /**
   * Why `subscribe(key)` would be refused now (the upstream watch ceilings are reached and every
   * watch under them is in use), or undefined. A refused stream is a 429: its view polls.
   */
  refusal?(key: WatchKeyParts): string | undefined
  /**
   * Subscribe to a shared watch (created on demand, one per key; cluster-scoped kinds ignore
   * `namespace`). When the shared cache is already synced, the subscriber is called back
   * synchronously, before this returns: `onState`, then either one `onSnapshot` or — when
   * `lastEventId` is still covered by the delta history — only the missed `onDelta`s (none if it
   * is current). Otherwise the snapshot follows once the first LIST lands. A watch that fails
   * before its first LIST reports `onState('error', reason, { synced: false, … })` (at once, to a
   * subscriber joining a watch that already failed) and keeps retrying, slowly for 403/404.
   * @throws Error with `code` 'UnknownCluster' for an unknown cluster, or `code` 'WatchCeiling'
   *   when the upstream watch ceilings refuse a new watch (see `refusal`).
   */
  subscribe(key: WatchKeyParts, sub: WatchSubscriber, opts?: SubscribeOptions): Subscription
  /**
   * The polled list: from the shared cache when synced, else a one-shot paginated LIST.
   * @throws the upstream error (with its `status`, e.g. 403 and the apiserver's message) when the
   *   LIST fails and no cached rows can stand in (never for a 403/404: the cluster answered).
   */
  list(key: WatchKeyParts): Promise<RowList>
  /**
   * One object, fetched from the apiserver on demand (the detail drawer's YAML). Never cached:
   * the engine keeps rows, not objects. `metadata.managedFields` is dropped, as kubectl hides it.
   * @throws Error with `code` 'UnknownCluster', or an upstream error with `status` 404 when the
   *   object does not exist.
   */
  getObject(key: WatchKeyParts, name: string): Promise<Record<string, unknown>>
  /**
   * One container's log from the apiserver (`pods/{name}/log`, timestamps on), line by line: the
   * one request the engine makes that is not a list or a watch. Never cached. Resolves when the
   * body ends (a follow: the container stopped); rejects with the upstream error (its `status`
   * and the apiserver's words, e.g. 400 `container "x" in pod "y" is waiting to start: …`).
   * @throws Error with `code` 'UnknownCluster' for an unknown cluster.
   */
  podLog(cluster: string, namespace: string, pod: string, query: PodLogQuery, req: PodLogRequest): Promise<void>
  /**
   * The candidate namespaces of "all namespaces" unions changed (the cluster's "namespaces to
   * watch" setting): re-plan them now (one cluster, or every cluster when omitted). Optional.
   */
  rescope?(cluster?: string): void
  /** One entry per upstream watch, for /debug/watches. */
  debugWatches(): readonly DebugWatch[]
  /**
   * Every watch of `cluster` that is waiting out its backoff retries now, from a fresh backoff
   * (its kubeconfig entry changed: new server, CA or credentials). Live watches are untouched.
   * @returns how many watches were woken.
   */
  retryNow(cluster: string): number
  /**
   * The user asked to try `cluster` again now ("Retry now"): probe it (its status follows the
   * answer) and wake its watches from their backoff.
   * @returns its status after the probe.
   * @throws Error with `code` 'UnknownCluster'.
   */
  retryCluster(cluster: string): Promise<ClusterInfo | undefined>
  /**
   * Every watch of `cluster` drops its connection (live or not) and starts over from a LIST: its
   * server or certificate authority changed, so the resourceVersions held so far belong to
   * another apiserver. Subscribers get `onRelist(reason)` and a fresh snapshot.
   * @returns how many watches were restarted.
   */
  relistCluster(cluster: string, reason: string): number
  /** Abort every upstream watch and stop timers. */
  close(): Promise<void>
}
