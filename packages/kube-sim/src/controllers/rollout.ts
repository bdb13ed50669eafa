/**
 * The rolling-update arithmetic of the deployment controller, as pure functions.
 *
 * Why: the bounds a rolling update promises (never more than `replicas + maxSurge` pods, never
 * fewer than `replicas - maxUnavailable` available) live entirely in these numbers, so they are
 * kept apart from the store plumbing and unit-tested on their own. They follow
 * `reconcileNewReplicaSet` / `reconcileOldReplicaSets` of the real controller, with one
 * deliberate tightening: a ReplicaSet counts as `max(spec, status.replicas)` pods while it
 * shrinks and as `min(spec, status.available)` available pods, so a status that lags behind a
 * scale-down can never let the bounds slip.
 */
import { scaledValue } from './context.ts'

/** A ReplicaSet as the arithmetic sees it. */
export interface RsNumbers {
  readonly id: string
  /** `spec.replicas`. */
  readonly spec: number
  /** `status.replicas` (active pods). */
  readonly pods: number
  /** `status.availableReplicas`. */
  readonly available: number
}

/** `maxSurge` and `maxUnavailable` resolved against `replicas` (25 % / 25 % by default). */
export function fenceposts(
  replicas: number,
  rollingUpdate: { maxSurge?: unknown; maxUnavailable?: unknown } | undefined
): { surge: number; unavailable: number } {
  const surge = scaledValue(rollingUpdate?.maxSurge, replicas, true, '25%')
  let unavailable = scaledValue(rollingUpdate?.maxUnavailable, replicas, false, '25%')
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable: Math.min(unavailable, replicas) }
}

const podsOf = (rs: RsNumbers): number => Math.max(rs.spec, rs.pods)
const availableOf = (rs: RsNumbers, spec = rs.spec): number => Math.min(spec, rs.available)

/**
 * The new ReplicaSet's next size, or undefined when it should stay as it is.
 * @param all every ReplicaSet of the deployment, the new one included
 */
export function newReplicaSetTarget(newRs: RsNumbers, all: readonly RsNumbers[], replicas: number, surge: number): number | undefined {
  if (newRs.spec === replicas) return undefined
  if (newRs.spec > replicas) return replicas
  let total = 0
  for (const rs of all) total += podsOf(rs)
  const room = replicas + surge - total
  if (room <= 0) return undefined
  return newRs.spec + Math.min(room, replicas - newRs.spec)
}

/**
 * New sizes for the old ReplicaSets (only those that change), oldest first: first the unhealthy
 * pods go, then as many available ones as `maxUnavailable` allows.
 * @param old the old ReplicaSets, oldest first
 */
export function oldReplicaSetTargets(newRs: RsNumbers | undefined, old: readonly RsNumbers[], replicas: number, unavailable: number): Map<string, number> {
  const out = new Map<string, number>()
  const spec = new Map(old.map((rs) => [rs.id, rs.spec]))
  let oldTotal = 0
  for (const rs of old) oldTotal += rs.spec
  if (oldTotal === 0) return out
  const all = newRs ? [newRs, ...old] : [...old]
  let allSpec = 0
  for (const rs of all) allSpec += rs.spec
  const minAvailable = replicas - unavailable
  const newUnavailable = newRs ? newRs.spec - availableOf(newRs) : 0
  let maxScaledDown = allSpec - minAvailable - newUnavailable
  if (maxScaledDown <= 0) return out
  for (const rs of old) {
    if (maxScaledDown <= 0) break
    const s = spec.get(rs.id) ?? 0
    const unhealthy = s - availableOf(rs, s)
    if (unhealthy <= 0) continue
    const down = Math.min(maxScaledDown, unhealthy)
    spec.set(rs.id, s - down)
    out.set(rs.id, s - down)
    maxScaledDown -= down
  }
  let available = 0
  for (const rs of all) available += availableOf(rs, spec.get(rs.id) ?? rs.spec)
  let excess = available - minAvailable
  for (const rs of old) {
    if (excess <= 0) break
    const s = spec.get(rs.id) ?? 0
    if (s === 0) continue
    const down = Math.min(s, excess)
    spec.set(rs.id, s - down)
    out.set(rs.id, s - down)
    excess -= down
  }
  return out
}
