/**
 * The seam between the engine and the server when the apiserver refuses a kind (issue 12): a user
 * who may not list pods. Simulated apiserver (its real 403 Status wording) → kubeconfig for that
 * user → real watch engine → local server, over HTTP.
 *
 * Expected behaviour comes from Kubernetes: an access review (what `kubectl auth can-i list pods`
 * asks) answers no at the cluster scope and in every namespace, in the apiserver's words `cannot
 * list resource "pods" in API group "" at the cluster scope`, and the cluster works for every
 * other kind. So the engine never LISTs pods: the stream ends with that reason marked `noAccess`
 * (not hang at 200 with nothing), the polled list answers the same 403 with `noAccess`, the
 * cluster stays `ok` with pods under `noAccess` (not a problem), and a 401 is different: the whole
 * cluster is `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { StreamErrorData } from '../../src/shared/api/frames.ts'
import type { ClusterInfo, DebugStream, DebugWatch } from '../../src/shared/api/wire.ts'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import type { Backend } from '../../src/main/backend/composeBackend.ts'
import type { LocalServer } from '../../src/main/server/httpServer.ts'
import { getJson, openSse } from '../support/sseClient.ts'

const TOKEN = 'refusals-test-token-0123456789'
const AUTH = { Authorization: `Bearer ${TOKEN}` }
/** The reason: the review's wording, then the namespaces checked (this user may list namespaces). */
const NO_ACCESS = /^cannot list resource "pods" in API group "" at the cluster scope, nor in any namespace the app knows of \(checked: .+\)$/

let sim: Sim
let server: LocalServer
let backend: Backend

beforeAll(async () => {
  sim = await startSim({ pods: 20, users: [{ token: 'viewer-token', name: 'viewer', deny: ['pods'] }] })
  // Two contexts on the same sim: the viewer, and a token the sim does not know (401).
  const yaml = mergeKubeconfigs(
    sim.kubeconfig({ context: 'restricted', token: 'viewer-token' }),
    sim.kubeconfig({ context: 'expired', token: 'no-such-token' })
  )
  backend = await composeBackend({
    env: {},
    kubeconfig: { yaml },
    cacheDir: null,
    token: TOKEN,
    actor: 'tester',
    version: 'refusals',
    log: () => undefined,
    // Test-sized timings; a 403 is retried after `permanentMs` and a watch lingers 10 s, both
    // beyond this file's run, so the failed pods watch is the same one throughout.
    engine: { backoff: { initialMs: 50, maxMs: 400, jitter: 0.2, permanentMs: 120_000 }, lingerMs: 10_000, probe: false }
  })
  server = backend.server
})

afterAll(async () => {
  await backend?.close()
  await sim?.stop()
})

/** Two kubeconfigs as one (all their entries; the first's current-context). */
function mergeKubeconfigs(a: string, b: string): string {
  type Kc = Record<string, unknown[]> & { 'current-context': string }
  const [x, y] = [parse(a) as Kc, parse(b) as Kc]
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': x['current-context'],
    clusters: [...x.clusters, ...y.clusters],
    users: [...x.users, ...y.users],
    contexts: [...x.contexts, ...y.contexts]
  })
}

describe('a user who may not list pods', () => {
  it("the pods stream ends with an error frame carrying the apiserver's reason and 403, and frees its slot", async () => {
    const t0 = Date.now()
    const conn = await openSse(server.origin, '/api/clusters/restricted/pods/watch', AUTH)
    expect(conn.status).toBe(200)
    const err = await conn.waitFor((f) => f.event === 'error', 5_000)
    await conn.ended
    expect(Date.now() - t0).toBeLessThan(5_000)
    const data = JSON.parse(err.data ?? '') as StreamErrorData
    expect(data).toEqual({ reason: expect.stringMatching(NO_ACCESS), status: 403, permanent: true, noAccess: true })
    expect(err.id).toBeUndefined()
    // The error is the last frame; nothing but it (and no snapshot) was sent.
    expect(conn.frames.filter((f) => f.event !== undefined).map((f) => f.event)).toEqual(['error'])
    const streams = await getJson(server.origin, '/debug/streams', { headers: AUTH })
    expect(streams.body as DebugStream[]).toEqual([])
  })

  it('a second stream on the failed watch is told at once, without another LIST', async () => {
    const podLists = (): number => sim.requests.count((e) => e.path === '/api/v1/pods')
    const before = podLists()
    const conn = await openSse(server.origin, '/api/clusters/restricted/pods/watch', AUTH)
    const err = await conn.waitFor((f) => f.event === 'error', 2_000)
    expect(JSON.parse(err.data ?? '')).toMatchObject({ status: 403, permanent: true })
    await conn.ended
    expect(podLists()).toBe(before)
  })

  it("the polled list answers 403 with the apiserver's message, not a 500 or an empty list", async () => {
    const res = await getJson(server.origin, '/api/clusters/restricted/pods', { headers: AUTH })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      error: expect.stringMatching(/^403 Forbidden: cannot list resource "pods" in API group "" at the cluster scope, nor in any namespace/),
      code: 403,
      noAccess: true
    })
  })

  it('the cluster stays ok, lists pods as no access (not a problem), and its other kinds stream', async () => {
    const nodes = await openSse(server.origin, '/api/clusters/restricted/nodes/watch', AUTH)
    const snap = await nodes.waitFor((f) => f.event === 'snapshot', 5_000)
    expect((JSON.parse(snap.data ?? '') as { items: unknown[] }).items.length).toBe(sim.store.count('nodes'))
    nodes.close()
    const res = await getJson(server.origin, '/api/clusters', { headers: AUTH })
    const restricted = (res.body as ClusterInfo[]).find((c) => c.id === 'restricted')
    expect(restricted).toMatchObject({ status: 'ok', reason: '' })
    expect(restricted?.problems).toBeUndefined()
    expect(restricted?.noAccess).toEqual([{ kind: 'pods', reason: expect.stringMatching(NO_ACCESS) }])
    // Never watched: no pods watch exists at all, and the apiserver saw no pods LIST.
    const watches = await getJson(server.origin, '/debug/watches', { headers: AUTH })
    expect((watches.body as DebugWatch[]).filter((w) => w.cluster === 'restricted' && w.kind === 'pods')).toEqual([])
    expect(sim.requests.count((e) => e.path === '/api/v1/pods')).toBe(0)
  })

  it('a 401 (unknown token) is a dead cluster: status error with the reason, and its stream ends too', async () => {
    const conn = await openSse(server.origin, '/api/clusters/expired/pods/watch', AUTH)
    const err = await conn.waitFor((f) => f.event === 'error', 5_000)
    expect(JSON.parse(err.data ?? '')).toMatchObject({ status: 401, permanent: false, reason: expect.stringContaining('401 Unauthorized') })
    const res = await getJson(server.origin, '/api/clusters', { headers: AUTH })
    const expired = (res.body as ClusterInfo[]).find((c) => c.id === 'expired')
    expect(expired).toMatchObject({ status: 'error', reason: expect.stringContaining('401 Unauthorized') })
    expect(expired?.problems).toBeUndefined()
  })
})
