/**
 * An in-memory ResourceSource for engine tests (client-go testing/fake_controller_source.go).
 *
 * Why: the engine's behaviours — pagination, bookmarks, resume, 410 in both forms, drops, stalls,
 * 429/500 — must be testable without sockets. Objects get integer resourceVersions from one
 * counter; every change is logged so a watch from an RV replays what it missed, and
 * `expireHistory()` makes older RVs answer 410 like the apiserver's watch cache. Seams:
 * `dropWatches()` (connection lost), `closeWatches()` (clean timeout), `goneInStream()`,
 * `failNext(err)`, `stall(on)`, `bookmark()`. Lifecycle: a test creates one, hands
 * `{ source: () => fake }` to the engine via a fake ClusterProvider, mutates, asserts.
 */
import type { ObjectLike } from '../../../shared/kinds/rows/index.ts'
import { UpstreamError } from '../../kube/errors.ts'
import type { ListOptions, ResourceSource, WatchEvent, WatchOptions } from '../../kube/source.ts'

interface Change {
  readonly rv: number
  readonly type: WatchEvent['type']
  readonly object: ObjectLike
}

interface ActiveWatch {
  readonly opts: WatchOptions
  readonly resolve: () => void
  readonly reject: (err: unknown) => void
  readonly liveness: NodeJS.Timeout
}

export class FakeSource implements ResourceSource {
  /** LIST calls (one per full list, not per page) and watch opens, for sharing assertions. */
  lists = 0
  pages = 0
  watches = 0
  /** The resourceVersion each watch was opened from. */
  readonly watchedFrom: string[] = []
  pageSize = 500
  /**
   * Wait this long (a timer, like a real page's network round trip) before each page after the
   * first; 0 = pages follow in microtasks, so the whole LIST lands in one turn.
   */
  pageDelayMs = 0
  /** Pages carry `remainingItemCount` (an apiserver does, except with selectors); false: never. */
  countRemaining = true
  private rv = 0
  private readonly objects = new Map<string, ObjectLike>()
  private readonly log: Change[] = []
  /** The oldest RV a watch may start from (older → 410). */
  private oldestRv = 0
  private readonly active = new Set<ActiveWatch>()
  private readonly failures: unknown[] = []
  private stalled = false
  private seq = 0

  /** Current objects (as a watcher should end up seeing them). */
  all(): ObjectLike[] {
    return [...this.objects.values()]
  }

  get resourceVersion(): string {
    return String(this.rv)
  }

  get openWatches(): number {
    return this.active.size
  }

  create(name: string, extra: Record<string, unknown> = {}, namespace = 'default'): ObjectLike {
    const uid = `uid-${++this.seq}`
    const obj = this.stamp({ metadata: { name, namespace, uid, creationTimestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, this.seq)).toISOString() }, ...extra })
    this.objects.set(uid, obj)
    this.emit('ADDED', obj)
    return obj
  }

  modify(uid: string, patch: Record<string, unknown> = {}): ObjectLike {
    const old = this.objects.get(uid)
    if (!old) throw new Error(`no object ${uid}`)
    const obj = this.stamp({ ...old, ...patch, metadata: { ...old.metadata } })
    this.objects.set(uid, obj)
    this.emit('MODIFIED', obj)
    return obj
  }

  remove(uid: string): void {
    const old = this.objects.get(uid)
    if (!old) throw new Error(`no object ${uid}`)
    this.objects.delete(uid)
    this.emit('DELETED', this.stamp({ ...old, metadata: { ...old.metadata } }))
  }

  /** Send a BOOKMARK at a fresh RV to every open watch. */
  bookmark(): string {
    this.rv++
    const obj: ObjectLike = { metadata: { resourceVersion: String(this.rv) } }
    for (const w of this.active) this.deliver(w, { type: 'BOOKMARK', object: obj })
    return String(this.rv)
  }

  /** Forget history: watches from RVs before now answer 410 on open. */
  expireHistory(): void {
    this.oldestRv = this.rv
    this.log.length = 0
  }

  /** Every open watch fails as if the connection dropped. */
  dropWatches(): void {
    this.endAll((w) => w.reject(new UpstreamError('network', 'fake: connection dropped')))
  }

  /** Every open watch ends cleanly (the apiserver's timeoutSeconds). */
  closeWatches(): void {
    this.endAll((w) => w.resolve())
  }

  /** Every open watch gets an in-stream ERROR 410 (the transport turns it into a rejection). */
  goneInStream(): void {
    this.endAll((w) => w.reject(new UpstreamError('gone', '410 Gone in the watch stream: too old resource version', { status: 410 })))
  }

  /** The next list or watch call fails with `err` (queue several for several calls). */
  failNext(err: unknown): void {
    this.failures.push(err)
  }

  /** While stalled, watches receive nothing (their liveness timers run out). */
  stall(on: boolean): void {
    this.stalled = on
  }

  async list(opts: ListOptions): Promise<{ resourceVersion: string }> {
    this.lists++
    const f = this.failures.shift()
    if (f) throw f
    const items = [...this.objects.values()]
    const rv = String(this.rv)
    for (let i = 0; i < items.length || i === 0; i += this.pageSize) {
      if (i > 0 && this.pageDelayMs > 0) await new Promise((r) => setTimeout(r, this.pageDelayMs))
      else await Promise.resolve()
      if (opts.signal.aborted) throw new UpstreamError('aborted', 'fake: list aborted')
      this.pages++
      // Like the apiserver: every page but the last says how many items the later pages hold.
      const remaining = items.length - (i + this.pageSize)
      opts.onPage(items.slice(i, i + this.pageSize), this.countRemaining && remaining > 0 ? { remainingItemCount: remaining } : {})
    }
    return { resourceVersion: rv }
  }

  watch(opts: WatchOptions): Promise<void> {
    this.watches++
    this.watchedFrom.push(opts.resourceVersion)
    const f = this.failures.shift()
    if (f) return Promise.reject(f)
    const from = Number(opts.resourceVersion)
    if (!Number.isFinite(from) || from < this.oldestRv) {
      return Promise.reject(new UpstreamError('gone', '410 Gone: too old resource version', { status: 410 }))
    }
    return new Promise<void>((resolve, reject) => {
      const w: ActiveWatch = {
        opts,
        resolve,
        reject,
        liveness: setTimeout(() => this.end(w, () => reject(new UpstreamError('liveness', 'fake: watch stalled'))), opts.livenessMs)
      }
      this.active.add(w)
      opts.signal.addEventListener('abort', () => this.end(w, () => reject(new UpstreamError('aborted', 'fake: watch aborted'))), { once: true })
      opts.onOpen?.()
      for (const c of this.log) if (c.rv > from) this.deliver(w, { type: c.type, object: c.object })
    })
  }

  private stamp(obj: ObjectLike): ObjectLike {
    this.rv++
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } }
  }

  private emit(type: WatchEvent['type'], object: ObjectLike): void {
    this.log.push({ rv: this.rv, type, object })
    for (const w of this.active) this.deliver(w, { type, object })
  }

  private deliver(w: ActiveWatch, ev: WatchEvent): void {
    if (this.stalled || !this.active.has(w)) return
    w.liveness.refresh()
    try {
      w.opts.onEvent(ev)
    } catch (err) {
      this.end(w, () => w.reject(err))
    }
  }

  private endAll(fn: (w: ActiveWatch) => void): void {
    for (const w of [...this.active]) this.end(w, () => fn(w))
  }

  private end(w: ActiveWatch, fn: () => void): void {
    if (!this.active.delete(w)) return
    clearTimeout(w.liveness)
    fn()
  }
}
