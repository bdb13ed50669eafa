/**
 * The generated world: the small records behind every generated object, shared by the cluster
 * generator (which plans them and emits create ops) and the churn (which evolves them).
 *
 * Why: the churn must rebuild full objects cheaply and only for objects it generated. Records are
 * a few fields each around shared immutable templates; `registerWorld` links the ops array (and
 * its objects) returned by `generateCluster` to its world so `createChurn` can find it.
 * Lifecycle: planned once per generateCluster call; each churn works on its own `cloneWorld` copy.
 */
import type { SimWriteOp } from '../types.ts'
import type { NodeRec } from './infra.ts'
import type { PodTemplate } from './podSpec.ts'
import type { PodState } from './podStatus.ts'
import type { WorkloadRec } from './workloads.ts'
import type { EventLine, Involved } from './events.ts'

/** One pod of the world. */
export interface PodRec {
  readonly namespace: string
  readonly name: string
  readonly owner: WorkloadRec
  readonly tpl: PodTemplate
  node: NodeRec | undefined
  podIP: string
  createdMs: number
  startMs: number
  state: PodState
  restarts: number
  lastRestartMs: number
}

/** One generated event (the churn deletes the oldest ones to keep the count bounded). */
export interface EventRec {
  readonly namespace: string
  readonly name: string
  readonly on: Involved
  readonly line: EventLine
  readonly host: string | undefined
  count: number
  readonly firstMs: number
  lastMs: number
}

/** A generated Service of a workload: its EndpointSlices follow the workload's pods. */
export interface ServiceRec {
  readonly namespace: string
  readonly name: string
  /** The container port the slices list. */
  readonly port: number
  /** The workload whose pods it selects (a deployment's current ReplicaSet, or a StatefulSet). */
  readonly owner: WorkloadRec
  /** Name suffixes of its slices (`<name>-<suffix>`), at least one. */
  slices: string[]
  readonly createdMs: number
  /** The endpoints last written, to write only on a change. */
  lastSig?: string
}

/** Everything the generator planned. */
export interface World {
  readonly seed: number
  readonly now: number
  readonly nodes: NodeRec[]
  /** Deployments (each with `current` = its current replicaset's pods). */
  readonly deployments: WorkloadRec[]
  /** Current replicaset of each deployment, same index as `deployments`. */
  readonly replicaSets: WorkloadRec[]
  readonly statefulSets: WorkloadRec[]
  readonly daemonSets: WorkloadRec[]
  readonly pods: PodRec[]
  readonly events: EventRec[]
  /** The scheduler's message for a pod no node can take (real node count). */
  readonly unschedulable: string
  readonly services: ServiceRec[]
}

const worlds = new WeakMap<object, World>()

/** Link the generated ops (array and each object) to the world they came from. */
export function registerWorld(ops: readonly SimWriteOp[], world: World): void {
  worlds.set(ops, world)
  if (ops.length > 0) worlds.set(ops[0].object, world)
}

/** The world behind generated ops, or undefined when the ops did not come from `generateCluster`. */
export function findWorld(ops: readonly SimWriteOp[]): World | undefined {
  return worlds.get(ops) ?? (ops.length > 0 ? worlds.get(ops[0].object) : undefined)
}

/** A copy whose mutable records are independent of `w` (templates stay shared: they are immutable). */
export function cloneWorld(w: World): World {
  const nodes = new Map(w.nodes.map((n) => [n, { ...n }]))
  const wl = new Map<WorkloadRec, WorkloadRec>()
  const copy = (x: WorkloadRec): WorkloadRec => {
    let c = wl.get(x)
    if (!c) {
      c = { ...x, parent: x.parent ? copy(x.parent) : undefined }
      wl.set(x, c)
    }
    return c
  }
  return {
    seed: w.seed,
    now: w.now,
    nodes: w.nodes.map((n) => nodes.get(n) as NodeRec),
    deployments: w.deployments.map(copy),
    replicaSets: w.replicaSets.map(copy),
    statefulSets: w.statefulSets.map(copy),
    daemonSets: w.daemonSets.map(copy),
    pods: w.pods.map((p) => ({ ...p, owner: copy(p.owner), node: p.node ? nodes.get(p.node) : undefined })),
    events: w.events.map((e) => ({ ...e })),
    unschedulable: w.unschedulable,
    services: w.services.map((s) => ({ ...s, owner: copy(s.owner), slices: [...s.slices] }))
  }
}
