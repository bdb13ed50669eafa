// Namespace-restricted users against the simulated apiserver's RBAC: the engine asks (access
// reviews) before it watches, serves "all namespaces" as the union of the namespaces the user may
// read, says `no access` instead of retrying 403s, follows grants and revocations live, and keeps
// to its namespace-watch budget, saying what it left out. The truth is the sim's store and its
// RBAC objects (created here as kubectl would), not the engine. Every wait is bounded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { KubeObject, Sim } from '@periscope/kube-sim'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import type { WatchEngineOptions } from '../../src/main/watch/engine.ts'
import { recorder, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { Recorder } from '../../src/main/watch/testing/recorder.ts'
import type { NamespaceScope } from '../../src/shared/api/frames.ts'
import type { StateDetail, WatchEngine } from '../../src/main/watch/types.ts'

const DEV = 'periscope-sim-dev-team-a'
const RBAC = 'rbac.authorization.k8s.io'
const MANY = Array.from({ length: 50 }, (_, i) => `ns-${String(i).padStart(2, '0')}`)
let sim: Sim
const engines: WatchEngine[] = []

type Rec = Recorder & { scopes: NamespaceScope[]; details: StateDetail[] }
function rec(): Rec {
  const r = recorder() as Rec
  r.scopes = []
  r.details = []
  const onState = r.onState?.bind(r)
  r.onState = (s, reason, d) => {
    r.details.push(d)
    onState?.(s, reason, d)
  }
  r.onScope = (s) => {
    r.scopes.push(s)
  }
  return r
}

const pod = (namespace: string, name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    status: { phase: 'Running' }
  }) as KubeObject
const roleBinding = (namespace: string, user: string, name = `${user}-view`): KubeObject =>
  ({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: user }]
  }) as KubeObject

beforeAll(async () => {
  sim = await startSim({
    pods: 30,
    demoUsers: true,
    controllers: false,
    users: [
      { token: 'dev-3-token', name: 'dev-3' },
      { token: 'dev-50-token', name: 'dev-50' }
    ]
  })
  // dev-3 and dev-50 may list namespaces (a ClusterRole as many clusters grant) and read 3 / 50 of them.
  sim.store.create('clusterroles', {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: 'namespace-reader' },
    rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] }]
  } as KubeObject)
  for (const user of ['dev-3', 'dev-50']) {
    sim.store.create('clusterrolebindings', {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `${user}-namespaces` },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'namespace-reader' },
      subjects: [{ apiGroup: RBAC, kind: 'User', name: user }]
    } as KubeObject)
  }
  for (const ns of MANY) {
    sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject)
    sim.store.create('pods', pod(ns, `app-${ns}`))
    sim.store.create('rolebindings', roleBinding(ns, 'dev-50'))
  }
  for (const ns of MANY.slice(0, 3)) sim.store.create('rolebindings', roleBinding(ns, 'dev-3'))
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
})
afterAll(async () => {
  await sim?.stop()
})

function kubeconfig(): string {
  return sim.kubeconfig({
    users: [
      ...sim.demoUsers,
      { context: 'dev-3', token: 'dev-3-token', namespace: 'default' },
      { context: 'dev-50', token: 'dev-50-token', namespace: 'default' }
    ]
  })
}
function engine(opts: Partial<WatchEngineOptions> = {}): WatchEngine {
  const e = createWatchEngine({ clusters: loadClusters({ yaml: kubeconfig() }), lingerMs: 0, probe: false, ...opts })
  engines.push(e)
  return e
}
const simPodUids = (namespaces: readonly string[]): string[] =>
  namespaces.flatMap((ns) => sim.store.list('pods', { namespace: ns }).items.map((r) => r.uid)).sort()
const heldUids = (r: Recorder): string[] => [...r.rows.keys()].sort()
const synced = (r: Recorder): Promise<void> => waitFor(() => r.count('snapshot') >= 1, 'the merged snapshot', 10_000)

describe('a namespace-restricted user', () => {
  it("dev-team-a's all-namespaces pods view is exactly team-a and team-b's pods, one snapshot, and stays live", async () => {
    const e = engine({ namespacesToWatch: (c) => (c === DEV ? ['team-b'] : []) })
    const r = rec()
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: '' }, r)
    await synced(r)
    expect(r.count('snapshot')).toBe(1)
    expect(heldUids(r)).toEqual(simPodUids(['team-a', 'team-b']))
    expect(heldUids(r)).toHaveLength(5)
    expect(r.scopes.at(-1)).toEqual({ namespaces: ['team-a', 'team-b'], leftOut: [], budget: 100, source: 'configured' })
    // Live: a pod created in team-b arrives; one in a namespace dev-team-a cannot read does not.
    sim.store.create('pods', pod('team-b', 'late'))
    sim.store.create('pods', pod('payments', 'not-mine'))
    await waitFor(() => r.rows.size === 6, 'the new team-b pod')
    await new Promise((res) => setTimeout(res, 200))
    expect(heldUids(r)).toEqual(simPodUids(['team-a', 'team-b']))
    expect(e.clusters().find((c) => c.id === DEV)?.status).not.toBe('error')
    sim.store.delete('pods', 'team-b', 'late')
    await waitFor(() => r.rows.size === 5, 'the deletion')
  })

  it('a kind with no access anywhere is `no access` with the reason, and is never listed or watched (no retry storm)', async () => {
    const e = engine()
    const touched = (): number => sim.requests.count((q) => q.path === '/api/v1/nodes' || q.path === '/api/v1/namespaces/payments/pods')
    const before = touched()
    const nodes = rec()
    const payments = rec()
    e.subscribe({ cluster: DEV, kind: 'nodes', namespace: '' }, nodes)
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: 'payments' }, payments)
    await waitFor(() => nodes.states.length > 0 && payments.states.length > 0, 'both states')
    expect(nodes.states).toEqual([{ state: 'error', reason: 'cannot list resource "nodes" in API group "" at the cluster scope' }])
    expect(nodes.details[0]).toMatchObject({ synced: false, status: 403, permanent: true, noAccess: true })
    expect(payments.states).toEqual([{ state: 'error', reason: 'cannot list resource "pods" in API group "" in the namespace "payments"' }])
    await new Promise((res) => setTimeout(res, 300))
    expect(touched()).toBe(before)
    await expect(e.list({ cluster: DEV, kind: 'nodes', namespace: '' })).rejects.toMatchObject({ status: 403, noAccess: true })
    // The cluster stays ok (the user reads something); the kind is listed as no access, not as a problem.
    const info = e.clusters().find((c) => c.id === DEV)
    expect(info?.status).not.toBe('error')
    expect(info?.problems).toBeUndefined()
    expect(info?.noAccess).toEqual([{ kind: 'nodes', reason: 'cannot list resource "nodes" in API group "" at the cluster scope' }])
  })
})

describe('access changes while the app runs', () => {
  it("a RoleBinding created live adds its namespace to the view, and deleting it ends that namespace's watch cleanly", async () => {
    const ttl = 200
    const e = engine({ accessTtlMs: ttl, namespacesToWatch: (c) => (c === DEV ? ['team-b', 'ops'] : []) })
    sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops' } } as KubeObject)
    sim.store.create('pods', pod('ops', 'ops-tool'))
    const r = rec()
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: '' }, r)
    await synced(r)
    expect(heldUids(r)).toEqual(simPodUids(['team-a', 'team-b']))
    // kubectl create rolebinding dev-team-a-view --clusterrole=view --user=dev-team-a -n ops
    sim.store.create('rolebindings', roleBinding('ops', 'dev-team-a'))
    await waitFor(() => r.scopes.at(-1)?.namespaces.includes('ops') === true, 'ops in scope', 5_000)
    await waitFor(() => heldUids(r).join() === simPodUids(['team-a', 'team-b', 'ops']).join(), 'ops pods in the view', 5_000)
    expect(r.count('snapshot')).toBe(1)
    expect(
      e
        .debugWatches()
        .filter((w) => w.kind === 'pods')
        .map((w) => w.namespace)
        .sort()
    ).toEqual(['ops', 'team-a', 'team-b'])
    // kubectl delete rolebinding dev-team-a-view -n team-b
    sim.store.delete('rolebindings', 'team-b', 'dev-team-a-view')
    await waitFor(() => r.scopes.at(-1)?.namespaces.join() === 'ops,team-a', 'team-b out of scope', 5_000)
    expect(heldUids(r)).toEqual(simPodUids(['team-a', 'ops']))
    await waitFor(() => !e.debugWatches().some((w) => w.kind === 'pods' && w.namespace === 'team-b'), 'the team-b watch ended')
    expect(r.states.filter((s) => s.state === 'error')).toEqual([])
    sim.store.create('rolebindings', roleBinding('team-b', 'dev-team-a'))
    sim.store.delete('rolebindings', 'ops', 'dev-team-a-view')
  })
})

describe('where the namespaces come from (a user who may not list namespaces)', () => {
  it("the context's namespace first; one opened by hand joins at once; a setting change re-plans at once", async () => {
    let configured: string[] = []
    const e = engine({ namespacesToWatch: () => configured })
    const r = rec()
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: '' }, r)
    await synced(r)
    expect(r.scopes.at(-1)?.namespaces).toEqual(['team-a'])
    // The user opens team-b by hand (the namespace picker): the all-namespaces view gains it now, not in 30 s.
    const one = rec()
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: 'team-b' }, one)
    await waitFor(() => heldUids(r).join() === simPodUids(['team-a', 'team-b']).join(), 'team-b joined', 3_000)
    // A namespace named in the settings (here one the user cannot read) is checked and left out.
    configured = ['payments']
    e.rescope?.(DEV)
    await new Promise((res) => setTimeout(res, 300))
    expect(r.scopes.at(-1)?.namespaces).toEqual(['team-a', 'team-b'])
  })
})

describe('the namespace-watch budget', () => {
  it('50 readable namespaces under a budget of 20: 20 watched, the other 30 reported as left out, rows of the 20 only', async () => {
    const e = engine({ namespaceWatchBudget: () => 20 })
    const r = rec()
    e.subscribe({ cluster: 'dev-50', kind: 'pods', namespace: '' }, r)
    await synced(r)
    const scope = r.scopes.at(-1)
    expect(scope?.source).toBe('namespaces')
    // The context's namespace (default) is not readable for dev-50; then alphabetical.
    expect(scope?.namespaces).toEqual(MANY.slice(0, 20))
    expect(scope?.leftOut).toEqual(MANY.slice(20))
    expect(scope?.budget).toBe(20)
    expect(heldUids(r)).toEqual(simPodUids(MANY.slice(0, 20)))
    expect(e.debugWatches()).toHaveLength(20)
  })
})

describe('upstream requests at connect', () => {
  /** Requests from subscribing to "all namespaces" pods until the merged snapshot. */
  async function connect(cluster: string): Promise<Record<string, number>> {
    const t0 = sim.requests.entries().length
    const e = engine()
    const r = rec()
    e.subscribe({ cluster, kind: 'pods', namespace: '' }, r)
    await synced(r)
    await new Promise((res) => setTimeout(res, 100)) // the watches that follow the LISTs
    const seen = sim.requests.entries().slice(t0)
    const n = (pred: (q: { method: string; path: string; watch: boolean }) => boolean): number => seen.filter(pred).length
    return {
      reviews: n((q) => q.method === 'POST' && q.path.endsWith('/selfsubjectaccessreviews')),
      namespaceLists: n((q) => q.path === '/api/v1/namespaces' && !q.watch),
      podLists: n((q) => q.path.endsWith('/pods') && !q.watch),
      podWatches: n((q) => q.path.endsWith('/pods') && q.watch),
      total: seen.length
    }
  }

  it('for a user who may list namespaces: 1 + 2 reviews, 1 namespaces LIST, then per namespace 1 review (+1 when readable), and a LIST and a WATCH per readable one', async () => {
    const all = sim.store.count('namespaces')
    const three = await connect('dev-3')
    const fifty = await connect('dev-50')
    console.log(
      `upstream requests at connect, all-namespaces pods (${all} namespaces in the cluster): 3 readable ${JSON.stringify(three)}; 50 readable ${JSON.stringify(fifty)}`
    )
    // pods at the cluster scope: list denied (1 review); namespaces: list + watch allowed (2);
    // each namespace: list (1), and watch too when list is allowed (+1).
    for (const [m, got] of [
      [3, three],
      [50, fifty]
    ] as const) {
      expect(got).toMatchObject({ reviews: 3 + all + m, namespaceLists: 1, podLists: m, podWatches: m, total: 3 + all + m + 1 + 2 * m })
    }
  })

  it("for dev-team-a (no namespaces list): the context's namespace and the configured one only", async () => {
    const t0 = sim.requests.entries().length
    const e = engine({ namespacesToWatch: () => ['team-b'] })
    const r = rec()
    e.subscribe({ cluster: DEV, kind: 'pods', namespace: '' }, r)
    await synced(r)
    await new Promise((res) => setTimeout(res, 100))
    const seen = sim.requests.entries().slice(t0)
    console.log(
      `upstream requests at connect, dev-team-a all-namespaces pods: ${seen.length} (${seen.map((q) => `${q.method} ${q.path}${q.watch ? ' watch' : ''}`).join(', ')})`
    )
    // pods cluster list (1) + namespaces list (1), then team-a and team-b: 2 reviews, 1 LIST, 1 WATCH each.
    expect(seen).toHaveLength(2 + 2 * 4)
  })
})
