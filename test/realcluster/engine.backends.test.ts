/**
 * The watch engine's conformance tests on BOTH backends — the simulator and a real kube-apiserver
 * 1.34 — through the same faults, applied from outside by a proxy (test/support/apiProxy.ts) so
 * they mean the same on both: list-then-watch with paging, a continue token that expires (the real
 * 410 Expired), resume after a dropped watch, a watch that outlives the watch-cache window, and an
 * apiserver restart. After each, the engine's rows must equal the server's own list (uid +
 * resourceVersion): nothing lost, nothing stale.
 *
 * How each backend expires versions (Backend.expireVersions): the simulator drops its history; the
 * real cluster compacts etcd at its current revision (realcluster/compact.ts) — the apiserver learns
 * of it within a second, its watch cache within 15 s (its compactor's poll), so a continue token
 * is 410 within seconds instead of the default 5-minute compaction period. The watch-cache window
 * cannot be shortened by a flag (--default-watch-cache-size only switches caches on or off since
 * 1.19; the event window is at least 75 s), so "outlives the window" is made real by restarting
 * the apiserver while the watch is cut: the new cache starts at etcd's current revision, and the
 * engine's resume gets 410 "too old resource version".
 * Lifecycle: per backend one server (few nodes), one proxy, one namespace of 1,100 NetworkPolicies
 * (more than two LIST pages of 500); each test makes its own engine and closes it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import { recorder, versions, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { Recorder } from '../../src/main/watch/testing/recorder.ts'
import type { WatchEngine, WatchKeyParts } from '../../src/main/watch/types.ts'
import { startApiProxy } from '../support/apiProxy.ts'
import type { ApiProxy } from '../support/apiProxy.ts'
import { BACKENDS, startBackend } from '../support/backends.ts'
import type { Backend } from '../support/backends.ts'
import { apiGet, apiRequest } from '../support/kubeApi.ts'

const NS = 'conformance'
const COUNT = 1100
const COLL = `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies`
/** Retries in tens of ms, so recoveries take well under a second of backoff. */
const FAST = { initialMs: 50, maxMs: 400, jitter: 0.2 }
/** Bound on convergence after a fault (a real restart plus a 1,100-object relist on 2 loaded cores). */
const CONVERGE_MS = 60_000

const policy = (name: string): Record<string, unknown> => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: NS, labels: { app: 'conformance' } },
  spec: { podSelector: { matchLabels: { app: name } }, policyTypes: ['Ingress'] }
})

/** Create `n` objects with a few requests in flight (a real apiserver takes ~1-2 s per 100 here). */
async function createPolicies(b: Backend, names: readonly string[]): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++]
      const r = await apiRequest(b, 'POST', COLL, { body: policy(name) })
      if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${r.text.slice(0, 300)}`)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
}

/** The server's own truth: uid → resourceVersion of every NetworkPolicy in the namespace. */
async function truth(b: Backend): Promise<Map<string, string>> {
  const l = await apiGet<{ items: { metadata: { uid: string; resourceVersion: string } }[] }>(b, COLL)
  return new Map(l.items.map((i) => [i.metadata.uid, i.metadata.resourceVersion]))
}

function diff(mine: Map<string, string>, want: Map<string, string>): string {
  const missing = [...want.keys()].filter((k) => !mine.has(k)).length
  const extra = [...mine.keys()].filter((k) => !want.has(k)).length
  const stale = [...want].filter(([k, v]) => mine.has(k) && mine.get(k) !== v).length
  return missing + extra + stale === 0 ? '' : `${missing} missing, ${extra} extra, ${stale} stale of ${want.size}`
}

/** Wait until the recorder holds exactly the server's list (re-reading the truth as it goes). */
async function converge(b: Backend, r: Recorder, ms = CONVERGE_MS): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const want = await truth(b)
    const last = diff(versions(r.rows.values()), want)
    if (last === '' && r.states.at(-1)?.state === 'live') return
    if (Date.now() > deadline) throw new Error(`not converged after ${ms} ms: ${last || `state ${r.states.at(-1)?.state ?? 'none'}`}`)
    await new Promise((res) => setTimeout(res, 300))
  }
}

/** A few writes: `new-<tag>` created, np-0001 changed, `victim` deleted. */
async function someWrites(b: Backend, tag: string, victim: string): Promise<void> {
  expect((await apiRequest(b, 'POST', COLL, { body: policy(`new-${tag}`) })).status).toBe(201)
  expect(
    (await apiRequest(b, 'PATCH', `${COLL}/np-0001`, { body: { metadata: { labels: { touched: tag } } }, contentType: 'application/merge-patch+json' })).status
  ).toBe(200)
  expect((await apiRequest(b, 'DELETE', `${COLL}/${victim}`)).status).toBe(200)
}

describe.each(BACKENDS)('the watch engine on the %s backend', (kind) => {
  let b: Backend
  let proxy: ApiProxy
  let engine: WatchEngine | undefined
  const key = (): WatchKeyParts => ({ cluster: b.context, kind: 'networkpolicies', namespace: NS })
  const lists = (): number => proxy.requests.filter((q) => q.path === COLL && !q.watch).length

  beforeAll(async () => {
    b = await startBackend(kind, { nodes: 1 })
    proxy = await startApiProxy(b)
    expect((await apiRequest(b, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201)
    await createPolicies(
      b,
      Array.from({ length: COUNT }, (_, i) => `np-${String(i).padStart(4, '0')}`)
    )
  })
  afterEach(async () => {
    await engine?.close()
    engine = undefined
    proxy.setDown(false)
  })
  afterAll(async () => {
    await proxy?.close()
    await b?.stop()
  })

  /** An engine whose cluster is this backend, reached through the proxy. */
  function start(): { engine: WatchEngine; r: Recorder } {
    engine = createWatchEngine({ clusters: loadClusters({ yaml: b.kubeconfig({ server: proxy.url, caPem: proxy.caPem }) }), backoff: FAST, lingerMs: 0 })
    const r = recorder()
    engine.subscribe(key(), r)
    return { engine, r }
  }

  it('lists in pages of 500 (following continue), then watches: rows equal the server through writes', async () => {
    const before = proxy.requests.length
    const { r } = start()
    await waitFor(() => r.count('snapshot') === 1, 'the first snapshot', 30_000)
    expect(r.calls[0]).toMatchObject({ t: 'snapshot', n: COUNT })
    const pages = proxy.requests.slice(before).filter((q) => q.path === COLL && !q.watch)
    expect(pages.map((q) => [q.query.get('limit'), q.query.has('continue')])).toEqual([
      ['500', false],
      ['500', true],
      ['500', true]
    ])
    await someWrites(b, 'w1', 'np-0003')
    await converge(b, r)
    expect(r.count('snapshot')).toBe(1)
    expect(r.count('added') + r.count('modified') + r.count('deleted')).toBeGreaterThanOrEqual(3)
  })

  it('a continue token that expires mid-LIST: the server answers 410 Expired and the engine lists again from the start', async () => {
    const held = proxy.hold((q) => q.path === COLL && q.query.has('continue'))
    const { r } = start()
    const page2 = await held.arrived
    const token = page2.query.get('continue') ?? ''
    await someWrites(b, 'w2', 'np-0004')
    await b.expireVersions()
    // The real watch cache learns of the compaction on its own schedule: wait for the 410 here.
    const expired = async (): Promise<boolean> => (await apiRequest(b, 'GET', `${COLL}?limit=500&continue=${encodeURIComponent(token)}`)).status === 410
    const deadline = Date.now() + 25_000
    while (!(await expired())) {
      if (Date.now() > deadline) throw new Error('the continue token did not expire within 25 s')
      await new Promise((res) => setTimeout(res, 500))
    }
    held.release()
    await converge(b, r)
    expect(page2.status).toBe(410)
    // After the 410, a fresh LIST (no continue) then its pages.
    const after = proxy.requests.slice(proxy.requests.indexOf(page2) + 1).filter((q) => q.path === COLL && !q.watch)
    expect(after[0]?.query.has('continue')).toBe(false)
    expect(r.count('snapshot')).toBe(1)
  })

  it('resumes after a dropped watch from its last resourceVersion, without listing again', async () => {
    const { r } = start()
    await converge(b, r)
    const listed = lists()
    expect(proxy.dropWatches()).toBeGreaterThanOrEqual(1)
    await someWrites(b, 'w3', 'np-0005')
    await converge(b, r)
    expect(lists()).toBe(listed)
    const resumes = proxy.requests.filter((q) => q.path === COLL && q.watch)
    expect(resumes.length).toBeGreaterThanOrEqual(2)
    expect(resumes.at(-1)?.query.get('resourceVersion')).not.toBe('')
    expect(r.count('snapshot')).toBe(1)
    expect(r.count('relist')).toBe(0)
  })

  it('a watch that outlives the watch-cache window gets 410 on resume and relists to the truth', async () => {
    const { r } = start()
    await converge(b, r)
    proxy.setDown(true)
    await someWrites(b, 'w4', 'np-0006')
    // Sim: its history is dropped. Real: a restart fills a new watch cache from etcd's current
    // revision, so the engine's version is older than anything the cache holds.
    if (b.kind === 'sim') await b.expireVersions()
    else await b.restartApiserver()
    proxy.setDown(false)
    await converge(b, r)
    expect(r.count('relist')).toBeGreaterThanOrEqual(1)
    expect(r.calls.find((c) => c.t === 'relist')).toMatchObject({ reason: expect.stringMatching(/410|too old|Expired|Gone/i) })
  })

  it('an apiserver restart: the engine reconnects and converges (real: same etcd; sim: a fresh store)', async () => {
    const { r } = start()
    await converge(b, r)
    const seen = proxy.requests.length
    const restarted = b.restartApiserver()
    await someWritesAfter(restarted, b)
    await converge(b, r)
    // It watched again after the restart; a fresh simulator store cannot be resumed from at all.
    expect(proxy.requests.slice(seen).filter((q) => q.path === COLL && q.watch).length).toBeGreaterThanOrEqual(1)
    if (b.kind === 'sim') expect(r.count('relist')).toBeGreaterThanOrEqual(1)
  })
})

/** Writes once the restarted apiserver answers (on the sim they land in its fresh store). */
async function someWritesAfter(restarted: Promise<void>, b: Backend): Promise<void> {
  await restarted
  if (b.kind === 'sim') {
    // The restarted simulator's store is generated afresh: the namespace is gone; make it again.
    expect((await apiRequest(b, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201)
    await createPolicies(b, ['np-0001', 'np-0007'])
  }
  await someWrites(b, 'w5', 'np-0007')
}
