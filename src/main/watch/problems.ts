/**
 * Per-kind problems of a cluster: the collections the apiserver refuses while the cluster itself
 * is fine (403 Forbidden on pods for a user without RBAC for them, 404 for a resource it does not
 * serve), for the `problems` field of `GET /api/clusters`.
 *
 * Why: a 403 on one kind is not a dead cluster (its status stays `ok`, its other kinds work), yet
 * the user must see which kinds fail and why, in the sidebar as well as in the view. Two sources
 * feed it: the shared watches (their `problem()`, while they exist) and the one-shot LISTs of
 * polled views (recorded here, because no watch outlives them).
 * Lifecycle: `record()` after a failed one-shot LIST, `clear()` after a good one; a one-shot
 * record not confirmed for PROBLEM_TTL_MS is dropped (nobody is looking at that kind any more);
 * `byCluster()` merges both sources on demand. Nothing to close.
 */
import type { KindProblem } from '../../shared/api/wire.ts'
import { UpstreamError, isKindLevel } from '../kube/errors.ts'
import { watchKey } from './registry.ts'
import type { SharedWatch } from './sharedWatch.ts'
import type { WatchKeyParts } from './types.ts'

/**
 * A one-shot failure nobody re-confirms for this long is forgotten: a polled view re-confirms it
 * every 5 s, so 10 minutes means every view of that kind is closed.
 */
export const PROBLEM_TTL_MS = 10 * 60_000

interface Recorded {
  readonly key: WatchKeyParts
  readonly reason: string
  readonly status?: number
  readonly since: number
  seenAt: number
}

export class KindProblems {
  private readonly oneShots = new Map<string, Recorded>()

  /** A one-shot LIST of `key` failed: remembered when it is a per-kind refusal. */
  record(key: WatchKeyParts, err: unknown): void {
    if (!isKindLevel(err)) return
    const id = watchKey(key)
    const now = Date.now()
    const prev = this.oneShots.get(id)
    const status = err instanceof UpstreamError ? err.status : undefined
    const reason = (err as Error).message
    if (prev && prev.reason === reason) {
      prev.seenAt = now
      return
    }
    this.oneShots.set(id, { key, reason, ...(status !== undefined ? { status } : {}), since: now, seenAt: now })
  }

  /** A one-shot LIST of `key` worked. */
  clear(key: WatchKeyParts): void {
    this.oneShots.delete(watchKey(key))
  }

  /**
   * Every cluster's problems (cluster id → problems by kind then namespace), in one pass over the
   * records and the watches: `/api/clusters` stays cheap with thousands of contexts. A watch
   * speaks for its key while it exists: its own problem, or none once it has listed.
   */
  byCluster(watches: readonly SharedWatch[]): Map<string, KindProblem[]> {
    const now = Date.now()
    const found = new Map<string, { cluster: string; problem: KindProblem }>()
    for (const [id, p] of this.oneShots) {
      if (now - p.seenAt > PROBLEM_TTL_MS) {
        this.oneShots.delete(id)
        continue
      }
      found.set(id, {
        cluster: p.key.cluster,
        problem: {
          kind: p.key.kind,
          namespace: p.key.namespace,
          reason: p.reason,
          ...(p.status !== undefined ? { status: p.status } : {}),
          since: new Date(p.since).toISOString()
        }
      })
    }
    for (const w of watches) {
      const id = watchKey(w.key)
      const p = w.problem()
      if (p) found.set(id, { cluster: w.key.cluster, problem: { kind: w.key.kind, namespace: w.key.namespace, ...p } })
      else if (w.isSynced) {
        found.delete(id)
        this.oneShots.delete(id)
      }
    }
    const out = new Map<string, KindProblem[]>()
    for (const { cluster, problem } of found.values()) {
      const list = out.get(cluster)
      if (list) list.push(problem)
      else out.set(cluster, [problem])
    }
    for (const list of out.values()) list.sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace))
    return out
  }
}
