/**
 * Bounds on what an apiserver may send us: body sizes (counted after decompression), body idle
 * time, and per-request deadlines.
 *
 * Why: the main process holds every cluster of the kubeconfig, and in the desktop app it holds
 * the window too. An apiserver (or anything answering on its address: a captive portal, a broken
 * proxy, a hostile server) that sends a 1 GB body, a gzip bomb (713 KB that inflates to GBs), a
 * body that stalls after the headers, or an endless line must cost one failed request of that
 * cluster, never the process. Sizes are per kind: a LIST page holds at most LIST_PAGE_LIMIT
 * objects, and objects of some kinds are much larger than others (performance-notes: pods are
 * 8–13 KB of JSON, 19 KB worst). A page over its bound is asked for again in pages of
 * SMALL_PAGE_LIMIT (a cluster with fat objects still lists); only a small page over the bound
 * fails. Lifecycle: constants, and `limitsFor(kind)` per request.
 */
import type { KindId } from '../../shared/kinds/registry.ts'

/** Objects per LIST page: a 500-pod page parses in ~21 ms, under the 50 ms long-task line. */
export const LIST_PAGE_LIMIT = 500
/** The retry size of a page that was over its byte bound. */
export const SMALL_PAGE_LIMIT = 50
/**
 * One object: etcd refuses requests over 1.5 MiB (`--max-request-bytes`), and its JSON form can
 * be somewhat larger than what etcd stores. Bounds a GET of one object and one watch event line.
 */
export const MAX_OBJECT_BYTES = 4 * 1024 * 1024
/** `/version` is ~300 bytes of JSON. */
export const MAX_VERSION_BYTES = 64 * 1024
/** Error bodies are Status objects of a few hundred bytes; never buffer a huge error page. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024

/**
 * The bound of one LIST page (500 objects), by kind: room for 500 objects of ~64 KiB for the big
 * kinds (3× the largest seen in practice: pods with many containers and managedFields, nodes with
 * long image lists, endpoint slices of 100 endpoints), ~32 KiB for most, ~16 KiB for the small.
 */
const PAGE_BYTES: Partial<Record<KindId, number>> = {
  pods: 32 * 1024 * 1024,
  nodes: 32 * 1024 * 1024,
  endpointslices: 32 * 1024 * 1024,
  events: 8 * 1024 * 1024,
  namespaces: 8 * 1024 * 1024,
  priorityclasses: 8 * 1024 * 1024,
  runtimeclasses: 8 * 1024 * 1024,
  ingressclasses: 8 * 1024 * 1024
}
const DEFAULT_PAGE_BYTES = 16 * 1024 * 1024

/** The bound of one LIST page of `kind` (after decompression): 8 to 32 MiB. */
export function maxPageBytes(kind: KindId | undefined): number {
  return (kind && PAGE_BYTES[kind]) || DEFAULT_PAGE_BYTES
}

/** Timing bounds of one transport (tests shorten them). */
export interface TransportTimeouts {
  /** Response headers must arrive within this; an apiserver that accepts and never answers is down. */
  readonly responseMs: number
  /** No byte of a LIST page or GET body for this long: the body stalled. */
  readonly bodyIdleMs: number
  /** A whole LIST page (request, headers and body) must be done within this. */
  readonly pageDeadlineMs: number
}

export const DEFAULT_TIMEOUTS: TransportTimeouts = {
  responseMs: 30_000,
  bodyIdleMs: 30_000,
  // A 32 MiB page at 1 MB/s (a slow VPN) takes ~35 s.
  pageDeadlineMs: 60_000
}

/** TCP keep-alive probes start after this much idle time (client-go's dialer uses 30 s). */
export const TCP_KEEPALIVE_MS = 30_000
/** A pooled (idle) upstream connection is closed after this (client-go: IdleConnTimeout 90 s). */
export const IDLE_SOCKET_MS = 90_000
/** Idle upstream connections kept per apiserver for the next request. */
export const MAX_IDLE_SOCKETS = 4

/** "30 s", "1.5 s", or "300 ms" under a second: a duration for a message. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
