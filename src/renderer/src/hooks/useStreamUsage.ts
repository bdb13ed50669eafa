/**
 * How many live connections (SSE streams) are open, for the settings page's "12 of 60 live
 * connections in use" (`GET /debug/streams`, which lists every open stream with its actor).
 *
 * Lifecycle: fetch on mount and every USAGE_REFRESH_MS while mounted; a failed fetch keeps the
 * last answer and says why.
 */
import { useEffect, useState } from 'react'
import { fetchDebugStreams } from '../api/client.ts'

/** Streams open and close as views do: a few seconds is fresh enough for a settings page. */
const USAGE_REFRESH_MS = 3_000

export interface StreamUsage {
  /** Open streams, or null before the first answer. */
  readonly open: number | null
  /** Distinct users (actors) holding them: the cap counts per user. */
  readonly users: number
  readonly error: string
}

/** The open streams, refreshed while mounted. */
export function useStreamUsage(): StreamUsage {
  const [usage, setUsage] = useState<StreamUsage>({ open: null, users: 0, error: '' })
  useEffect(() => {
    let alive = true
    const load = (): void => {
      fetchDebugStreams().then(
        (s) => {
          if (alive) setUsage({ open: s.length, users: new Set(s.map((x) => x.actor)).size, error: '' })
        },
        (e: unknown) => {
          if (alive) setUsage((u) => ({ ...u, error: (e as Error).message }))
        }
      )
    }
    load()
    const t = window.setInterval(load, USAGE_REFRESH_MS)
    return () => {
      alive = false
      window.clearInterval(t)
    }
  }, [])
  return usage
}
