/**
 * Demo-cluster generation: the initial objects and the seeded churn.
 *
 * PLACEHOLDER contract (the realistic generators replace the bodies, not the signatures):
 * - `generateCluster` returns create ops in dependency order (namespaces and nodes first, owners
 *   before the objects they own; ownerReferences name owners by name and the store fills uids).
 * - `createChurn` returns a ChurnSource that only ever touches objects it generated.
 */
import type { ChurnSource, KubeObject, SimWriteOp } from '../types.ts'

export interface GenerateOptions {
  /** Seed of the PRNG: the same seed gives the same cluster. */
  readonly seed: number
  /** Number of pods to generate (other kinds scale with it). */
  readonly pods: number
}

export function generateCluster(opts: GenerateOptions): SimWriteOp[] {
  const ops: SimWriteOp[] = [
    { op: 'create', kind: 'namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }
  ]
  for (let i = 0; i < opts.pods; i++) {
    const object: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }, status: { phase: 'Running' }
    }
    ops.push({ op: 'create', kind: 'pods', object })
  }
  return ops
}

export interface ChurnOptions {
  readonly seed: number
  /** The objects generateCluster produced (as created), which the churn may touch. */
  readonly generated: readonly SimWriteOp[]
}

export function createChurn(opts: ChurnOptions): ChurnSource {
  const pods = opts.generated.filter((o) => o.kind === 'pods').map((o) => o.object)
  let i = 0
  return {
    next(n: number): SimWriteOp[] {
      const out: SimWriteOp[] = []
      for (let k = 0; k < n && pods.length > 0; k++) {
        const p = pods[i++ % pods.length]
        p.metadata.labels = { ...(p.metadata.labels ?? {}), tick: String(i) }
        out.push({ op: 'update', kind: 'pods', object: p })
      }
      return out
    },
    rejected(op: SimWriteOp): void {
      const idx = pods.indexOf(op.object)
      if (idx >= 0) pods.splice(idx, 1)
    }
  }
}
