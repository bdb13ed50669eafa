/**
 * What every route handler is given: the engine, the live config, the limiter, the open streams.
 *
 * Why: handlers stay small, stateless functions; the one server instance owns these objects.
 */
import type { RuntimeConfig } from '../config/runtimeConfig.ts'
import type { StreamLimiter } from '../limiter/streamLimiter.ts'
import type { WatchEngine } from '../watch/types.ts'
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
  /** One line per event; never given a URL, query or token. */
  readonly log: (line: string) => void
}
