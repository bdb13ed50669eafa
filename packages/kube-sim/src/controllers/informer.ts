/**
 * Informers: per-kind caches of the objects the simulated controllers manage, fed by store watches.
 *
 * Why: the controllers must leave the demo generator's objects to the seeded churn (up to 150k
 * pods that the churn animates), and must stay cheap while the churn writes thousands of events a
 * second. An informer therefore keeps only *managed* objects, parsed once per write; an event on
 * any other object costs one map lookup. An object is generated (unmanaged) when it carries the
 * `periscope.dev/sim-generated` annotation, when its controller owner is generated (the churn's
 * replacement pods), when its controller owner's uid is empty (owner already gone), or when it
 * existed before the controllers started and the manager was told so (`existingAreGenerated`).
 * Lifecycle: created by the manager before any controller; `stop()` cancels the store watch.
 * Listeners run synchronously inside the store write: they may only queue work, never write.
 */
import type { KindId } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { EventType, Rec } from '../store/types.ts'
import type { KubeObject } from '../types.ts'

/** The marker the demo generator is asked to put on what it generates (see the report of issue 9). */
export const GENERATED_ANNOTATION = 'periscope.dev/sim-generated'

/** A managed object: its record (for resourceVersion and generation) and its parsed JSON. */
export interface Cached {
  readonly rec: Rec
  readonly obj: KubeObject
}

/** Called after the cache changed; `prev` is the previous state (MODIFIED, DELETED). */
export type InformerListener = (type: EventType, cur: Cached, prev: Cached | undefined) => void

/** Uids of generated objects, shared by all informers (a child of a generated owner is generated). */
export class GeneratedSet {
  private readonly uids = new Set<string>()

  add(uid: string): void {
    this.uids.add(uid)
  }

  has(uid: string): boolean {
    return this.uids.has(uid)
  }

  delete(uid: string): void {
    this.uids.delete(uid)
  }

  /** Whether a newly seen object belongs to the generator rather than to the controllers. */
  classify(obj: KubeObject): boolean {
    const m = obj.metadata
    if (m.annotations?.[GENERATED_ANNOTATION] !== undefined) return true
    const owner = m.ownerReferences?.find((r) => r.controller === true)
    return owner !== undefined && (owner.uid === '' || this.uids.has(owner.uid))
  }
}

export interface InformerOptions {
  /** Everything is managed (nodes: the kubelet and scheduler read all of them). */
  readonly all?: boolean
  /** Objects present at start are generated: remember their uids, do not parse them. */
  readonly existingAreGenerated?: boolean
}

export class Informer {
  readonly kind: KindId
  private readonly store: SimStore
  private readonly generated: GeneratedSet
  private readonly all: boolean
  /** Generated objects of this kind can own others (pods never do: their uids are not kept). */
  private readonly owns: boolean
  private readonly byKey = new Map<string, Cached>()
  /** Controller owner uid → keys of the managed objects it controls. */
  private readonly byOwner = new Map<string, Set<string>>()
  private readonly listeners = new Set<InformerListener>()
  private readonly handle: { cancel(): void }

  constructor(store: SimStore, kind: KindId, generated: GeneratedSet, opts: InformerOptions = {}) {
    this.store = store
    this.kind = kind
    this.generated = generated
    this.all = opts.all === true
    this.owns = kind !== 'pods'
    const h = store.watch(kind, {}, undefined, (type, rec) => this.onEvent(type, rec))
    for (const rec of h.initial) {
      if (opts.existingAreGenerated && !this.all) {
        if (this.owns) generated.add(rec.uid)
      } else this.admit(rec)
    }
    this.handle = h
  }

  /** Run `fn` after every change of a managed object. @returns an unsubscribe function. */
  subscribe(fn: InformerListener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  get(namespace: string, name: string): Cached | undefined {
    return this.byKey.get(namespace === '' ? name : `${namespace}/${name}`)
  }

  getByKey(key: string): Cached | undefined {
    return this.byKey.get(key)
  }

  /**
   * Take over an object the generator made (the handover): from now on it is managed, and its
   * listeners see it ADDED. Its uid leaves the generated set, so what it creates is managed too.
   */
  adopt(rec: Rec): void {
    this.generated.delete(rec.uid)
    if (this.byKey.get(rec.key)?.rec.uid === rec.uid) return
    const c = this.parse(rec)
    this.put(c)
    this.emit('ADDED', c, undefined)
  }

  /** Every managed object (a snapshot array). */
  list(): Cached[] {
    return [...this.byKey.values()]
  }

  /** The managed objects whose controller owner has `uid`. */
  owned(uid: string): Cached[] {
    const keys = this.byOwner.get(uid)
    if (!keys) return []
    const out: Cached[] = []
    for (const k of keys) {
      const c = this.byKey.get(k)
      if (c) out.push(c)
    }
    return out
  }

  size(): number {
    return this.byKey.size
  }

  stop(): void {
    this.handle.cancel()
    this.listeners.clear()
    this.byKey.clear()
    this.byOwner.clear()
  }

  private parse(rec: Rec): Cached {
    return { rec, obj: this.store.object(rec) }
  }

  /** Classify and cache a newly seen object. @returns it when managed. */
  private admit(rec: Rec): Cached | undefined {
    const c = this.parse(rec)
    if (!this.all && this.generated.classify(c.obj)) {
      if (this.owns) this.generated.add(rec.uid)
      return undefined
    }
    this.put(c)
    return c
  }

  private onEvent(type: EventType, rec: Rec): void {
    const prev = this.byKey.get(rec.key)
    if (type === 'DELETED') {
      if (!prev) {
        if (this.owns) this.generated.delete(rec.uid)
        return
      }
      this.remove(prev)
      this.emit('DELETED', { rec, obj: prev.obj }, prev)
      return
    }
    if (prev && prev.rec.uid !== rec.uid) {
      // Same name, new object (deleted and re-created between two events we saw as one).
      this.remove(prev)
      this.emit('DELETED', prev, prev)
    }
    if (!prev || prev.rec.uid !== rec.uid) {
      // Every managed object was seen when it appeared: a change to an unknown one is the churn's.
      if (type === 'MODIFIED' && !prev) return
      const c = this.admit(rec)
      if (c) this.emit('ADDED', c, undefined)
      return
    }
    const c = this.parse(rec)
    this.put(c, prev)
    this.emit('MODIFIED', c, prev)
  }

  private put(c: Cached, prev?: Cached): void {
    if (prev) this.unindex(prev)
    this.byKey.set(c.rec.key, c)
    const owner = c.obj.metadata.ownerReferences?.find((r) => r.controller === true)
    if (owner?.uid) {
      let set = this.byOwner.get(owner.uid)
      if (!set) this.byOwner.set(owner.uid, (set = new Set()))
      set.add(c.rec.key)
    }
  }

  private remove(c: Cached): void {
    this.byKey.delete(c.rec.key)
    this.unindex(c)
  }

  private unindex(c: Cached): void {
    const owner = c.obj.metadata.ownerReferences?.find((r) => r.controller === true)
    if (!owner?.uid) return
    const set = this.byOwner.get(owner.uid)
    if (!set) return
    set.delete(c.rec.key)
    if (set.size === 0) this.byOwner.delete(owner.uid)
  }

  private emit(type: EventType, cur: Cached, prev: Cached | undefined): void {
    for (const fn of this.listeners) fn(type, cur, prev)
  }
}

/** Keys (`ns/name`) of the `kind` controllers of the given objects (for queueing the owner). */
export function ownerKeys(kind: string, ...objs: (Cached | undefined)[]): string[] {
  const out: string[] = []
  for (const c of objs) {
    const ref = c?.obj.metadata.ownerReferences?.find((r) => r.controller === true)
    if (c && ref?.kind === kind) out.push(c.rec.ns ? `${c.rec.ns}/${ref.name}` : ref.name)
  }
  return out
}
