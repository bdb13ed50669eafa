/**
 * The contract of a pod log request, between the transport (src/main/kube/logs.ts), the
 * cluster providers, the watch engine that exposes it, and the server's log streams.
 *
 * Why: the engine may not open sockets (lint), and the server must not reach the transport; this
 * file is the types they share, the way source.ts is for list/watch.
 */

/** What one upstream log request asks (the apiserver's PodLogOptions; `timestamps` is always on). */
export interface PodLogQuery {
  readonly container: string
  readonly follow: boolean
  readonly previous?: boolean
  readonly tailLines?: number
  readonly sinceSeconds?: number
  /** RFC3339 with whole seconds, as the apiserver forwards it to the kubelet. */
  readonly sinceTime?: string
}

/** One line as the kubelet sent it, its timestamp normalised (logTime.ts). */
export interface RawLogLine {
  /** '' when the line had no timestamp (a kubelet message such as "unable to retrieve …"). */
  readonly t: string
  readonly m: string
}

export interface PodLogRequest {
  readonly signal: AbortSignal
  /** The request is established (HTTP 200). */
  onOpen?(): void
  /** Lines in the order received, one call per chunk of the body. */
  onLines(lines: readonly RawLogLine[]): void
}
