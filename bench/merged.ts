/**
 * Several clusters in one table at scale: 5 clusters × 20,000 pods merged (the renderer's
 * stores/mergedRows.ts under stores/viewRows.ts, sorted as a view across namespaces is), in this
 * process — the same code the window runs, without React.
 *
 * Why: a merged table must cost what changed, not what is shown. Measured: the first merge and
 * sort; a frame of 500 deltas spread over the clusters (merge + incremental sort, p50/p99); a
 * polling cluster's 5-second refresh with 50 rows changed (diffed, not rebuilt); the wrappers'
 * heap. Run alone with `node --expose-gc bench/merged.ts`, or as part of `npm run bench`.
 */
import type { RowDto } from '../src/shared/dto/row.ts'
import { createListStore, listKey } from '../src/renderer/src/stores/listStore.ts'
import type { DeltaOp } from '../src/renderer/src/stores/listStore.ts'
import { createMergedList } from '../src/renderer/src/stores/mergedRows.ts'
import { createRowIndex } from '../src/renderer/src/stores/rowIndex.ts'
import { compareFor, defaultSort } from '../src/renderer/src/stores/rowQuery.ts'
import { kindDef } from '../src/shared/kinds/registry.ts'
import { createViewRows } from '../src/renderer/src/stores/viewRows.ts'

export interface MergedBenchResult {
  readonly clusters: number
  readonly podsPerCluster: number
  readonly firstMergeMs: number
  readonly frameP50Ms: number
  readonly frameP99Ms: number
  readonly pollRefreshMs: number
  readonly wrapperHeapMB: number
}

const STATUSES = ['Running', 'Running', 'Running', 'Running', 'Pending', 'CrashLoopBackOff', 'Completed']

function pod(cluster: number, i: number, rv: number): RowDto {
  const ns = `ns-${i % 60}`
  return {
    uid: `0000${i}-uid-${(i * 2654435761) % 1e9}`,
    kind: 'pods',
    namespace: ns,
    name: `app-${i % 300}-${(i * 7919).toString(36)}`,
    createdAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    resourceVersion: String(rv),
    labels: { app: `app-${i % 300}`, cluster: String(cluster) },
    cells: { ready: '1/1', status: STATUSES[i % STATUSES.length], restarts: i % 11, node: `node-${i % 200}`, ip: `10.${cluster}.${(i >> 8) & 255}.${i & 255}` },
    extra: { statusClass: 'ok' }
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100
}

/** Run the measurement. */
export function runMergedBench(clusters = 5, perCluster = 20_000, frames = 200): MergedBenchResult {
  const gc = (globalThis as { gc?: () => void }).gc
  const store = createListStore()
  const keys = Array.from({ length: clusters }, (_, c) => ({ cluster: `cluster-${c}`, key: listKey(`cluster-${c}`, 'pods', '') }))
  for (const [c, k] of keys.entries()) {
    store.openList(k.key)
    store.replaceAll(
      k.key,
      Array.from({ length: perCluster }, (_, i) => pod(c, i, 1)),
      { health: 'live' }
    )
  }
  const def = kindDef('pods')
  const cmp = compareFor(defaultSort(def, true), def.columns)
  const order = { sort: 'namespace', filter: '', makeFull: () => createRowIndex(cmp, () => true), makeView: null }
  const read = (key: string) => {
    const d = store.data(key)
    return d ? { data: d, version: store.store.getState().meta[key].version } : undefined
  }
  gc?.()
  const heap0 = process.memoryUsage().heapUsed
  let t = performance.now()
  const merged = createMergedList(keys)
  merged.sync(read)
  const view = createViewRows()
  view.sync(merged.data, merged.version, order, false)
  const firstMergeMs = Math.round(performance.now() - t)
  gc?.()
  const wrapperHeapMB = Math.round(((process.memoryUsage().heapUsed - heap0) / 1e6) * 10) / 10
  if (view.rows.length !== clusters * perCluster) throw new Error(`merged ${view.rows.length} rows, expected ${clusters * perCluster}`)

  let rv = 2
  const times: number[] = []
  for (let f = 0; f < frames; f++) {
    const batch = new Map<string, DeltaOp[]>()
    for (let n = 0; n < 500; n++) {
      const c = (f * 500 + n) % clusters
      const i = (f * 7919 + n * 104729) % perCluster
      const row = pod(c, i, rv++)
      const next = { ...row, cells: { ...row.cells, restarts: (f + n) % 13, status: STATUSES[(f + n) % STATUSES.length] } }
      const list = batch.get(keys[c].key) ?? []
      list.push({ type: 'modified', row: next })
      batch.set(keys[c].key, list)
    }
    t = performance.now()
    store.applyFrame(batch)
    merged.sync(read)
    view.sync(merged.data, merged.version, order, false)
    times.push(performance.now() - t)
  }

  // A polling cluster's refresh: the same rows (same objects where unchanged) with 50 changed.
  const k0 = keys[0].key
  const current = [...store.data(k0)!.rows.values()]
  const polled = current.map((r, i) => (i % 400 === 0 ? { ...r, resourceVersion: String(rv++), cells: { ...r.cells, restarts: 99 } } : r))
  t = performance.now()
  store.replaceAll(k0, polled, { health: 'polling' })
  merged.sync(read)
  view.sync(merged.data, merged.version, order, false)
  const pollRefreshMs = Math.round((performance.now() - t) * 10) / 10

  return { clusters, podsPerCluster: perCluster, firstMergeMs, frameP50Ms: pct(times, 50), frameP99Ms: pct(times, 99), pollRefreshMs, wrapperHeapMB }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(runMergedBench(), null, 2))
}
