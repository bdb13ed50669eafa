/**
 * A fake WatchEngine for server tests: in-memory rows per key, deltas pushed by the test, a short
 * history so `Last-Event-ID` resumes without a snapshot, and counters to check cleanup.
 */
import type { AnyKindId } from '../../src/shared/kinds/anyKind.ts'
import type { RowDto, RowList } from '../../src/shared/dto/row.ts'
import type { ClusterInfo, DebugWatch } from '../../src/shared/api/wire.ts'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import type { SubscribeOptions, Subscription, WatchEngine, WatchKeyParts, WatchSubscriber } from '../../src/main/watch/types.ts'

interface Entry {
  rows: Map<string, RowDto>
  rv: number
  history: { type: 'added' | 'modified' | 'deleted'; row: RowDto; rv: number }[]
  subs: Set<WatchSubscriber>
}

export interface FakeEngine extends WatchEngine {
  emit(key: WatchKeyParts, type: 'added' | 'modified' | 'deleted', row: RowDto): string
  relist(key: WatchKeyParts, reason: string): void
  subscribers(key: WatchKeyParts): number
  totalSubscribers(): number
  lastOptions: SubscribeOptions | undefined
  closed: boolean
}

/** A row DTO for tests. */
export function row(kind: AnyKindId, name: string, namespace = 'default'): RowDto {
  return {
    uid: `uid-${kind}-${namespace}-${name}`,
    kind,
    namespace,
    name,
    createdAt: '2026-01-01T00:00:00Z',
    resourceVersion: '1',
    labels: {},
    cells: { status: 'Running' }
  }
}

export function createFakeEngine(clusterIds: readonly string[] = ['demo']): FakeEngine {
  const entries = new Map<string, Entry>()
  const keyOf = (k: WatchKeyParts): string => `${k.cluster}|${k.kind}|${k.namespace}`
  const entry = (k: WatchKeyParts): Entry => {
    let e = entries.get(keyOf(k))
    if (!e) {
      e = { rows: new Map(), rv: 100, history: [], subs: new Set() }
      for (let i = 0; i < 3; i++) {
        const r = row(k.kind, `${k.kind}-${i}`, k.namespace || 'default')
        e.rows.set(r.uid, r)
      }
      entries.set(keyOf(k), e)
    }
    return e
  }
  const fake: FakeEngine = {
    lastOptions: undefined,
    closed: false,
    clusters: (): ClusterInfo[] => clusterIds.map((id) => ({ id, status: 'ok', reason: '' })),
    hasCluster: (c) => clusterIds.includes(c),
    subscribe(key, sub, opts): Subscription {
      if (!clusterIds.includes(key.cluster)) throw Object.assign(new Error(`unknown cluster ${key.cluster}`), { code: 'UnknownCluster' })
      fake.lastOptions = opts
      const e = entry(key)
      e.subs.add(sub)
      const from = opts?.lastEventId !== undefined ? Number(opts.lastEventId) : NaN
      const oldest = e.history.length > 0 ? e.history[0].rv - 1 : e.rv
      if (Number.isInteger(from) && from >= oldest && from <= e.rv) {
        for (const h of e.history) if (h.rv > from) sub.onDelta(h.type, h.row, String(h.rv))
      } else {
        sub.onSnapshot([...e.rows.values()], String(e.rv))
      }
      return {
        close: () => {
          e.subs.delete(sub)
        }
      }
    },
    async podLog(): Promise<void> {
      throw Object.assign(new Error('the fake engine has no pod logs'), { status: 404 })
    },
    async list(key): Promise<RowList> {
      if (!clusterIds.includes(key.cluster)) throw Object.assign(new Error('unknown'), { code: 'UnknownCluster' })
      const e = entry(key)
      return { items: [...e.rows.values()], resourceVersion: String(e.rv), stale: false }
    },
    async getObject(key, name): Promise<Record<string, unknown>> {
      if (!clusterIds.includes(key.cluster)) throw Object.assign(new Error('unknown'), { code: 'UnknownCluster' })
      const r = [...entry(key).rows.values()].find((x) => x.name === name)
      if (!r) throw Object.assign(new Error(`${key.kind} "${name}" not found`), { status: 404 })
      return { apiVersion: 'v1', kind: 'Fake', metadata: { name: r.name, namespace: r.namespace, uid: r.uid, labels: r.labels } }
    },
    debugWatches: (): DebugWatch[] =>
      [...entries.entries()].map(([k, e]) => {
        const [cluster, kind, namespace] = k.split('|')
        return {
          cluster,
          kind: kind as KindId,
          namespace,
          subscribers: e.subs.size,
          state: 'live',
          resourceVersion: String(e.rv),
          rows: e.rows.size,
          watchesOpened: 1
        }
      }),
    retryNow: () => 0, // the fake has no upstream: nothing ever waits to retry
    retryCluster: async (c) => {
      if (!clusterIds.includes(c)) throw Object.assign(new Error(`unknown cluster ${c}`), { code: 'UnknownCluster' })
      return { id: c, status: 'ok', reason: '' }
    },
    relistCluster: () => 0,
    async close() {
      fake.closed = true
    },
    emit(key, type, r) {
      const e = entry(key)
      e.rv++
      const stamped = { ...r, resourceVersion: String(e.rv) }
      if (type === 'deleted') e.rows.delete(r.uid)
      else e.rows.set(r.uid, stamped)
      e.history.push({ type, row: stamped, rv: e.rv })
      for (const s of e.subs) s.onDelta(type, stamped, String(e.rv))
      return String(e.rv)
    },
    relist(key, reason) {
      const e = entry(key)
      for (const s of e.subs) {
        s.onRelist(reason)
        s.onSnapshot([...e.rows.values()], String(e.rv))
      }
    },
    subscribers: (key) => entries.get(keyOf(key))?.subs.size ?? 0,
    totalSubscribers: () => [...entries.values()].reduce((n, e) => n + e.subs.size, 0)
  }
  return fake
}
