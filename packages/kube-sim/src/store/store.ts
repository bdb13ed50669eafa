/**
 * SimStore: the simulated apiserver's object store, resourceVersion clock, history and watch fan-out.
 *
 * Why: one store path for every write (generators, churn, and later the write API) guarantees the
 * apiserver's contract: one global, monotonic resourceVersion; exactly one event per write, seen by
 * list and by every matching watch exactly once and in order; a bounded history for resumes.
 * Lifecycle: created empty by `startSim`, filled by the generators, mutated by churn; watchers
 * subscribe with `watch()` and cancel when their HTTP response closes. All work is synchronous, so
 * a watch opened between two writes sees the first in its snapshot and the second as an event.
 */
import { KINDS, isCustomKind, kindDef } from '../kinds.ts'
import type { KindId } from '../kinds.ts'
import type { KubeObject, SimWriteOp } from '../types.ts'
import { decodeContinue, encodeContinue } from './continueToken.ts'
import { History } from './history.ts'
import { KindTable } from './kindTable.ts'
import { buildRecord, generatedName, recordKey, restamp } from './records.ts'
import { matches, parseFieldSelector, parseLabelSelector } from './selectors.ts'
import { pageAt } from './snapshot.ts'
import { withInvolvedRef } from './eventRefs.ts'
import { StoreError } from './types.ts'
import type { EventType, Filter, Rec, StoreEvent } from './types.ts'
import type { ListOptions, ListResult, Subscriber, WatchHandle, WatchListener } from './listTypes.ts'
import { translate } from './listTypes.ts'

/** Events kept for watch resume when the caller does not say (the task's default). */
export const DEFAULT_HISTORY = 10_000

export type { ListOptions, ListResult, WatchHandle, WatchListener } from './listTypes.ts'
export { translate } from './listTypes.ts'

const KIND_BY_NAME = new Map<string, KindId>(KINDS.map((k) => [k.kind, k.id]))

export class SimStore {
  private clock = 0
  /** Continue tokens older than this are expired (etcd compaction). */
  private compactedRv = 0
  private readonly history: History
  private readonly tables = new Map<KindId, KindTable>()
  private readonly subs = new Map<KindId, Set<Subscriber>>()
  /** Who is writing now (`churn` while the seeded churn applies its ops); undefined = a client or controller. */
  private writer: string | undefined
  private commitHook: ((ev: StoreEvent, writer: string | undefined) => void) | undefined

  /** @param historySize events kept for watch resume (older versions get 410). */
  constructor(historySize: number = DEFAULT_HISTORY) {
    this.history = new History(historySize)
    for (const k of KINDS) {
      this.tables.set(k.id, new KindTable())
      this.subs.set(k.id, new Set())
    }
  }

  /** The current resourceVersion, as the opaque string clients see. */
  resourceVersion(): string {
    return String(this.clock)
  }

  /** The current resourceVersion as a number (inside the simulator only). */
  currentRv(): number {
    return this.clock
  }

  /** The newest version a watch can no longer resume from (older → 410 Expired). */
  historyFloor(): number {
    return this.history.floor()
  }

  count(kind: KindId): number {
    return this.table(kind).byKey.size
  }

  get(kind: KindId, namespace: string | undefined, name: string): Rec | undefined {
    return this.table(kind).byKey.get(recordKey(this.nsOf(kind, namespace), name))
  }

  /** Parse a record's JSON (for Table output and API responses that need the object). */
  object(rec: Rec): KubeObject {
    return JSON.parse(rec.json.toString('utf8')) as KubeObject
  }

  /** Build a filter from request parameters. @throws StoreError 400 on a bad selector. */
  filter(kind: KindId, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string }): Filter {
    const namespace = kindDef(kind).namespaced && opts.namespace ? opts.namespace : undefined
    return {
      namespace,
      labels: opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined,
      fields: opts.fieldSelector ? parseFieldSelector(kind, opts.fieldSelector) : undefined
    }
  }

  /**
   * List objects in key order, one page at a time.
   * @throws StoreError 400 (bad selector or continue token), 410 Expired (continue token compacted).
   */
  list(kind: KindId, opts: ListOptions = {}): ListResult {
    const filter = this.filter(kind, opts)
    const t = this.table(kind)
    const [from, to] = t.range(filter.namespace)
    const keys = t.sorted()
    let start = from
    let rv = this.clock
    if (opts.continue) {
      const tok = decodeContinue(opts.continue)
      if (tok.rv < this.compactedRv) {
        throw new StoreError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. ' +
            'You can start a new list without the continue parameter, or use the continue token in this response to retrieve ' +
            'the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that ' +
            'were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          undefined,
          encodeContinue(tok.start.endsWith('\u0000') ? tok.start.slice(0, -1) : tok.start, this.clock)
        )
      }
      start = Math.max(from, t.lowerBound(tok.start))
      rv = tok.rv
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity
    const selective = !!(filter.labels?.length || filter.fields?.length)
    const items: Rec[] = []
    for (let i = start; i < to; i++) {
      const rec = t.byKey.get(keys[i]) as Rec
      if (selective && !matches(filter, rec)) continue
      items.push(rec)
      if (items.length >= limit && i + 1 < to) {
        // As etcd-style paging: a continue token whenever more objects follow in key order,
        // matching the selector or not (a real 1.34 server does the same).
        return { rv, items, continue: encodeContinue(rec.key, rv), remainingItemCount: selective ? undefined : to - i - 1 }
      }
    }
    return { rv, items }
  }

  /**
   * List objects as they were at version `rv` (`resourceVersionMatch=Exact`), one page at a time;
   * a continue token of such a page carries `rv`.
   * @throws StoreError 410 Expired when `rv` is compacted or older than the history.
   */
  listAt(kind: KindId, rv: number, opts: ListOptions = {}): ListResult {
    if (rv >= this.clock) return this.list(kind, opts)
    if (rv < this.compactedRv || rv < this.history.floor()) {
      throw new StoreError(410, 'Expired', 'The resourceVersion for the provided list is too old.')
    }
    const filter = this.filter(kind, opts)
    const events = this.history.since(rv).filter((ev) => ev.kind === kind)
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity
    const { items, more } = pageAt(this.table(kind), events, filter, '', limit)
    if (!more) return { rv, items }
    return { rv, items, continue: encodeContinue(items[items.length - 1].key, rv) }
  }

  /**
   * Start a watch. With `fromRv`, the events after it are delivered to `listener` before this
   * returns; without it, `initial` holds the current matching objects (synthetic ADDED).
   * @throws StoreError 410 Expired when `fromRv` is older than the history.
   */
  watch(kind: KindId, filter: Filter, fromRv: number | undefined, listener: WatchListener): WatchHandle {
    const sub: Subscriber = { filter, listener }
    let initial: Rec[] = []
    if (fromRv === undefined) {
      const t = this.table(kind)
      const [from, to] = t.range(filter.namespace)
      const keys = t.sorted()
      for (let i = from; i < to; i++) {
        const rec = t.byKey.get(keys[i]) as Rec
        if (matches(filter, rec)) initial.push(rec)
      }
    } else {
      for (const ev of this.history.since(fromRv)) {
        if (ev.kind !== kind) continue
        const out = translate(filter, ev)
        if (out) listener(out.type, out.rec)
      }
      initial = []
    }
    this.table(kind)
    const set = this.subs.get(kind) as Set<Subscriber>
    set.add(sub)
    return { initial, rv: this.clock, cancel: () => set.delete(sub) }
  }

  /**
   * Create an object. `asWritten` (API writes): an Event is stored as the client wrote it — the
   * apiserver fills no `involvedObject` reference, only recorders do.
   * @throws StoreError 404 (namespace missing), 409 AlreadyExists.
   */
  create(kind: KindId, obj: KubeObject, asWritten = false): Rec {
    const def = kindDef(kind)
    const ns = this.nsOf(kind, obj.metadata?.namespace)
    let name = obj.metadata?.name ?? ''
    if (!name && obj.metadata?.generateName) name = generatedName(obj.metadata.generateName)
    if (!name) throw new StoreError(422, 'Invalid', `${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`)
    if (def.namespaced && !this.table('namespaces').byKey.has(ns)) {
      throw new StoreError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' })
    }
    const t = this.table(kind)
    if (t.byKey.has(recordKey(ns, name))) {
      throw new StoreError(409, 'AlreadyExists', `${def.resource}${def.apiGroup ? '.' + def.apiGroup : ''} "${name}" already exists`, this.details(kind, name))
    }
    const rec = buildRecord(kind, def, kind === 'events' && !asWritten ? this.involved(obj) : obj, { ns, name, rv: this.clock + 1, ownerUid: this.ownerUid })
    this.commit(kind, 'ADDED', undefined, rec)
    return rec
  }

  /**
   * Replace an object. With `checkVersion`, a stale `metadata.resourceVersion` is a 409 Conflict;
   * `asWritten` as for create.
   * @throws StoreError 404 NotFound, 409 Conflict.
   */
  update(kind: KindId, obj: KubeObject, checkVersion = false, asWritten = false): Rec {
    const def = kindDef(kind)
    const ns = this.nsOf(kind, obj.metadata?.namespace)
    const name = obj.metadata?.name ?? ''
    const prev = this.table(kind).byKey.get(recordKey(ns, name))
    if (!prev) throw this.notFound(kind, name)
    const given = obj.metadata?.resourceVersion
    if (checkVersion && given && given !== String(prev.rv)) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${def.resource}${def.apiGroup ? '.' + def.apiGroup : ''} "${name}": ` +
          'the object has been modified; please apply your changes to the latest version and try again',
        this.details(kind, name)
      )
    }
    const rec = buildRecord(kind, def, kind === 'events' && !asWritten ? this.involved(obj, prev) : obj, {
      ns,
      name,
      rv: this.clock + 1,
      prev,
      ownerUid: this.ownerUid
    })
    this.commit(kind, 'MODIFIED', prev, rec)
    return rec
  }

  /** Delete an object at once. @returns its last state. @throws StoreError 404 NotFound. */
  delete(kind: KindId, namespace: string | undefined, name: string): Rec {
    const prev = this.get(kind, namespace, name)
    if (!prev) throw this.notFound(kind, name)
    const rec = restamp(prev, this.clock + 1)
    this.commit(kind, 'DELETED', prev, rec)
    return rec
  }

  /** Apply a generator/churn write. @returns false when refused (NotFound, AlreadyExists, …). */
  applyOp(op: SimWriteOp): boolean {
    try {
      if (op.op === 'create') this.create(op.kind, op.object)
      else if (op.op === 'update') this.update(op.kind, op.object, false)
      else this.delete(op.kind, op.object.metadata?.namespace, op.object.metadata?.name ?? '')
      return true
    } catch (err) {
      if (err instanceof StoreError) return false
      throw err
    }
  }

  /** Fault hook: forget the history and compact, so every older version is 410 Expired. */
  expireHistory(): void {
    this.history.expire(this.clock)
    this.compactedRv = this.clock
  }

  /** Compaction: continue tokens older than `rv` expire (called periodically, as etcd compacts). */
  compact(rv: number): void {
    this.compactedRv = Math.max(this.compactedRv, Math.min(rv, this.clock))
  }

  /** Run `fn` with its writes tagged as made by `writer` (the churn tags its own ops). */
  as<T>(writer: string, fn: () => T): T {
    const before = this.writer
    this.writer = writer
    try {
      return fn()
    } finally {
      this.writer = before
    }
  }

  /**
   * Observe every committed write with its writer tag (one observer: the churn's handover). It
   * runs inside the write, like a watch listener: it may only record, never write.
   */
  onCommit(fn: ((ev: StoreEvent, writer: string | undefined) => void) | undefined): void {
    this.commitHook = fn
  }

  private commit(kind: KindId, type: EventType, prev: Rec | undefined, cur: Rec): void {
    this.clock = cur.rv
    const t = this.table(kind)
    if (type === 'DELETED') t.remove(cur.key)
    else t.put(cur)
    const ev: StoreEvent = { rv: cur.rv, kind, type, prev, cur }
    this.history.push(ev)
    for (const sub of this.subs.get(kind) ?? []) {
      const out = translate(sub.filter, ev)
      if (out) sub.listener(out.type, out.rec)
    }
    this.commitHook?.(ev, this.writer)
  }

  private readonly ownerUid = (ownerKind: string, ns: string, name: string): string | undefined => {
    const kind = KIND_BY_NAME.get(ownerKind)
    return kind ? this.get(kind, ns, name)?.uid : undefined
  }

  /** An Event with its involved object's uid and resourceVersion filled in (see eventRefs.ts). */
  private involved(ev: KubeObject, prev?: Rec): KubeObject {
    return withInvolvedRef(
      ev,
      (kind, ns, name) => {
        const k = KIND_BY_NAME.get(kind)
        return k ? this.get(k, ns, name) : undefined
      },
      prev ? () => this.object(prev) : undefined
    )
  }

  private table(kind: KindId): KindTable {
    let t = this.tables.get(kind)
    if (!t) {
      // A custom resource (crd/registry.ts) gets its table when first used.
      if (!isCustomKind(kind)) throw new Error(`unknown kind ${kind}`)
      t = new KindTable()
      this.tables.set(kind, t)
      this.subs.set(kind, new Set())
    }
    return t
  }

  /** Every stored object of a custom kind, dropped at once without events (its CRD is gone). */
  names(kind: KindId): { ns: string; name: string }[] {
    const t = this.tables.get(kind)
    return t ? [...t.byKey.values()].map((r) => ({ ns: r.ns, name: r.name })) : []
  }

  private nsOf(kind: KindId, namespace: string | undefined): string {
    return kindDef(kind).namespaced ? namespace || 'default' : ''
  }

  private details(kind: KindId, name: string): Record<string, unknown> {
    const def = kindDef(kind)
    return def.apiGroup ? { name, group: def.apiGroup, kind: def.resource } : { name, kind: def.resource }
  }

  private notFound(kind: KindId, name: string): StoreError {
    const def = kindDef(kind)
    return new StoreError(404, 'NotFound', `${def.resource}${def.apiGroup ? '.' + def.apiGroup : ''} "${name}" not found`, this.details(kind, name))
  }
}
