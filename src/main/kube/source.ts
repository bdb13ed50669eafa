/**
 * The ListerWatcher contract between the transport (this folder) and the watch engine.
 *
 * Why: the engine owns the list-watch loop but must never open sockets itself (lint forbids
 * node:http in src/main/watch), and its unit tests need an in-memory source with drop / reset /
 * 410 / stall seams (client-go's FakeControllerSource). One source = one collection of one kind
 * (all namespaces, one namespace, or a cluster-scoped kind) on one cluster.
 */
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'

/** One watch event as the apiserver sends it (ERROR events become rejections instead). */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'
  readonly object: ObjectLike
}

export interface ListOptions {
  readonly signal: AbortSignal
  /**
   * Each page's items, in order; the caller projects and drops them (nothing else keeps them).
   * `remainingItemCount` is the page's `metadata.remainingItemCount` when the apiserver sent one
   * (how many items the later pages hold; absent with selectors and on the last page).
   */
  onPage(items: readonly ObjectLike[], info?: { readonly remainingItemCount?: number; readonly columnDefinitions?: unknown }): void
}

export interface WatchOptions {
  /** Watch from this resourceVersion (the list's, or the last event's / bookmark's). */
  readonly resourceVersion: string
  readonly signal: AbortSignal
  /** No byte for this long → the watch rejects with kind 'liveness'. */
  readonly livenessMs: number
  /**
   * A WatchList (watchList.ts): `sendInitialEvents=true` + `resourceVersionMatch=NotOlderThan`,
   * so the current objects come first as ADDED events, then the initial-events-end bookmark.
   */
  readonly initialEvents?: boolean
  /** The watch is established (HTTP 200): the caller is live. */
  onOpen?(): void
  /** Called synchronously per event, in order. */
  onEvent(event: WatchEvent): void
}

/** A list/watch pair for one collection. */
export interface ResourceSource {
  /**
   * Paginated LIST (limit 500 + continue), handed over page by page.
   * @returns the list's resourceVersion.
   * @throws UpstreamError (kind 'gone' when a continue token expired).
   */
  list(opts: ListOptions): Promise<{ resourceVersion: string }>
  /**
   * One watch request. Resolves when the apiserver ends the stream cleanly (its timeoutSeconds);
   * rejects with an UpstreamError otherwise: 'gone' for 410 (HTTP status or in-stream ERROR),
   * 'malformed' for a bad line, 'liveness' for a stall, 'aborted' when `signal` fires.
   */
  watch(opts: WatchOptions): Promise<void>
}
