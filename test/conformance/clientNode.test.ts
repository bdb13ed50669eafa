/**
 * Conformance: @kubernetes/client-node 2.0.1 (the client the app itself uses) against the
 * simulated apiserver: typed lists, raw watches with bookmarks, and an informer that must
 * survive a 410 Gone and a dropped connection and end with a cache equal to the store.
 *
 * Why: client-node is an independent implementation of the list/watch protocol; if it cannot
 * keep an exact cache through the sim's faults, either the sim's history/410/resume semantics
 * or its wire format is wrong.
 * Lifecycle: one sim (300 pods, churn off until a test turns it on, BOOKMARKs every 500 ms);
 * each watch is aborted and the informer stopped inside its test; the sim stops in `afterAll`.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, Watch, makeInformer } from '@kubernetes/client-node'
import type { Informer, ObjectCache, V1Pod } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KindId } from '../../src/shared/kinds/registry.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'

/** Bookmarks this often, so the bookmark test waits well under a second for one. */
const BOOKMARK_MS = 500
/** Generous bound for anything we poll for on a loaded 2-core machine. */
const WAIT_MS = 20_000
const POLL_MS = 50

let sim: Sim
let kc: KubeConfig

beforeAll(async () => {
  sim = await startSim({ pods: 300, churn: 0, bookmarkIntervalMs: BOOKMARK_MS })
  kc = new KubeConfig()
  kc.loadFromString(sim.kubeconfig())
})

afterAll(async () => {
  await sim?.stop()
})

/** Poll `cond` until it holds; fail with `what` after WAIT_MS. */
async function waitFor(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}

type Meta = { metadata?: { namespace?: string; name?: string; resourceVersion?: string } }
/** `ns/name → resourceVersion` of client objects. */
const versions = (items: readonly Meta[]): Map<string, string> =>
  new Map(items.map((o) => [`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o.metadata?.resourceVersion ?? '']))
/** The same for what the store holds. */
const storeVersions = (kind: KindId): Map<string, string> => new Map(sim.store.list(kind).items.map((r) => [`${r.ns}/${r.name}`, String(r.rv)]))
const sameMap = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

describe('client-node typed lists', () => {
  it('CoreV1Api.listPodForAllNamespaces returns exactly what the store holds', async () => {
    sim.setChurn(0)
    const list = await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces()
    expect(list.metadata?.resourceVersion).toBe(sim.store.resourceVersion())
    expect(list.items.length).toBeGreaterThanOrEqual(300)
    expect(versions(list.items)).toEqual(storeVersions('pods'))
    const first = sim.store.list('pods').items[0]
    const pod = list.items.find((p) => p.metadata?.uid === first.uid)
    expect(pod?.metadata?.name).toBe(first.name)
    expect(pod?.spec?.containers.length).toBeGreaterThan(0)
    expect(pod?.metadata?.creationTimestamp).toBeInstanceOf(Date)
  })

  it('AppsV1Api.listDeploymentForAllNamespaces returns exactly what the store holds', async () => {
    sim.setChurn(0)
    const list = await kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces()
    expect(list.items.length).toBeGreaterThan(0)
    expect(list.metadata?.resourceVersion).toBe(sim.store.resourceVersion())
    expect(versions(list.items)).toEqual(storeVersions('deployments'))
    expect(list.items.every((d) => d.kind === undefined || d.kind === 'Deployment')).toBe(true)
  })

  it('pages a list with limit/continue to the same set', async () => {
    sim.setChurn(0)
    const core = kc.makeApiClient(CoreV1Api)
    const all: V1Pod[] = []
    let cont: string | undefined
    for (let page = 0; page < 100; page++) {
      const res = await core.listPodForAllNamespaces({ limit: 70, _continue: cont })
      all.push(...res.items)
      cont = res.metadata?._continue
      if (!cont) break
    }
    expect(cont).toBeFalsy()
    expect(versions(all)).toEqual(storeVersions('pods'))
  })
})

describe('client-node Watch', () => {
  it('receives ADDED/MODIFIED events after the given resourceVersion, and BOOKMARKs', async () => {
    const from = Number(sim.store.resourceVersion())
    const seen: { type: string; rv: number }[] = []
    let ended: unknown = 'open'
    sim.setChurn(50)
    // One namespace's pods, with churn: the apiserver sends a BOOKMARK only at a version newer
    // than where the watch started, which the churn provides (a watch where nothing happened
    // gets none).
    const ns = sim.store.list('pods', { limit: 1 }).items[0].ns
    const ctrl = await new Watch(kc).watch(
      `/api/v1/namespaces/${ns}/pods`,
      { allowWatchBookmarks: true, resourceVersion: String(from) },
      (type: string, obj: Meta) => {
        seen.push({ type, rv: Number(obj.metadata?.resourceVersion) })
      },
      (err: unknown) => {
        ended = err
      }
    )
    try {
      await waitFor(
        'a MODIFIED or ADDED event and a BOOKMARK',
        () => seen.some((e) => e.type === 'MODIFIED' || e.type === 'ADDED') && seen.some((e) => e.type === 'BOOKMARK')
      )
    } finally {
      ctrl.abort()
      sim.setChurn(0)
    }
    expect(ended).toBe('open')
    const changes = seen.filter((e) => e.type !== 'BOOKMARK')
    for (const e of changes) expect(e.rv).toBeGreaterThan(from)
    for (let i = 1; i < changes.length; i++) expect(changes[i].rv).toBeGreaterThan(changes[i - 1].rv)
    const bookmark = seen.find((e) => e.type === 'BOOKMARK')
    expect(bookmark?.rv).toBeGreaterThanOrEqual(from)
  })

  it('gets 410 Gone as an ERROR event when resuming from an expired resourceVersion', async () => {
    const old = sim.store.resourceVersion()
    sim.setChurn(50)
    await waitFor('churn to move the store past the old version', () => Number(sim.store.resourceVersion()) > Number(old) + 5)
    sim.setChurn(0)
    sim.faults.expireHistory()
    const seen: { type: string; code?: number }[] = []
    let ended = false
    const ctrl = await new Watch(kc).watch(
      '/api/v1/pods',
      { resourceVersion: old },
      (type: string, obj: { code?: number }) => {
        seen.push({ type, code: obj.code })
      },
      () => {
        ended = true
      }
    )
    try {
      await waitFor('the watch to end after an ERROR', () => ended)
    } finally {
      ctrl.abort()
    }
    expect(seen).toEqual([{ type: 'ERROR', code: 410 }])
  })
})

describe('client-node informer', () => {
  it('survives a 410 and a dropped connection and ends with a cache equal to the store', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    let lists = 0
    const informer: Informer<V1Pod> & ObjectCache<V1Pod> = makeInformer(kc, '/api/v1/pods', () => {
      lists++
      return core.listPodForAllNamespaces()
    })
    let stopping = false
    let errors = 0
    let changes = 0
    // client-node stops the informer on any error but 410; the caller must restart it.
    informer.on('error', () => {
      errors++
      if (!stopping)
        setTimeout(() => {
          if (!stopping) void informer.start()
        }, 100)
    })
    informer.on('change', () => {
      changes++
    })
    const cacheMatchesStore = (): boolean => sameMap(versions(informer.list()), storeVersions('pods'))
    try {
      sim.setChurn(50)
      await informer.start()
      expect(lists).toBe(1)
      await waitFor('live changes through the first watch', () => changes > 300 + 20)

      // 1. The watch falls behind (stalled) while the store moves on, the history is expired and
      // the connection dropped: the resume must get 410 and relist. (A resume at the store's
      // current version is legitimately not expired, hence the stall.)
      sim.faults.stall(true)
      const stalledAt = Number(sim.store.resourceVersion())
      await waitFor('the store to move past the stalled watch', () => Number(sim.store.resourceVersion()) > stalledAt + 5)
      sim.faults.expireHistory()
      expect(sim.faults.dropAllWatches()).toBeGreaterThan(0)
      sim.faults.stall(false)
      await waitFor('a relist after 410', () => lists >= 2)
      const changesAfterRelist = changes
      await waitFor('live changes after the relist', () => changes > changesAfterRelist + 20)
      sim.setChurn(0)
      await waitFor('the cache to equal the store after the 410', cacheMatchesStore)

      // 2. A plain dropped connection: the informer resumes from its version, without a relist.
      sim.setChurn(50)
      const listsBefore = lists
      const changesBefore = changes
      await waitFor('changes before the drop', () => changes > changesBefore + 20)
      expect(sim.faults.dropAllWatches()).toBeGreaterThan(0)
      const changesAtDrop = changes
      await waitFor('live changes after the reconnect', () => changes > changesAtDrop + 20)
      sim.setChurn(0)
      await waitFor('the cache to equal the store after the drop', cacheMatchesStore)
      expect(lists).toBe(listsBefore)
      expect(versions(informer.list()).size).toBe(sim.store.count('pods'))
    } finally {
      stopping = true
      sim.setChurn(0)
      await informer.stop()
    }
    console.log(`informer: ${lists} lists, ${errors} errors restarted, ${changes} changes`)
  })
})
