/**
 * The seeded churn: a state machine over the generated objects that looks like a live cluster.
 *
 * Why: the demo and the benchmarks need a steady stream of realistic writes (pod lifecycles,
 * restarts, replacements, workload status, node heartbeats, events, scaling) at a chosen rate,
 * with object counts that stay flat over hours and only ever on objects the generator made.
 * Lifecycle: created once per store from the generated ops; `next(n)` is called by the store's
 * pacing loop; `rejected(op)` is called when the store refuses an op and makes the churn forget
 * that object. Each step may queue several ops; `next(n)` drains exactly n of them.
 */
import type { ChurnSource, KubeObject, SimWriteOp } from '../types.ts'
import type { KindId } from '../kinds.ts'
import type { PodState } from './podStatus.ts'
import type { WorkloadRec } from './workloads.ts'
import type { EventRec, PodRec, World } from './world.ts'
import { createRng } from './prng.ts'
import { ChurnIndex, lineKey } from './churnState.ts'
import { foreignHandlers } from './churnForeign.ts'
import { drawState } from './plan.ts'
import { podObject } from './podObject.ts'
import { nodeObj } from './infra.ts'
import { endpointOf, endpointSliceObj } from './network.ts'
import type { EndpointRef } from './network.ts'
import { nodeLeaseObj } from './support.ts'
import { daemonSetObj, deploymentObj, replicaSetObj, statefulSetObj } from './workloads.ts'
import { eventObj, podEventLines, type EventLine } from './events.ts'
import { eventName, SECOND } from './ids.ts'

/** Share of steps of each action (the rest advances a random pod). */
const P_MOVING = 0.35
const P_EVENT = 0.28
const P_WORKLOAD = 0.06
const P_NODE = 0.01
const P_SCALE = 0.01
/** Smallest event budget, for clusters generated with few events. */
const MIN_EVENT_CAP = 200
/** How far a scaled deployment may drift from its generated replicas. */
const SCALE_DRIFT = 2
/** Steps without any op before `next` gives up (nothing left to churn). */
const MAX_IDLE_STEPS = 1000
/** Endpoints per EndpointSlice, as the endpointslice controller caps them. */
const SLICE_SIZE = 100
/** How long pod changes gather before a workload's slices are written (the controller's sync latency). */
const SLICE_SYNC_MS = 1000
const READY_STATES = new Set<PodState>(['Running', 'RunningRestarted', 'Terminating'])
const SETTLED = new Set<PodState>(['Running', 'RunningRestarted'])

/** Options of one churn source. */
export interface ChurnSourceOptions {
  readonly seed: number
  readonly world: World
  /** Clock in ms since epoch (tests pass a fixed one). */
  readonly clock: () => number
}

/** A ChurnSource over `world` (which it owns and mutates). */
export function churnSource(o: ChurnSourceOptions): ChurnSource {
  const rng = createRng(o.seed ^ 0x5bd1e995)
  const w = o.world
  const ix = new ChurnIndex(w)
  const eventCap = Math.max(MIN_EVENT_CAP, ix.liveEvents)
  const baseReplicas = w.deployments.map((d) => d.replicas)
  const schedulable = w.nodes.filter((n) => n.role === 'worker' && n.ready && !n.cordoned)
  const queue: SimWriteOp[] = []
  let head = 0
  let now = o.clock()

  const push = (op: SimWriteOp['op'], kind: KindId, object: KubeObject): void => {
    queue.push({ op, kind, object })
  }
  const ref = (kind: string, apiVersion: string, namespace: string | undefined, name: string): KubeObject => ({
    apiVersion,
    kind,
    metadata: namespace ? { name, namespace } : { name }
  })

  const dead = new Set<WorkloadRec>()
  const emitOwner = (x: WorkloadRec): void => {
    if (dead.has(x)) return
    if (x.kind === 'ReplicaSet') {
      const d = x.parent as WorkloadRec
      d.current = x.current
      d.ready = x.ready
      push('update', 'replicasets', replicaSetObj(x))
      push('update', 'deployments', deploymentObj(d, now))
    } else if (x.kind === 'StatefulSet') push('update', 'statefulsets', statefulSetObj(x))
    else if (x.kind === 'DaemonSet') push('update', 'daemonsets', daemonSetObj(x))
  }

  const setState = (p: PodRec, s: PodState): void => {
    const was = READY_STATES.has(p.state)
    p.state = s
    const is = READY_STATES.has(s)
    if (was !== is) p.owner.ready += is ? 1 : -1
    if (SETTLED.has(s)) ix.moving.delete(p)
    else ix.moving.add(p)
  }

  const newEvent = (p: PodRec, line: EventLine): void => {
    const on = {
      kind: 'Pod',
      apiVersion: 'v1',
      namespace: p.namespace,
      name: p.name,
      fieldPath: line[3] === 'kubelet' ? `spec.containers{${p.tpl.main.name}}` : undefined
    }
    const same = ix.byLine.get(lineKey({ namespace: p.namespace, on, line }))
    if (same) {
      // A repeat: the recorder bumps the count and lastTimestamp of the same Event.
      same.count++
      same.lastMs = now
      push('update', 'events', eventObj(same.name, same.on, same.line, same.host, same.count, same.firstMs, now))
      return
    }
    while (ix.liveEvents >= eventCap) {
      const old = ix.oldestEvent()
      if (!old) break
      ix.removeEvent(old)
      push('delete', 'events', ref('Event', 'v1', old.namespace, old.name))
    }
    const e: EventRec = {
      namespace: p.namespace,
      name: eventName(p.name, now, rng.int(1_000_000)),
      host: p.node?.name,
      line,
      count: 1,
      firstMs: now,
      lastMs: now,
      on
    }
    ix.addEvent(e)
    push('create', 'events', eventObj(e.name, e.on, e.line, e.host, 1, now, now))
  }

  const podEvent = (p: PodRec): void => {
    const lines = podEventLines(p.state, `${p.namespace}/${p.name}`, p.node?.name ?? '', p.tpl.main.image, p.tpl.main.name, w.unschedulable)
    if (lines.length > 0) newEvent(p, lines[lines.length - 1])
  }

  const schedule = (p: PodRec): void => {
    if (!p.node) p.node = schedulable.length > 0 ? rng.pick(schedulable) : undefined
    const node = p.node
    if (node && !p.podIP) {
      p.podIP = `10.${node.cidr[0]}.${node.cidr[1]}.${node.nextIp}`
      node.nextIp = node.nextIp >= 253 ? 2 : node.nextIp + 1
    }
  }

  /** A new pod for `owner` (same name for statefulset pods), starting Pending. */
  const createPod = (owner: WorkloadRec, like: PodRec, nodeFixed: boolean): void => {
    if (dead.has(owner)) return
    const name = owner.kind === 'StatefulSet' ? like.name : `${like.name.slice(0, like.name.lastIndexOf('-'))}-${rng.suffix(5)}`
    const p: PodRec = {
      namespace: like.namespace,
      name,
      owner,
      tpl: like.tpl,
      node: nodeFixed ? like.node : undefined,
      podIP: '',
      createdMs: now,
      startMs: now + 2 * SECOND,
      state: 'Pending',
      restarts: 0,
      lastRestartMs: now
    }
    owner.current++
    ix.addPod(p)
    ix.moving.add(p)
    push('create', 'pods', podObject(p, now, w.unschedulable))
    markDirty(owner)
  }

  /** Advance a pod one step along its lifecycle. */
  const advance = (p: PodRec): void => {
    switch (p.state) {
      case 'Pending':
      case 'SchedulingGated':
        schedule(p)
        if (!p.node || !p.node.ready) return
        p.startMs = now + SECOND
        setState(p, 'ContainerCreating')
        break
      case 'ContainerCreating':
      case 'PodInitializing':
      case 'Init:0/1':
      case 'Init:1/2': {
        // The outcome of a start follows the generated distribution (mostly Running).
        const s = drawState(rng)
        setState(p, s === 'Pending' || s === 'SchedulingGated' || s === 'Terminating' || s === 'Evicted' || s === 'RunningRestarted' ? 'Running' : s)
        break
      }
      case 'CrashLoopBackOff':
      case 'Init:CrashLoopBackOff':
        p.restarts++
        p.lastRestartMs = now
        if (rng.chance(0.3)) setState(p, 'RunningRestarted')
        break
      case 'Terminating':
      case 'NodeLost':
      case 'Evicted': {
        ix.removePod(p)
        p.owner.current--
        if (READY_STATES.has(p.state)) p.owner.ready--
        push('delete', 'pods', ref('Pod', 'v1', p.namespace, p.name))
        markDirty(p.owner)
        if (p.owner.current < p.owner.replicas) createPod(p.owner, p, p.owner.kind === 'DaemonSet')
        emitOwner(p.owner)
        return
      }
      case 'Running':
      case 'RunningRestarted': {
        const u = rng.float()
        if (u < 0.45) setState(p, 'Terminating')
        else if (u < 0.75) {
          p.restarts++
          p.lastRestartMs = now
          setState(p, 'CrashLoopBackOff')
        } else if (u < 0.9) {
          p.restarts++
          p.lastRestartMs = now
          setState(p, 'RunningRestarted')
        } else setState(p, 'RunningNotReady')
        break
      }
      default:
        // Stuck states (image pulls, config errors, OOM, not-ready) recover or get replaced.
        setState(p, rng.chance(0.5) ? 'Running' : 'Terminating')
    }
    push('update', 'pods', podObject(p, now, w.unschedulable))
    markDirty(p.owner)
    if (rng.chance(0.3)) podEvent(p)
  }

  const scale = (): void => {
    if (ix.deployments.size === 0) return
    const i = rng.pick(ix.deployments.items)
    const d = w.deployments[i]
    const rs = w.replicaSets[i]
    const target = Math.max(1, baseReplicas[i] + rng.range(-SCALE_DRIFT, SCALE_DRIFT))
    const bag = ix.podsOf.get(rs)
    if (target === d.replicas || !bag || bag.size === 0) return
    d.replicas = target
    rs.replicas = target
    // Both specs change: both generations move (the store bumps them), and the status observes them.
    d.generation++
    rs.generation++
    const live = bag.items.filter((p) => p.state !== 'Terminating')
    for (let k = live.length; k < target; k++) createPod(rs, live[0] ?? bag.items[0], false)
    for (let k = target; k < live.length; k++) {
      const p = live[k]
      setState(p, 'Terminating')
      push('update', 'pods', podObject(p, now, w.unschedulable))
    }
    markDirty(rs)
    emitOwner(rs)
  }

  /** Workloads whose pods changed, and since when: their services' EndpointSlices may need a write. */
  const dirty = new Map<WorkloadRec, number>()
  const markDirty = (owner: WorkloadRec): void => {
    if (!dirty.has(owner)) dirty.set(owner, now)
  }
  /**
   * Write the EndpointSlices of the dirty workloads' services whose endpoints changed (at most 100
   * per slice), once a workload has been dirty for SLICE_SYNC_MS (the controller's sync latency,
   * which also coalesces a burst of pod changes into one write); `all` flushes everything.
   */
  const flushSlices = (all = false): void => {
    // Insertion order is the order workloads became dirty: stop at the first one too recent.
    for (const [owner, since] of dirty) {
      if (!all && now - since < SLICE_SYNC_MS) break
      dirty.delete(owner)
      const svc = ix.serviceOf.get(owner)
      if (!svc || dead.has(owner)) continue
      const eps: EndpointRef[] = []
      for (const p of ix.podsOf.get(owner)?.items ?? []) {
        const ep = endpointOf(p.name, p.state, p.node, p.podIP)
        if (ep) eps.push(ep)
      }
      eps.sort((a, b) => (a.pod < b.pod ? -1 : 1))
      const sig = eps.map((e) => `${e.pod} ${e.ip} ${e.ready} ${e.serving} ${e.terminating}`).join('|')
      if (sig === svc.lastSig) continue
      svc.lastSig = sig
      const chunks = Math.max(1, Math.ceil(eps.length / SLICE_SIZE))
      for (let i = 0; i < chunks; i++) {
        const fresh = i >= svc.slices.length
        if (fresh) svc.slices.push(rng.suffix(5))
        push(
          fresh ? 'create' : 'update',
          'endpointslices',
          endpointSliceObj(svc.namespace, svc.name, svc.slices[i], svc.port, eps.slice(i * SLICE_SIZE, (i + 1) * SLICE_SIZE), svc.createdMs)
        )
      }
      for (const suffix of svc.slices.splice(chunks))
        push('delete', 'endpointslices', ref('EndpointSlice', 'discovery.k8s.io/v1', svc.namespace, `${svc.name}-${suffix}`))
    }
  }

  const step = (): void => {
    const u = rng.float()
    if (u < P_MOVING && ix.moving.size > 0) advance(rng.pick(ix.moving.items))
    else if (u < P_MOVING + P_EVENT) {
      const old = ix.liveEvents > 0 && rng.chance(0.3) ? ix.events[ix.eventHead + rng.int(ix.events.length - ix.eventHead)] : undefined
      if (old) {
        old.count++
        old.lastMs = now
        push('update', 'events', eventObj(old.name, old.on, old.line, old.host, old.count, old.firstMs, now))
      } else if (ix.pods.size > 0) podEvent(rng.pick(ix.pods.items))
    } else if (u < P_MOVING + P_EVENT + P_WORKLOAD) {
      if (ix.deployments.size > 0) emitOwner(w.replicaSets[rng.pick(ix.deployments.items)])
      else if (ix.pods.size > 0) emitOwner(rng.pick(ix.pods.items).owner)
    } else if (u < P_MOVING + P_EVENT + P_WORKLOAD + P_NODE) {
      if (ix.nodes.size > 0) {
        const n = rng.pick(ix.nodes.items)
        n.heartbeatMs = n.ready ? now : n.heartbeatMs
        push('update', 'nodes', nodeObj(n))
        // The kubelet renews its Lease far more often than it posts status: at least as recent.
        if (n.ready) push('update', 'leases', nodeLeaseObj(n, now))
      }
    } else if (u < P_MOVING + P_EVENT + P_WORKLOAD + P_NODE + P_SCALE) scale()
    else if (ix.pods.size > 0) advance(rng.pick(ix.pods.items))
  }

  const foreign = foreignHandlers({ w, ix, dead, schedulable, queue, head: () => head, readyStates: READY_STATES, createPod, emitOwner })

  return {
    next(n: number): SimWriteOp[] {
      now = o.clock()
      const out: SimWriteOp[] = []
      let idle = 0
      while (out.length < n) {
        if (head < queue.length) {
          out.push(queue[head++])
          idle = 0
          continue
        }
        queue.length = 0
        head = 0
        if (++idle > MAX_IDLE_STEPS) break
        step()
        flushSlices()
      }
      if (head === queue.length) {
        queue.length = 0
        head = 0
      }
      return out
    },
    drain(): SimWriteOp[] {
      now = o.clock()
      flushSlices(true)
      const rest = queue.slice(head)
      queue.length = 0
      head = 0
      return rest
    },
    rejected(op: SimWriteOp): void {
      const m = op.object.metadata
      foreign.forget(op.kind, m.namespace ?? '', m.name ?? '')
    },
    ...foreign
  }
}
