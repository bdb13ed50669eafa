/**
 * Demo-cluster generation: the initial objects and the seeded churn.
 *
 * - `generateCluster` returns create ops in dependency order (namespaces and nodes first, owners
 *   before the objects they own; ownerReferences name owners by name with an empty uid that the
 *   store fills).
 * - `createChurn` returns a ChurnSource that only ever touches objects it generated.
 * Building blocks other tests may use: `podInState` / `POD_STATUS_TEXT` (a pod in an exact state)
 * and `kubectlPodStatus` (what kubectl prints for a pod).
 */
import type { ChurnSource, SimWriteOp } from '../types.ts'
import { churnSource } from './churn.ts'
import { emitCluster } from './emit.ts'
import { cloneWorld, findWorld } from './world.ts'

export { podInState, POD_STATES, POD_STATUS_TEXT, type PodBase, type PodState } from './podStatus.ts'
export { kubectlPodStatus, type PodPrint } from './kubectlStatus.ts'

export interface GenerateOptions {
  /** Seed of the PRNG: the same seed gives the same cluster. */
  readonly seed: number
  /** Number of pods to generate (other kinds scale with it). */
  readonly pods: number
  /** Clock the ages are relative to, in ms since epoch (default: now). Fix it for byte-identical output. */
  readonly now?: number
}

/** Generate the create ops of a demo cluster with exactly `opts.pods` pods. */
export function generateCluster(opts: GenerateOptions): SimWriteOp[] {
  return emitCluster({ seed: opts.seed, pods: opts.pods, now: opts.now ?? Date.now() })
}

export interface ChurnOptions {
  readonly seed: number
  /** The ops array generateCluster returned (the same array or objects), which the churn may touch. */
  readonly generated: readonly SimWriteOp[]
  /** Clock of timestamps in churned objects, in ms since epoch (default Date.now). */
  readonly clock?: () => number
}

/**
 * A churn over the objects of `opts.generated`. Each call works on its own copy of the generated
 * records, so two churns with the same seed produce the same ops.
 * @throws when `generated` did not come from `generateCluster` in this process.
 */
export function createChurn(opts: ChurnOptions): ChurnSource {
  const world = findWorld(opts.generated)
  if (!world) {
    if (opts.generated.length === 0) return { next: () => [], rejected: () => undefined }
    throw new Error('createChurn: `generated` must be the ops array returned by generateCluster in this process (its records are looked up by identity)')
  }
  return churnSource({ seed: opts.seed, world: cloneWorld(world), clock: opts.clock ?? Date.now })
}
