/**
 * The namespace controller's deletion loop (pkg/controller/namespace/deletion, v1.34): a
 * Terminating namespace is swept until it is empty, its status conditions say what remains, and
 * once nothing does its `kubernetes` finalizer is removed and it goes.
 *
 * Why: a single sweep left the namespace Terminating for good whenever something appeared after
 * it (an event, a replacement pod) or a pod already being deleted had no kubelet to finish it.
 * The real controller deletes every namespaced kind (deletecollection), counts what remains and
 * its finalizers, writes the five conditions (NamespaceDeletionDiscoveryFailure,
 * NamespaceDeletionGroupVersionParsingFailure, NamespaceDeletionContentFailure,
 * NamespaceContentRemaining, NamespaceFinalizersRemaining) and requeues until done.
 * Lifecycle: `start(ns)` when the namespace gets its deletion timestamp; each pass reschedules
 * itself while content remains; `stop()` cancels all loops.
 */
import type { KindId } from '../kinds.ts'
import { KINDS } from '../kinds.ts'
import type { SimStore } from '../store/store.ts'
import type { KubeObject } from '../types.ts'

/** Delay between passes while content remains (the real controller requeues by its estimate). */
const PASS_MS = 500
const NAMESPACED = KINDS.filter((k) => k.namespaced)

interface Condition {
  type: string
  status: 'True' | 'False'
  lastTransitionTime: string
  reason: string
  message: string
}

const OK: Readonly<Record<string, [reason: string, message: string]>> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentRemoved', 'All content successfully removed']
}

const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

/** What the controller needs from the lifecycle. */
export interface NamespaceDeleter {
  /** Delete an object as DELETE does (Background); errors for gone objects are ignored. */
  deleteObject(kind: KindId, ns: string, name: string): void
  /** An object already being deleted: make sure its deletion completes (the kubelet's part for pods). */
  ensureFinishing(kind: KindId, ns: string, name: string): void
  /** Remove the namespace object now (its content is gone). */
  removeNamespace(name: string): void
}

export class NamespaceController {
  private readonly store: SimStore
  private readonly deleter: NamespaceDeleter
  private readonly loops = new Map<string, NodeJS.Timeout>()

  constructor(store: SimStore, deleter: NamespaceDeleter) {
    this.store = store
    this.deleter = deleter
  }

  /** Run the deletion loop of namespace `ns` (idempotent). */
  start(ns: string): void {
    if (this.loops.has(ns)) return
    this.schedule(ns, 0)
  }

  stop(): void {
    for (const t of this.loops.values()) clearTimeout(t)
    this.loops.clear()
  }

  private schedule(ns: string, ms: number): void {
    const t = setTimeout(() => {
      this.loops.delete(ns)
      try {
        if (this.pass(ns)) this.schedule(ns, PASS_MS)
      } catch (err) {
        console.error(`sim: namespace controller pass on ${ns} failed: ${err instanceof Error ? err.message : String(err)}`)
        this.schedule(ns, PASS_MS * 4)
      }
    }, ms)
    t.unref()
    this.loops.set(ns, t)
  }

  /** One pass. @returns true when another is needed. */
  private pass(ns: string): boolean {
    const rec = this.store.get('namespaces', '', ns)
    if (!rec) return false
    const obj = this.store.object(rec)
    if (!obj.metadata.deletionTimestamp) return false
    const remaining = new Map<string, number>()
    const finalizers = new Map<string, number>()
    for (const k of NAMESPACED) {
      for (const r of this.store.list(k.id, { namespace: ns }).items) {
        const o = this.store.object(r)
        if (o.metadata.deletionTimestamp) this.deleter.ensureFinishing(k.id, ns, r.name)
        else this.deleter.deleteObject(k.id, ns, r.name)
      }
      // What is left after this pass's deletes.
      for (const r of this.store.list(k.id, { namespace: ns }).items) {
        const gr = `${k.resource}.${k.apiGroup}`
        remaining.set(gr, (remaining.get(gr) ?? 0) + 1)
        for (const f of this.store.object(r).metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1)
      }
    }
    this.writeConditions(obj, remaining, finalizers)
    if (remaining.size > 0) return true
    this.finalize(ns)
    return false
  }

  private writeConditions(obj: KubeObject, remaining: Map<string, number>, finalizers: Map<string, number>): void {
    const failing = new Map<string, [string, string]>()
    if (remaining.size > 0) {
      const parts = [...remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort()
      failing.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: ${parts.join(', ')}`])
    }
    if (finalizers.size > 0) {
      const parts = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort()
      failing.set('NamespaceFinalizersRemaining', ['SomeFinalizerRemain', `Some finalizers are remaining: ${parts.join(', ')}`])
    }
    const status = (obj.status ?? {}) as { phase?: string; conditions?: Condition[] }
    const old = status.conditions ?? []
    let changed = false
    const conds: Condition[] = [...old]
    for (const type of Object.keys(OK)) {
      const bad = failing.get(type)
      const [reason, message] = bad ?? OK[type]
      const want: 'True' | 'False' = bad ? 'True' : 'False'
      const i = conds.findIndex((c) => c.type === type)
      if (i < 0) {
        conds.push({ type, status: want, lastTransitionTime: isoNow(), reason, message })
        changed = true
      } else if (conds[i].status !== want || conds[i].reason !== reason || conds[i].message !== message) {
        conds[i] = { type, status: want, lastTransitionTime: conds[i].status !== want ? isoNow() : conds[i].lastTransitionTime, reason, message }
        changed = true
      }
    }
    if (!changed) return
    obj.status = { ...status, phase: 'Terminating', conditions: conds }
    this.store.update('namespaces', obj)
  }

  /** The namespace is empty: drop the `kubernetes` finalizer, then the namespace itself. */
  private finalize(ns: string): void {
    const rec = this.store.get('namespaces', '', ns)
    if (!rec) return
    const obj = this.store.object(rec)
    const spec = (obj.spec ?? {}) as { finalizers?: string[] }
    if (spec.finalizers?.includes('kubernetes')) {
      obj.spec = { ...spec, finalizers: spec.finalizers.filter((f) => f !== 'kubernetes') }
      this.store.update('namespaces', obj)
    }
    if ((obj.metadata.finalizers ?? []).length === 0 && ((obj.spec as { finalizers?: string[] }).finalizers ?? []).length === 0) {
      this.deleter.removeNamespace(ns)
    }
  }
}
