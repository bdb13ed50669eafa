/**
 * What every route handler is given: the engine, the live config, the limiter, the open streams,
 * the kubeconfig browser; and what one handler call is given (`Call`).
 *
 * Why: handlers stay small, stateless functions; the one server instance owns these objects.
 */
import type { KubeconfigReloadResponse, KubeconfigView } from '../../shared/api/kubeconfig.ts'
import type { RouteName, RouteOf } from '../../shared/api/routes.ts'
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import type { StreamLimiter } from '../limiter/streamLimiter.ts'
import type { LogBudget } from './logs/budget.ts'
import type { BufferBudget } from './sse/budget.ts'
import type { WatchEngine } from '../watch/types.ts'
import type { Req, Res } from './respond.ts'
import type { StreamRegistry } from './streams.ts'

export interface ServerContext {
  readonly engine: WatchEngine
  readonly config: RuntimeConfig
  readonly limiter: StreamLimiter
  readonly streams: StreamRegistry
  /** The app version reported by `/api/features`. */
  readonly version: string
  /** Heartbeat period of streams (tests shorten it). */
  readonly pingMs?: number
  /** Slow-consumer bound of streams (tests shorten it). */
  readonly maxBufferedBytes?: number
  /** Unflushed bytes of all streams together (sse/budget.ts); absent = unbounded (unit tests). */
  readonly budget?: BufferBudget
  /** One line per event; never given a URL, query or token. */
  readonly log: (line: string) => void
  /** `GET /api/kubeconfig`: describes the kubeconfig from its files (no network); absent = 404. */
  readonly kubeconfig?: () => Promise<KubeconfigView>
  /** `POST /api/kubeconfig/reload`: re-read the files and rebuild changed clusters; absent = 404. */
  readonly reloadKubeconfig?: () => KubeconfigReloadResponse
  /** The memory bound of all log streams (tests give a small one); default the process's shared one. */
  readonly logBudget?: LogBudget
}

/** What a handler is given besides the context: one request, already guarded and matched. */
export interface Call<N extends RouteName> {
  readonly req: Req
  readonly res: Res
  readonly route: RouteOf<N>
  /** The request path (for 404 messages; never the query, which may hold the token). */
  readonly pathname: string
  readonly query: URLSearchParams
  /** The authenticated actor (the cap is per actor). */
  readonly actor: string
  /** The request's Origin (already checked), echoed by CORS. */
  readonly origin: string | undefined
}
