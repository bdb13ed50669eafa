/**
 * Deletion as the apiserver and its garbage collector perform it: finalizers, graceful pod
 * deletion, Background / Foreground / Orphan cascading by ownerReferences, and namespace
 * termination.
 *
 * Why: `kubectl delete` must see what a real cluster shows: a pod stays Terminating for its
 * grace period (the simulated kubelet's final delete is the timer here); an object with
 * finalizers keeps a `deletionTimestamp` until the last one is removed; deleting a Deployment
 * removes its ReplicaSets and their pods; a namespace goes Terminating, is emptied, then goes.
 * Lifecycle: created by `startSim` over the store; GC work runs on a queue drained on the next
 * turn (after the HTTP response, as the real GC runs after the delete); grace timers and the
 * queue are cancelled by `stop()`. Every change is a normal store write (one RV, one event).
 */
import type { KindId } from '../kinds.ts'
import { kindDef } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import { StoreError } from '../store/types.ts'
import type { Rec } from '../store/types.ts'
import type { KubeObject } from '../types.ts'
import { dependentsOf, kindOfRef, liveOwners } from './gc.ts'
import { NamespaceController } from './namespaceController.ts'
import { claimReleasable, claimsOf, PVC_PROTECTION } from './claims.ts'

export type Propagation = 'Background' | 'Foreground' | 'Orphan'

export interface DeleteOptions {
  readonly propagationPolicy?: Propagation
  readonly gracePeriodSeconds?: number
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string }
  readonly dryRun?: boolean
}

/** What a delete did: the object's state (last, or now Terminating) and whether it is gone. */
export interface DeleteResult {
  readonly object: KubeObject
  readonly deleted: boolean
}

/** A pod's grace period when neither the request nor its spec says (k8s default). */
const DEFAULT_POD_GRACE_S = 30
export const FOREGROUND = 'foregroundDeletion'
export const ORPHAN = 'orphan'
/** Kinds whose dependents are themselves owners: a foreground cascade recurses into them. */
const OWNER_KINDS = new Set<KindId>(['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'])

const isoNow = (offsetS = 0): string => new Date(Date.now() + offsetS * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const gone = (err: unknown): boolean => err instanceof StoreError && (err.code === 404 || err.code === 409)

export class Lifecycle {
  private readonly store: SimStore
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private queue: (() => void)[] = []
  private draining: NodeJS.Immediate | undefined
  private stopped = false
  private readonly namespaces: NamespaceController

  /** @param store the store every change is written to. */
  constructor(store: SimStore) {
    this.store = store
    this.namespaces = new NamespaceController(store, {
      deleteObject: (kind, ns, name) => this.safely(() => this.delete(kind, ns, name, { propagationPolicy: 'Background' })),
      ensureFinishing: (kind, ns, name) => this.ensureFinishing(kind, ns, name),
      removeNamespace: (name) => {
        const rec = this.store.get('namespaces', '', name)
        if (rec) this.finish('namespaces', rec, false)
      }
    })
  }

  /**
   * Delete `name`, as DELETE on the object's path does.
   * @throws StoreError 404 NotFound, 409 Conflict (a precondition does not hold).
   */
  delete(kind: KindId, ns: string, name: string, opts: DeleteOptions = {}): DeleteResult {
    const def = kindDef(kind)
    const rec = this.store.get(kind, ns, name)
    if (!rec) throw this.notFound(kind, name)
    const obj = this.store.object(rec)
    const pre = opts.preconditions
    const conflict = (what: string, want: string, have: string): StoreError =>
      new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${def.resource}${def.apiGroup ? '.' + def.apiGroup : ''} "${name}": Precondition failed: ${what} in precondition: ${want}, ${what} in object meta: ${have}`,
        { name, ...(def.apiGroup ? { group: def.apiGroup } : {}), kind: def.resource }
      )
    if (pre?.uid && pre.uid !== rec.uid) throw conflict('UID', pre.uid, rec.uid)
    if (pre?.resourceVersion && pre.resourceVersion !== String(rec.rv)) throw conflict('ResourceVersion', pre.resourceVersion, String(rec.rv))
    const meta = obj.metadata
    const grace = this.graceOf(kind, obj, opts.gracePeriodSeconds)
    if (meta.deletionTimestamp) {
      // Already being deleted: only a shorter grace period (0 = now) changes anything.
      if (!opts.dryRun) this.ensureFinishing(kind, ns, name)
      if (opts.dryRun || grace !== 0 || (meta.deletionGracePeriodSeconds ?? 0) === 0) return { object: obj, deleted: false }
      meta.deletionGracePeriodSeconds = 0
      if ((meta.finalizers ?? []).length === 0) return this.finish(kind, rec, opts.dryRun)
      return { object: this.store.object(this.store.update(kind, obj)), deleted: false }
    }
    if (kind === 'namespaces') return this.terminateNamespace(rec, obj, opts.dryRun)
    const policy = opts.propagationPolicy ?? 'Background'
    const finalizers = [...(meta.finalizers ?? [])]
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND)
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN)) finalizers.push(ORPHAN)
    if (grace === 0 && finalizers.length === 0) return this.finish(kind, rec, opts.dryRun)
    meta.deletionTimestamp = isoNow(grace)
    meta.deletionGracePeriodSeconds = grace
    meta.finalizers = finalizers
    if (opts.dryRun) return { object: obj, deleted: false }
    const cur = this.store.update(kind, obj)
    if (grace > 0) this.arm(kind, cur, grace)
    if (kind === 'pvcs') this.enqueue(() => this.releaseClaim(cur.ns, cur.name))
    if (policy === 'Orphan') this.enqueue(() => this.orphan(kind, cur.ns, cur.name, cur.uid))
    if (policy === 'Foreground') this.enqueue(() => this.cascadeForeground(kind, cur.ns, cur.uid, cur.name))
    return { object: this.store.object(cur), deleted: false }
  }

  /**
   * After an API update or patch of `rec`: an object being deleted whose last finalizer was just
   * removed (and whose grace period is over) is deleted now, as the apiserver does on update.
   */
  afterUpdate(kind: KindId, rec: Rec): void {
    this.maybeFinish(kind, rec)
  }

  /** Whether creating in namespace `ns` is refused because it is terminating. */
  namespaceTerminating(ns: string): boolean {
    const rec = this.store.get('namespaces', '', ns)
    return !!rec && !!this.store.object(rec).metadata.deletionTimestamp
  }

  /**
   * A pod already being deleted whose end nobody scheduled (generated Terminating, or its timer
   * lost): its grace period is armed for what remains of it, as its kubelet would finish it.
   */
  ensureFinishing(kind: KindId, ns: string, name: string): void {
    if (this.stopped) return
    if (kind === 'pvcs') return this.releaseClaim(ns, name)
    if (kind !== 'pods') return
    const rec = this.store.get(kind, ns, name)
    if (!rec || this.timers.has(rec.uid)) return
    const at = Date.parse(this.store.object(rec).metadata.deletionTimestamp ?? '')
    if (!Number.isFinite(at)) return
    this.arm(kind, rec, Math.max(0, Math.ceil((at - Date.now()) / 1000)))
  }

  /** The PVC protection controller: a claim being deleted loses its finalizer once no live pod uses it. */
  private releaseClaim(ns: string, name: string): void {
    const rec = this.store.get('pvcs', ns, name)
    if (rec && claimReleasable(this.store, rec)) this.removeFinalizer('pvcs', ns, name, rec.uid, PVC_PROTECTION)
  }

  /** Cancel every grace timer and any queued GC work. */
  stop(): void {
    this.stopped = true
    this.namespaces.stop()
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    this.queue = []
    if (this.draining) clearImmediate(this.draining)
    this.draining = undefined
  }

  /** Pods: the request's grace, else the spec's, else 30 s; 0 for unbound or finished pods. Others: 0. */
  private graceOf(kind: KindId, obj: KubeObject, requested: number | undefined): number {
    if (kind !== 'pods') return 0
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number }
    const phase = (obj.status as { phase?: string } | undefined)?.phase
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0
    const g = requested ?? spec.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_S
    return Math.max(0, Math.floor(g))
  }

  /** The kubelet's final delete after the grace period: removes the pod unless finalizers remain. */
  private arm(kind: KindId, rec: Rec, graceS: number): void {
    const old = this.timers.get(rec.uid)
    if (old) clearTimeout(old)
    const t = setTimeout(() => {
      this.timers.delete(rec.uid)
      if (this.stopped) return
      const cur = this.store.get(kind, rec.ns, rec.name)
      if (!cur || cur.uid !== rec.uid) return
      const obj = this.store.object(cur)
      obj.metadata.deletionGracePeriodSeconds = 0
      try {
        if ((obj.metadata.finalizers ?? []).length === 0) this.finish(kind, cur, false)
        else this.store.update(kind, obj)
      } catch (err) {
        if (!gone(err)) throw err
      }
    }, graceS * 1000)
    t.unref()
    this.timers.set(rec.uid, t)
  }

  private maybeFinish(kind: KindId, rec: Rec): void {
    const meta = this.store.object(rec).metadata
    if (!meta.deletionTimestamp || (meta.finalizers ?? []).length > 0) return
    if (kind === 'pods' && (meta.deletionGracePeriodSeconds ?? 0) > 0) return
    if (kind === 'namespaces') return
    this.finish(kind, rec, false)
  }

  /** Remove the object now and schedule its garbage collection. */
  private finish(kind: KindId, rec: Rec, dryRun: boolean | undefined): DeleteResult {
    if (dryRun) return { object: this.store.object(rec), deleted: true }
    const last = this.store.delete(kind, rec.ns, rec.name)
    const t = this.timers.get(rec.uid)
    if (t) clearTimeout(t)
    this.timers.delete(rec.uid)
    const obj = this.store.object(last)
    this.enqueue(() => this.collect(kind, last, obj))
    return { object: obj, deleted: true }
  }

  /** GC after `last` is gone: its dependents, foreground owners waiting on it, its claims, its namespace. */
  private collect(kind: KindId, last: Rec, obj: KubeObject): void {
    if (kind === 'pods') for (const claim of claimsOf(obj)) this.safely(() => this.releaseClaim(last.ns, claim))
    for (const dep of dependentsOf(this.store, kind, last.ns, last.uid)) {
      const others = liveOwners(this.store, dep.obj, dep.rec.ns).filter((o) => o.rec.uid !== last.uid)
      if (others.length > 0) {
        dep.obj.metadata.ownerReferences = dep.obj.metadata.ownerReferences?.filter((r) => r.uid !== last.uid)
        this.safely(() => this.store.update(dep.kind, dep.obj))
      } else {
        this.safely(() => this.delete(dep.kind, dep.rec.ns, dep.rec.name, { propagationPolicy: 'Background' }))
      }
    }
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const ownerKind = kindOfRef(ref)
      if (ownerKind) this.safely(() => this.finishForeground(ownerKind, last.ns, ref.name, ref.uid))
    }
    if (last.ns && kind !== 'namespaces' && this.namespaceTerminating(last.ns)) this.namespaces.start(last.ns)
  }

  /** Orphan: drop the owner from every dependent, then the `orphan` finalizer from the owner. */
  private orphan(kind: KindId, ns: string, name: string, uid: string): void {
    for (const dep of dependentsOf(this.store, kind, ns, uid)) {
      dep.obj.metadata.ownerReferences = dep.obj.metadata.ownerReferences?.filter((r) => r.uid !== uid)
      if (dep.obj.metadata.ownerReferences?.length === 0) delete dep.obj.metadata.ownerReferences
      this.safely(() => this.store.update(dep.kind, dep.obj))
    }
    this.removeFinalizer(kind, ns, name, uid, ORPHAN)
  }

  /** Foreground: delete every dependent (owners among them in foreground too), then check. */
  private cascadeForeground(kind: KindId, ns: string, uid: string, name: string): void {
    for (const dep of dependentsOf(this.store, kind, ns, uid)) {
      const policy: Propagation = OWNER_KINDS.has(dep.kind) ? 'Foreground' : 'Background'
      this.safely(() => this.delete(dep.kind, dep.rec.ns, dep.rec.name, { propagationPolicy: policy }))
    }
    this.finishForeground(kind, ns, name, uid)
  }

  /** When a foreground-deleting owner has no dependents left, drop its finalizer (it may then go). */
  private finishForeground(kind: KindId, ns: string, name: string, uid: string): void {
    const rec = this.store.get(kind, ns, name)
    if (!rec || rec.uid !== uid) return
    const meta = this.store.object(rec).metadata
    if (!meta.deletionTimestamp || !meta.finalizers?.includes(FOREGROUND)) return
    if (dependentsOf(this.store, kind, ns, uid).length > 0) return
    this.removeFinalizer(kind, ns, name, uid, FOREGROUND)
  }

  private removeFinalizer(kind: KindId, ns: string, name: string, uid: string, finalizer: string): void {
    const rec = this.store.get(kind, ns, name)
    if (!rec || rec.uid !== uid) return
    const obj = this.store.object(rec)
    obj.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer)
    this.maybeFinish(kind, this.store.update(kind, obj))
  }

  /** Namespace DELETE: Terminating now; the namespace controller empties it, then removes it. */
  private terminateNamespace(rec: Rec, obj: KubeObject, dryRun: boolean | undefined): DeleteResult {
    obj.metadata.deletionTimestamp = isoNow()
    obj.metadata.deletionGracePeriodSeconds = 0
    obj.status = { ...(obj.status as object | undefined), phase: 'Terminating' }
    if (dryRun) return { object: obj, deleted: false }
    const cur = this.store.update('namespaces', obj)
    this.namespaces.start(rec.name)
    return { object: this.store.object(cur), deleted: false }
  }

  private safely(fn: () => unknown): void {
    try {
      fn()
    } catch (err) {
      if (!gone(err)) throw err
    }
  }

  private enqueue(work: () => void): void {
    if (this.stopped) return
    this.queue.push(work)
    this.draining ??= setImmediate(() => this.drain())
  }

  private drain(): void {
    this.draining = undefined
    while (this.queue.length > 0 && !this.stopped) {
      const work = this.queue.shift() as () => void
      try {
        work()
      } catch (err) {
        console.error(`sim: garbage collection step failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  }

  private notFound(kind: KindId, name: string): StoreError {
    const def = kindDef(kind)
    return new StoreError(404, 'NotFound', `${def.resource}${def.apiGroup ? '.' + def.apiGroup : ''} "${name}" not found`, {
      name,
      ...(def.apiGroup ? { group: def.apiGroup } : {}),
      kind: def.resource
    })
  }
}
