/**
 * Events the simulated controllers record (Scheduled, Pulled, Started, BackOff, SuccessfulCreate,
 * ScalingReplicaSet, Completed, …), as `kubectl describe` and `kubectl get events` show them.
 *
 * Why: a demo user who breaks a pod looks at its events first. Like client-go's recorder, a
 * repeat of the same reason and message on the same object within the aggregation window bumps
 * `count` and `lastTimestamp` instead of creating a new Event. Bounded: the oldest recorded
 * events are deleted past `MAX_EVENTS`, so a crash-looping demo never grows the store.
 * Lifecycle: one recorder per controller manager; `record` is called from reconcile handlers
 * (never from watch listeners); a failed write is ignored (events are best effort, as in k8s).
 */
import { randomInt } from 'node:crypto'
import type { EventLine } from '../gen/events.ts'
import { eventObj } from '../gen/events.ts'
import { eventName } from '../gen/ids.ts'
import type { SimStore } from '../store/store.ts'
import type { Rec } from '../store/types.ts'
import type { KubeObject } from '../types.ts'

/** Controller events kept at most (the oldest go first). */
const MAX_EVENTS = 2000
/** Repeats within this window are aggregated into one Event (client-go uses 10 minutes). */
const AGGREGATE_MS = 10 * 60_000

/** The object an event is about. */
export interface Subject {
  readonly kind: string
  readonly apiVersion: string
  readonly rec: Rec
}

interface Live {
  ns: string
  name: string
  count: number
  firstMs: number
  lastMs: number
}

export class EventRecorder {
  private readonly store: SimStore
  private readonly now: () => number
  /** Aggregation key → the live event; Map order is creation order (oldest first). */
  private readonly live = new Map<string, Live>()

  constructor(store: SimStore, now: () => number) {
    this.store = store
    this.now = now
  }

  /** Record `[type, reason, message, component]` about `on` (host: the node, for kubelet events). */
  record(on: Subject, line: EventLine, host?: string): void {
    const now = this.now()
    const key = `${on.rec.uid}\u0000${line[1]}\u0000${line[2]}`
    const involved = { kind: on.kind, apiVersion: on.apiVersion, namespace: on.rec.ns, name: on.rec.name }
    const prev = this.live.get(key)
    try {
      if (prev && now - prev.lastMs < AGGREGATE_MS && this.store.get('events', prev.ns, prev.name)) {
        prev.count++
        prev.lastMs = now
        const ev = eventObj(prev.name, involved, line, host, prev.count, prev.firstMs, now)
        Object.assign(ev.involvedObject as Record<string, unknown>, { uid: on.rec.uid, resourceVersion: String(on.rec.rv) })
        this.store.update('events', ev)
        return
      }
      if (prev) this.live.delete(key)
      const name = eventName(on.rec.name, now, randomInt(1_000_000))
      const ev: KubeObject = eventObj(name, involved, line, host, 1, now, now)
      Object.assign(ev.involvedObject as Record<string, unknown>, { uid: on.rec.uid, resourceVersion: String(on.rec.rv) })
      const ns = ev.metadata.namespace ?? 'default'
      // NamespaceLifecycle admission: nothing is created in a missing or terminating namespace.
      const nsRec = this.store.get('namespaces', '', ns)
      if (!nsRec || this.store.object(nsRec).metadata.deletionTimestamp) return
      this.store.create('events', ev)
      this.live.set(key, { ns, name, count: 1, firstMs: now, lastMs: now })
      while (this.live.size > MAX_EVENTS) {
        const [oldKey, old] = this.live.entries().next().value as [string, Live]
        this.live.delete(oldKey)
        if (this.store.get('events', old.ns, old.name)) this.store.delete('events', old.ns, old.name)
      }
    } catch (err) {
      if ((err as Error)?.name !== 'StoreError') throw err
    }
  }

  /** Forget everything (the events stay in the store). */
  clear(): void {
    this.live.clear()
  }
}

/** A subject from a cached object of a kind with this apiVersion. */
export const subject = (kind: string, apiVersion: string, rec: Rec): Subject => ({ kind, apiVersion, rec })
