/**
 * A bounded log of the requests the simulator served, for tests ("how many LISTs? watches?").
 *
 * Why: tests of the watch engine assert apiserver friendliness (one LIST per 410, no relist on a
 * clean close), which needs the server's own view. Query parameters are kept, but never a
 * `token` parameter, and never headers, so no credential can reach the log.
 */
import { queryBool } from './params.ts'

/** Entries kept; older ones are dropped first. */
const MAX_ENTRIES = 5_000

export interface RequestEntry {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** True for a watch request (`watch` set to anything but `false`/`0`, as the apiserver reads it). */
  readonly watch: boolean
  /** HTTP status of the response (0 until headers are sent). */
  status: number
  readonly at: number
}

export class RequestLog {
  private readonly items: RequestEntry[] = []

  /** Record a request; the returned entry's `status` is filled in when the response starts. */
  add(method: string, path: string, query: URLSearchParams): RequestEntry {
    const q: Record<string, string> = {}
    for (const [k, v] of query) if (k !== 'token') q[k] = v
    const entry: RequestEntry = { method, path, query: q, watch: queryBool(query, 'watch') === true, status: 0, at: Date.now() }
    this.items.push(entry)
    if (this.items.length > MAX_ENTRIES) this.items.splice(0, this.items.length - MAX_ENTRIES)
    return entry
  }

  /** A copy of the entries, oldest first. */
  entries(): RequestEntry[] {
    return [...this.items]
  }

  /** Count the entries that pass `pred`. */
  count(pred: (e: RequestEntry) => boolean): number {
    let n = 0
    for (const e of this.items) if (pred(e)) n++
    return n
  }

  clear(): void {
    this.items.length = 0
  }
}
