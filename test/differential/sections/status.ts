/**
 * The apiserver's error answers: the Status bodies (and codes) of 401, 403, 404, 409, 410, 422 and
 * 415, as kubectl and client libraries read them (`reason`, `message`, `details`, `code`).
 *
 * Each request is the smallest one that makes a real apiserver answer that status; the same bytes
 * go to the simulator. Runs last: it compacts etcd and restarts the real apiserver.
 */
import { KINDS } from '../../../src/shared/kinds/registry.ts'
import type { Backend } from '../../support/backends.ts'
import { apiGet, apiRequest, apiWatch } from '../../support/kubeApi.ts'
import { NOBODY, NS, settle } from '../harness.ts'
import type { Obj, Pair } from '../harness.ts'
import { collectionOf, manifestsOf } from './objects.ts'

const tokenOf = (b: Backend, user: string): string => b.users.find((u) => u.name === user)?.token ?? ''

/** Run every error request; returns the unexplained report lines. */
export async function statusSection(p: Pair): Promise<string[]> {
  const out: string[] = []
  const same = async (label: string, method: string, path: string, o: Parameters<Pair['same']>[3] = {}): Promise<void> => {
    out.push(...(await p.same(label, method, path, o)).unexplained)
  }
  const pods = `/api/v1/namespaces/${NS}/pods`
  const deployments = `/apis/apps/v1/namespaces/${NS}/deployments`

  // 401: a token the server does not know. (No token at all is the anonymous user: see below.)
  await same(`401 GET ${pods} (unknown token)`, 'GET', pods, { token: 'not-a-token-of-this-cluster' })
  await same(`401 GET /api (unknown token)`, 'GET', '/api', { token: 'not-a-token-of-this-cluster' })
  await same(`GET ${pods} (no token: anonymous)`, 'GET', pods, { token: '' })

  // 403: a user without any binding, per verb and scope.
  const nobody = async (label: string, method: string, path: string, body?: unknown): Promise<void> => {
    const [s, r] = await Promise.all([p.sim, p.real].map((b) => apiRequest(b, method, path, { token: tokenOf(b, NOBODY), body })))
    out.push(...p.compare(`403 ${label}`, { status: s.status, body: s.json }, { status: r.status, body: r.json }).unexplained)
  }
  await nobody(`LIST ${pods}`, 'GET', pods)
  await nobody('LIST /api/v1/pods', 'GET', '/api/v1/pods')
  await nobody(`GET ${deployments}/web`, 'GET', `${deployments}/web`)
  await nobody(`WATCH ${pods}`, 'GET', `${pods}?watch=1&timeoutSeconds=1`)
  await nobody('LIST /api/v1/nodes', 'GET', '/api/v1/nodes')
  await nobody('GET /api/v1/nodes/diff-node-1', 'GET', '/api/v1/nodes/diff-node-1')
  await nobody(`DELETE ${pods}/toolbox`, 'DELETE', `${pods}/toolbox`)
  await nobody(`POST ${pods}`, 'POST', pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nope' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] }
  })
  await nobody('GET /apis (discovery is for every authenticated user)', 'GET', '/apis')

  // 404: a missing object of every kind, a missing namespace, an unknown resource.
  for (const k of KINDS) await same(`404 GET ${collectionOf(k)}/missing`, 'GET', `${collectionOf(k)}/missing`)
  await same('404 GET /api/v1/namespaces/missing/pods/x', 'GET', '/api/v1/namespaces/missing/pods/x')
  await same('404 GET /api/v1/namespaces/diff/widgets', 'GET', '/api/v1/namespaces/diff/widgets')
  await same('404 GET /apis/example.com/v1/widgets', 'GET', '/apis/example.com/v1/widgets')
  await same(`404 DELETE ${pods}/missing`, 'DELETE', `${pods}/missing`)

  // 409: create what exists (AlreadyExists); update with a stale resourceVersion (Conflict).
  for (const k of KINDS) {
    const m = manifestsOf(p, k)[0]
    const path = collectionOf(k)
    await same(`409 POST ${path} (${m.metadata.name} exists)`, 'POST', path, { body: m })
  }
  const [simPod, realPod] = await Promise.all([p.sim, p.real].map((b) => apiGet<Obj>(b, `${pods}/toolbox`)))
  const stale = (o: Obj): Obj => ({ ...o, metadata: { ...(o.metadata as Obj), resourceVersion: '1', labels: { stale: 'true' } } })
  const [s409, r409] = await Promise.all([
    apiRequest(p.sim, 'PUT', `${pods}/toolbox`, { body: stale(simPod) }),
    apiRequest(p.real, 'PUT', `${pods}/toolbox`, { body: stale(realPod) })
  ])
  out.push(
    ...p.compare(`409 PUT ${pods}/toolbox (stale resourceVersion)`, { status: s409.status, body: s409.json }, { status: r409.status, body: r409.json })
      .unexplained
  )

  // 422: invalid objects.
  await same(`422 POST ${pods} (invalid name)`, 'POST', pods, {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }
  })
  await same(`422 POST ${pods} (no containers)`, 'POST', pods, {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'empty' }, spec: { containers: [] } }
  })
  await same(`422 POST ${deployments} (negative replicas, selector not matching)`, 'POST', deployments, {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        replicas: -1,
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }
      }
    }
  })
  await same('422 POST /api/v1/namespaces (invalid name)', 'POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Not.A.Label' } }
  })

  // 415: a body in a media type the endpoint does not take.
  await same(`415 POST ${pods} (text/plain)`, 'POST', pods, { body: 'name: x', contentType: 'text/plain' })
  await same(`415 PATCH ${pods}/toolbox (application/json is not a patch type)`, 'PATCH', `${pods}/toolbox`, {
    body: { metadata: { labels: { a: 'b' } } },
    contentType: 'application/json'
  })

  // 410: a continue token after its version was compacted; then a watch from a version older
  // than the watch window (the real watch cache holds every event since it was filled, so only a
  // restart — a cache filled afresh at etcd's current revision — puts an old version outside it).
  const old = await Promise.all([p.sim, p.real].map(async (b) => String(((await apiGet<Obj>(b, pods)).metadata as Obj).resourceVersion)))
  out.push(...(await expiredContinue(p)))
  await p.real.restartApiserver()
  const [sw, rw] = await Promise.all(
    [p.sim, p.real].map((b, i) => apiWatch(b, `${pods}?watch=1&resourceVersion=${old[i]}`, { maxMs: 5_000, until: (ev) => ev.length > 0 }))
  )
  out.push(
    ...p.compare(
      `410 WATCH ${pods}?resourceVersion=<before a write, outside the window>`,
      { status: sw.status, events: sw.events },
      { status: rw.status, events: rw.events }
    ).unexplained
  )
  return out
}

/** Page 1 of a list, then expire old versions on both servers, then the continue request: 410 Expired. */
async function expiredContinue(p: Pair): Promise<string[]> {
  const path = `/api/v1/namespaces/${NS}/pods?limit=1`
  const tokens = await Promise.all([p.sim, p.real].map(async (b) => String(((await apiGet<Obj>(b, path)).metadata as Obj).continue ?? '')))
  // A write after page 1, so there is something newer to compact up to.
  await Promise.all(
    [p.sim, p.real].map((b) =>
      apiRequest(b, 'PATCH', `/api/v1/namespaces/${NS}/pods/toolbox`, {
        body: { metadata: { annotations: { compacted: 'yes' } } },
        contentType: 'application/merge-patch+json'
      })
    )
  )
  await Promise.all([p.sim.expireVersions(), p.real.expireVersions()])
  const next = (i: number): string => `${path}&continue=${encodeURIComponent(tokens[i])}`
  // The real watch cache learns of a compaction within 15 s (its compactor's poll period).
  let real = await apiRequest(p.real, 'GET', next(1))
  await settle(async () => (real = await apiRequest(p.real, 'GET', next(1))).status === 410, 20_000, 500)
  const sim = await apiRequest(p.sim, 'GET', next(0))
  return p.compare(`410 LIST ${path}&continue=<token of page 1, compacted>`, { status: sim.status, body: sim.json }, { status: real.status, body: real.json })
    .unexplained
}
