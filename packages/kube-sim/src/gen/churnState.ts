/**
 * Bookkeeping of the churn: the live generated pods, events and workloads it may touch, with
 * O(1) random picks, removal and lookup by (kind, namespace, name).
 *
 * Why: the churn must only ever touch what it generated and forget what the store rejects; this
 * index is its single source of truth. It owns no randomness and builds no objects.
 */
import type { KindId } from '../kinds.ts'
import type { NodeRec } from './infra.ts'
import type { WorkloadRec } from './workloads.ts'
import type { EventRec, PodRec, ServiceRec, World } from './world.ts'

/** An array with O(1) add, swap-remove and membership, for uniform random picks. */
export class Bag<T> {
  readonly items: T[] = []
  readonly pos = new Map<T, number>()
  add(x: T): void {
    if (this.pos.has(x)) return
    this.pos.set(x, this.items.length)
    this.items.push(x)
  }
  delete(x: T): void {
    const i = this.pos.get(x)
    if (i === undefined) return
    const last = this.items.pop() as T
    if (i < this.items.length) {
      this.items[i] = last
      this.pos.set(last, i)
    }
    this.pos.delete(x)
  }
  has(x: T): boolean {
    return this.pos.has(x)
  }
  get size(): number {
    return this.items.length
  }
}

/** The aggregation key of an event: its object, reason, message and source. */
export const lineKey = (e: Pick<EventRec, 'namespace' | 'on' | 'line'>): string =>
  `${e.namespace}\u0000${e.on.kind}\u0000${e.on.name}\u0000${e.line[1]}\u0000${e.line[2]}\u0000${e.line[3]}`

/** Key of an object for `rejected` lookups. */
export const keyOf = (kind: KindId, ns: string | undefined, name: string | undefined): string => `${kind}\u0000${ns ?? ''}\u0000${name ?? ''}`

/** The live generated objects the churn may touch. */
export class ChurnIndex {
  /** Pods whose lifecycle the churn drives (controller-managed, not job pods). */
  readonly pods = new Bag<PodRec>()
  /** Pods in a transitional state, progressed first. */
  readonly moving = new Bag<PodRec>()
  readonly podsOf = new Map<WorkloadRec, Bag<PodRec>>()
  readonly nodes: Bag<NodeRec> = new Bag()
  readonly deployments = new Bag<number>()
  /** Events in creation order; `eventHead` is the oldest live one. */
  readonly events: (EventRec | undefined)[] = []
  eventHead = 0
  liveEvents = 0
  readonly byKey = new Map<string, PodRec | EventRec | NodeRec | WorkloadRec>()
  readonly eventPos = new Map<EventRec, number>()
  /** Live events by object, reason and message: a recorder merges a repeat into the same Event. */
  readonly byLine = new Map<string, EventRec>()
  /** The generated Service of each workload that has one. */
  readonly serviceOf = new Map<WorkloadRec, ServiceRec>()

  constructor(readonlyWorld: World) {
    const w = readonlyWorld
    for (const n of w.nodes) {
      this.nodes.add(n)
      this.byKey.set(keyOf('nodes', '', n.name), n)
    }
    for (let i = 0; i < w.deployments.length; i++) {
      this.deployments.add(i)
      this.byKey.set(keyOf('deployments', w.deployments[i].namespace, w.deployments[i].name), w.deployments[i])
      this.byKey.set(keyOf('replicasets', w.replicaSets[i].namespace, w.replicaSets[i].name), w.replicaSets[i])
    }
    for (const s of w.statefulSets) this.byKey.set(keyOf('statefulsets', s.namespace, s.name), s)
    for (const d of w.daemonSets) this.byKey.set(keyOf('daemonsets', d.namespace, d.name), d)
    for (const p of w.pods) {
      this.byKey.set(keyOf('pods', p.namespace, p.name), p)
      if (p.owner.kind !== 'Job') this.addPod(p)
    }
    for (const e of w.events) this.addEvent(e)
    for (const s of w.services) this.serviceOf.set(s.owner, s)
  }

  addPod(p: PodRec): void {
    this.pods.add(p)
    this.byKey.set(keyOf('pods', p.namespace, p.name), p)
    let bag = this.podsOf.get(p.owner)
    if (!bag) this.podsOf.set(p.owner, (bag = new Bag()))
    bag.add(p)
  }

  removePod(p: PodRec): void {
    this.pods.delete(p)
    this.moving.delete(p)
    this.podsOf.get(p.owner)?.delete(p)
    if (this.byKey.get(keyOf('pods', p.namespace, p.name)) === p) this.byKey.delete(keyOf('pods', p.namespace, p.name))
  }

  addEvent(e: EventRec): void {
    this.eventPos.set(e, this.events.length)
    this.events.push(e)
    this.liveEvents++
    this.byKey.set(keyOf('events', e.namespace, e.name), e)
    this.byLine.set(lineKey(e), e)
  }

  removeEvent(e: EventRec): void {
    const i = this.eventPos.get(e)
    if (i === undefined) return
    this.events[i] = undefined
    this.eventPos.delete(e)
    this.liveEvents--
    this.byKey.delete(keyOf('events', e.namespace, e.name))
    if (this.byLine.get(lineKey(e)) === e) this.byLine.delete(lineKey(e))
  }

  /** The oldest live event (skipping forgotten ones), compacting the queue as it goes. */
  oldestEvent(): EventRec | undefined {
    while (this.eventHead < this.events.length && this.events[this.eventHead] === undefined) this.eventHead++
    if (this.eventHead > 4096 && this.eventHead * 2 > this.events.length) {
      this.events.splice(0, this.eventHead)
      this.eventHead = 0
      this.eventPos.clear()
      this.events.forEach((e, i) => {
        if (e) this.eventPos.set(e, i)
      })
    }
    return this.events[this.eventHead]
  }
}
