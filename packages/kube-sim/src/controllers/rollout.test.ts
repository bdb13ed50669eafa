// The rolling-update arithmetic: fenceposts, new ReplicaSet growth and old ReplicaSet shrinking.
import { describe, expect, it } from 'vitest'
import { fenceposts, newReplicaSetTarget, oldReplicaSetTargets } from './rollout.ts'

const rs = (id: string, spec: number, pods = spec, available = pods) => ({ id, spec, pods, available })

describe('rollout arithmetic', () => {
  it.each([
    [10, undefined, { surge: 3, unavailable: 2 }],
    [4, { maxSurge: 1, maxUnavailable: 0 }, { surge: 1, unavailable: 0 }],
    [4, { maxSurge: 0, maxUnavailable: 0 }, { surge: 0, unavailable: 1 }],
    [3, { maxSurge: '50%', maxUnavailable: '50%' }, { surge: 2, unavailable: 1 }],
    [1, { maxSurge: '25%', maxUnavailable: '25%' }, { surge: 1, unavailable: 0 }]
  ])('replicas %i with %j → %j', (replicas, ru, want) => {
    expect(fenceposts(replicas, ru)).toEqual(want)
  })

  it('grows the new ReplicaSet only up to replicas + surge pods, counting pods an old one still has', () => {
    expect(newReplicaSetTarget(rs('n', 0), [rs('n', 0), rs('o', 10)], 10, 3)).toBe(3)
    expect(newReplicaSetTarget(rs('n', 3, 3, 0), [rs('n', 3, 3, 0), rs('o', 8, 10, 10)], 10, 3)).toBeUndefined()
    expect(newReplicaSetTarget(rs('n', 3), [rs('n', 3), rs('o', 8, 8, 8)], 10, 3)).toBe(5)
    expect(newReplicaSetTarget(rs('n', 12), [rs('n', 12)], 10, 3)).toBe(10)
    expect(newReplicaSetTarget(rs('n', 10), [rs('n', 10)], 10, 3)).toBeUndefined()
  })

  it('shrinks old ReplicaSets only while replicas - maxUnavailable stay available', () => {
    // 10 old available, 3 new not yet available: may drop 2 (min available 8).
    expect(oldReplicaSetTargets(rs('n', 3, 3, 0), [rs('o', 10)], 10, 2)).toEqual(new Map([['o', 8]]))
    // New pods available: 3 + 8 = 11 available, min 8 → drop 3.
    expect(oldReplicaSetTargets(rs('n', 3), [rs('o', 8)], 10, 2)).toEqual(new Map([['o', 5]]))
    // Unhealthy old pods go first (as far as the budget allows), never available ones below the minimum.
    expect(oldReplicaSetTargets(rs('n', 0), [rs('o', 4, 4, 2)], 4, 1)).toEqual(new Map([['o', 3]]))
    expect(oldReplicaSetTargets(rs('n', 0), [rs('o', 4, 4, 2)], 4, 0).size).toBe(0)
    // maxUnavailable 0 and nothing new available yet: nothing moves.
    expect(oldReplicaSetTargets(rs('n', 1, 1, 0), [rs('o', 4)], 4, 0).size).toBe(0)
    // A stale status (more available than the spec) never counts beyond the spec.
    expect(oldReplicaSetTargets(rs('n', 1, 1, 0), [rs('o', 3, 4, 4)], 4, 1)).toEqual(new Map())
  })
})
