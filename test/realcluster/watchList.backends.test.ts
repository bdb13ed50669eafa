/**
 * WatchList (streaming lists) on BOTH backends: an engine whose syncs use
 * `sendInitialEvents=true` gets exactly the rows an engine that LISTs gets, with no LIST request,
 * and stays live on the same request. The real kube-apiserver 1.34 serves WatchList by default;
 * the simulator implements it too. Lifecycle: per backend one server; engines closed after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import type { ClusterProvider } from '../../src/main/watch/engine.ts'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import { recorder, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { WatchEngine } from '../../src/main/watch/types.ts'
import { BACKENDS, startBackend } from '../support/backends.ts'
import type { Backend } from '../support/backends.ts'
import { apiRequest } from '../support/kubeApi.ts'

const POD = (name: string): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'wl' } },
  spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] }
})

/** The cluster set, with every list and watch request it sends recorded. */
function spied(yaml: string, calls: string[]): ClusterProvider {
  const set = loadClusters({ yaml })
  return {
    list: () => set.list(),
    has: (id) => set.has(id),
    source: (id, kind, ns, onColumns) => {
      const s = set.source(id, kind, ns, onColumns)
      return {
        list: (o) => {
          calls.push(`list ${kind.id}`)
          return s.list(o)
        },
        watch: (o) => {
          calls.push(`${o.initialEvents ? 'watchlist' : 'watch'} ${kind.id}`)
          return s.watch(o)
        }
      }
    },
    close: () => set.close()
  }
}

describe.each(BACKENDS)('WatchList on the %s backend', (kind) => {
  let b: Backend
  const engines: WatchEngine[] = []
  beforeAll(async () => {
    b = await startBackend(kind, { nodes: 1 })
    for (let i = 0; i < 30; i++) {
      const r = await apiRequest(b, 'POST', '/api/v1/namespaces/default/pods', { body: POD(`wl-${i}`) })
      if (r.status !== 201) throw new Error(`create pod: ${r.status} ${r.text.slice(0, 200)}`)
    }
  }, 240_000)
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()))
    await b?.stop()
  })

  it('the sync streams the rows a LIST gets, then the same request stays live', async () => {
    const calls: string[] = []
    const streaming = createWatchEngine({ clusters: spied(b.kubeconfig(), calls), lingerMs: 0, probe: false, watchList: () => true })
    const listing = createWatchEngine({ clusters: loadClusters({ yaml: b.kubeconfig() }), lingerMs: 0, probe: false })
    engines.push(streaming, listing)
    const a = recorder()
    const l = recorder()
    streaming.subscribe({ cluster: b.context, kind: 'pods', namespace: 'default' }, a)
    listing.subscribe({ cluster: b.context, kind: 'pods', namespace: 'default' }, l)
    await waitFor(() => a.count('snapshot') === 1 && l.count('snapshot') === 1, 'both snapshots', 30_000)
    const names = (r: typeof a): string[] => [...r.rows.values()].map((x) => x.name).sort()
    expect(names(a)).toEqual(names(l))
    expect(names(a).filter((n) => n.startsWith('wl-'))).toHaveLength(30)
    expect(calls).toEqual(['watchlist pods'])
    // Live on the same request: a new pod arrives with no second request.
    expect((await apiRequest(b, 'POST', '/api/v1/namespaces/default/pods', { body: POD('wl-late') })).status).toBe(201)
    await waitFor(() => [...a.rows.values()].some((x) => x.name === 'wl-late'), 'the new pod', 15_000)
    expect(calls).toEqual(['watchlist pods'])
  }, 120_000)
})

describe('WatchList against an apiserver with the gate off (1.33 defaults, the simulator)', () => {
  let b: Backend
  let engine: WatchEngine | undefined
  beforeAll(async () => {
    b = await startBackend('sim', { sim: { featureGates: { WatchList: false } } })
    for (let i = 0; i < 5; i++) {
      const r = await apiRequest(b, 'POST', '/api/v1/namespaces/default/pods', { body: POD(`off-${i}`) })
      if (r.status !== 201) throw new Error(`create pod: ${r.status} ${r.text.slice(0, 200)}`)
    }
  }, 60_000)
  afterAll(async () => {
    await engine?.close()
    await b?.stop()
  })

  it("one refused request (the apiserver's 422), then the paged LIST; /debug says why", async () => {
    const raw = await apiRequest(
      b,
      'GET',
      '/api/v1/namespaces/default/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true'
    )
    expect(raw.status).toBe(422)
    const calls: string[] = []
    engine = createWatchEngine({ clusters: spied(b.kubeconfig(), calls), lingerMs: 0, probe: false, watchList: () => true })
    const a = recorder()
    engine.subscribe({ cluster: b.context, kind: 'pods', namespace: 'default' }, a)
    await waitFor(() => a.count('snapshot') === 1, 'the snapshot', 30_000)
    expect([...a.rows.values()].map((x) => x.name).sort()).toEqual(['off-0', 'off-1', 'off-2', 'off-3', 'off-4'])
    await waitFor(() => calls.length === 3, 'the watch after the LIST', 10_000)
    expect(calls).toEqual(['watchlist pods', 'list pods', 'watch pods'])
    const dbg = engine.debugWatches().find((w) => w.kind === 'pods')
    expect(dbg?.watchList).toMatch(/^WatchList refused \(422: .*sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled/)
  }, 60_000)
})
