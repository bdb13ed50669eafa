/**
 * A namespace-restricted user on BOTH backends — the simulator and a real kube-apiserver 1.34 —
 * with the same RBAC objects created through the API as kubectl would: `dev` reads team-a and
 * team-b (RoleBindings of the built-in `view` ClusterRole), may not list namespaces or nodes.
 * The engine's "all namespaces" pods view must be exactly team-a's and team-b's pods and stay
 * live; nodes must be `no access` with the same reason on both; a RoleBinding created live joins
 * its namespace, and deleting it ends that namespace's watch. kubectl's `auth can-i --list -n
 * team-a` and `auth whoami` must print the same on both (the simulator's bootstrap policy is the
 * real one's). Lifecycle: per backend one server; each test makes its own engine and closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadClusters } from '../../src/main/kube/clusterSet.ts'
import { createWatchEngine } from '../../src/main/watch/engine.ts'
import { recorder, waitFor } from '../../src/main/watch/testing/recorder.ts'
import type { Recorder } from '../../src/main/watch/testing/recorder.ts'
import type { WatchEngine } from '../../src/main/watch/types.ts'
import { BACKENDS, startBackend } from '../support/backends.ts'
import type { Backend } from '../support/backends.ts'
import { apiGet, apiRequest } from '../support/kubeApi.ts'
import { kubectl } from './helpers.ts'

const RBAC = 'rbac.authorization.k8s.io'
const NAMESPACES = ['team-a', 'team-b', 'team-c', 'other']
const POD = (ns: string, name: string): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] }
})
const BINDING = (ns: string): Record<string, unknown> => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'dev-view', namespace: ns },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: RBAC, kind: 'User', name: 'dev' }]
})

async function must(b: Backend, method: string, path: string, body?: unknown): Promise<void> {
  const r = await apiRequest(b, method, path, body === undefined ? {} : { body })
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`)
}

describe.each(BACKENDS)('a namespace-restricted user on the %s backend', (kind) => {
  let b: Backend
  let dir: string
  let kc: string
  const engines: WatchEngine[] = []

  beforeAll(async () => {
    b = await startBackend(kind, { rbacUsers: ['dev'], nodes: 1 })
    for (const ns of NAMESPACES) {
      await must(b, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
      for (const p of ['p1', 'p2']) await must(b, 'POST', `/api/v1/namespaces/${ns}/pods`, POD(ns, `${ns}-${p}`))
    }
    for (const ns of ['team-a', 'team-b']) await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`, BINDING(ns))
    dir = mkdtempSync(join(tmpdir(), 'periscope-restricted-'))
    kc = join(dir, 'dev.yaml')
    writeFileSync(kc, b.kubeconfig({ user: 'dev', namespace: 'team-a' }), { mode: 0o600 })
  }, 180_000)
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()))
    await b?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const uidsIn = async (namespaces: readonly string[]): Promise<string[]> =>
    (await Promise.all(namespaces.map((ns) => apiGet<{ items: { metadata: { uid: string } }[] }>(b, `/api/v1/namespaces/${ns}/pods`))))
      .flatMap((l) => l.items.map((i) => i.metadata.uid))
      .sort()
  const held = (r: Recorder): string[] => [...r.rows.keys()].sort()

  it('all-namespaces pods = team-a + team-b (context namespace + setting), live; nodes no access; a grant joins and a revocation leaves', async () => {
    const e = createWatchEngine({
      clusters: loadClusters({ yaml: b.kubeconfig({ user: 'dev', namespace: 'team-a' }) }),
      lingerMs: 0,
      probe: false,
      accessTtlMs: 300,
      namespacesToWatch: () => ['team-b', 'team-c']
    })
    engines.push(e)
    const pods = recorder()
    e.subscribe({ cluster: b.context, kind: 'pods', namespace: '' }, pods)
    await waitFor(() => pods.count('snapshot') === 1, 'the merged snapshot', 30_000)
    expect(held(pods)).toEqual(await uidsIn(['team-a', 'team-b']))
    // Live: a new pod in team-b arrives.
    await must(b, 'POST', '/api/v1/namespaces/team-b/pods', POD('team-b', 'late'))
    await waitFor(() => pods.rows.size === 5, 'the new pod', 15_000)
    // No access: nodes, with the same reason on both backends, and no LIST of nodes.
    const nodes = recorder()
    e.subscribe({ cluster: b.context, kind: 'nodes', namespace: '' }, nodes)
    await waitFor(() => nodes.states.length > 0, 'nodes state', 15_000)
    expect(nodes.states).toEqual([{ state: 'error', reason: 'cannot list resource "nodes" in API group "" at the cluster scope' }])
    // kubectl create rolebinding … -n team-c: team-c joins within the access-review lifetime.
    await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/team-c/rolebindings`, BINDING('team-c'))
    await waitFor(() => pods.rows.size === 7, 'team-c joined', 20_000)
    // kubectl delete rolebinding … -n team-b: its rows leave, its watch ends.
    await must(b, 'DELETE', `/apis/${RBAC}/v1/namespaces/team-b/rolebindings/dev-view`)
    await waitFor(() => pods.rows.size === 2 + 2, 'team-b left', 20_000)
    expect(held(pods)).toEqual(await uidsIn(['team-a', 'team-c']))
    await waitFor(() => !e.debugWatches().some((w) => w.kind === 'pods' && w.namespace === 'team-b'), 'the team-b watch ended', 10_000)
    await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/team-b/rolebindings`, BINDING('team-b'))
  }, 120_000)

  it('RBAC escalation: a namespace admin may create a Role with what she holds, not bind cluster-admin (same refusal on both)', async () => {
    await must(b, 'POST', `/apis/${RBAC}/v1/namespaces/other/rolebindings`, {
      ...BINDING('other'),
      metadata: { name: 'dev-admin', namespace: 'other' },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' }
    })
    const dev = { ...b, token: b.users.find((u) => u.name === 'dev')?.token ?? '' }
    // The authorizer may lag a binding by a moment on the real apiserver (its informer): retry briefly.
    let ok = await apiRequest(dev, 'POST', `/apis/${RBAC}/v1/namespaces/other/roles`, {
      body: {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: 'pod-reader' },
        rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]
      }
    })
    for (let i = 0; i < 20 && ok.status === 403; i++) {
      await new Promise((r) => setTimeout(r, 250))
      ok = await apiRequest(dev, 'POST', `/apis/${RBAC}/v1/namespaces/other/roles`, {
        body: {
          apiVersion: `${RBAC}/v1`,
          kind: 'Role',
          metadata: { name: 'pod-reader' },
          rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]
        }
      })
    }
    expect(ok.status).toBe(201)
    const refused = await apiRequest(dev, 'POST', `/apis/${RBAC}/v1/namespaces/other/rolebindings`, {
      body: { ...BINDING('other'), metadata: { name: 'root', namespace: 'other' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' } }
    })
    expect(refused.status).toBe(403)
    const message = (JSON.parse(refused.text) as { message: string }).message
    expect(message).toMatch(
      /^rolebindings\.rbac\.authorization\.k8s\.io "root" is forbidden: user "dev" \(groups=\[.*"system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n/
    )
    expect(message.split('\n')).toContain('{APIGroups:["*"], Resources:["*"], Verbs:["*"]}')
  }, 60_000)

  it('kubectl auth whoami and auth can-i --list -n team-a print what they print on a real apiserver', async () => {
    const who = await kubectl(kc, ['auth', 'whoami'])
    // The real harness's token file gives its users a UID and an empty group (`[ system:authenticated]`);
    // what both must print is the user and the group the authenticator adds.
    const lines = who.stdout.split('\n').filter(Boolean)
    expect(lines.slice(0, 2)).toEqual(['ATTRIBUTE   VALUE', 'Username    dev'])
    expect(lines.find((l) => l.startsWith('Groups'))).toMatch(/^Groups\s+\[.*system:authenticated\]$/)
    const list = await kubectl(kc, ['auth', 'can-i', '--list', '-n', 'team-a'])
    expect(list.code).toBe(0)
    // The rows kubectl prints for view bound in team-a; the same assertions run against the real apiserver.
    expect(list.stdout).toContain('pods                                            []                  []               [get list watch]')
    expect(list.stdout).toContain('selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]')
    expect(list.stdout).toContain('                                                [/apis/*]           []               [get]')
    const podsList = await kubectl(kc, ['get', 'pods', '-A'])
    expect(podsList.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope'
    )
  }, 60_000)
})
