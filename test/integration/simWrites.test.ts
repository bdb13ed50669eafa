// Writes on the simulated apiserver over real HTTPS: each verb, each error body, the /status and
// /scale subresources, generation, finalizers, graceful deletion, GC cascades, namespace
// termination, and every write seen exactly once, in order, by a watch. Waits are bounded.
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { simApi } from '../support/simApi.ts'
import type { SimReply } from '../support/simApi.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
type Reply = SimReply

/** Bound of every eventually-style wait (grace periods here are 1 s). */
const WAIT_MS = 8_000
let sim: Sim

const api = (method: string, path: string, body?: unknown, contentType?: string): Promise<Reply> => simApi(sim, method, path, body, contentType)

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + WAIT_MS
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
const gone = (path: string) => until(`${path} to be gone`, async () => ((await api('GET', path)).status === 404 ? true : undefined))

const ns = (name: string) => api('POST', '/api/v1/namespaces', { metadata: { name } })
const pod = (name: string, extra: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...extra.metadata },
  spec: { nodeName: 'ghost-node', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'nginx' }], ...extra.spec }
})
const deploy = (name: string, replicas = 0): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }
  }
})
const owner = (kind: string, apiVersion: string, o: Json): Json => ({
  apiVersion,
  kind,
  name: o.metadata.name,
  uid: o.metadata.uid,
  controller: true,
  blockOwnerDeletion: true
})

beforeAll(async () => {
  sim = await startSim({ pods: 20 })
  for (const n of ['w1', 'gc', 'wt']) expect((await ns(n)).status).toBe(201)
})
afterAll(async () => {
  await sim?.stop()
})

describe('create / replace / patch', () => {
  it('creates with server metadata, generateName, defaults; 409 on a duplicate; 404 in a missing namespace', async () => {
    const r = await api('POST', '/apis/apps/v1/namespaces/w1/deployments', deploy('web', 2))
    expect(r.status).toBe(201)
    expect(r.json.metadata).toMatchObject({ name: 'web', namespace: 'w1', generation: 1 })
    expect(r.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(r.json.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: '25%', maxSurge: '25%' })
    // The apiserver stores the Go object: a non-pointer status struct prints as {} (encoding/json).
    expect(r.json.status).toEqual({})
    const g = await api('POST', '/api/v1/namespaces/w1/pods', { metadata: { generateName: 'gen-' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })
    expect(g.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/)
    expect(g.json.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' })
    const dup = await api('POST', '/apis/apps/v1/namespaces/w1/deployments', deploy('web'))
    expect(dup.status).toBe(409)
    expect(dup.json).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
      details: { name: 'web', group: 'apps', kind: 'deployments' }
    })
    const miss = await api('POST', '/api/v1/namespaces/nope/pods', pod('p'))
    expect(miss.status).toBe(404)
    expect(miss.json).toMatchObject({ reason: 'NotFound', message: 'namespaces "nope" not found' })
  })

  it('answers 422 Invalid with causes, 400 for malformed JSON, name mismatch and unknown fields (Strict), 415 for an unknown patch type', async () => {
    const bad = await api('POST', '/api/v1/namespaces/w1/pods', pod('Bad_Name'))
    expect(bad.status).toBe(422)
    expect(bad.json.message).toMatch(/^Pod "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/)
    expect(bad.json.details).toMatchObject({ name: 'Bad_Name', kind: 'Pod', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] })
    const noImage = await api('POST', '/api/v1/namespaces/w1/pods', { metadata: { name: 'noimg' }, spec: { containers: [{ name: 'c' }] } })
    expect(noImage.json.message).toBe('Pod "noimg" is invalid: spec.containers[0].image: Required value')
    expect((await api('POST', '/api/v1/namespaces/w1/pods', '{"metadata":')).status).toBe(400)
    const strict = await api('POST', '/apis/apps/v1/namespaces/w1/deployments?fieldValidation=Strict', {
      ...deploy('typo'),
      spec: { ...deploy('typo').spec, replica: 1 }
    })
    expect(strict.json).toMatchObject({
      code: 400,
      message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"'
    })
    const warn = await api('POST', '/apis/apps/v1/namespaces/w1/deployments?fieldValidation=Warn', {
      ...deploy('typo'),
      spec: { ...deploy('typo').spec, replica: 1 }
    })
    expect(warn.status).toBe(201)
    expect(warn.headers.warning).toBe('299 - "unknown field \\"spec.replica\\""')
    const cur = (await api('GET', '/apis/apps/v1/namespaces/w1/deployments/web')).json
    const mismatch = await api('PUT', '/apis/apps/v1/namespaces/w1/deployments/web', { ...cur, metadata: { ...cur.metadata, name: 'other' } })
    expect(mismatch.json).toMatchObject({ code: 400, message: 'the name of the object (other) does not match the name on the URL (web)' })
    const ssa = await api('PATCH', '/apis/apps/v1/namespaces/w1/deployments/web', '{}', 'application/apply-patch+yaml')
    expect(ssa.status).toBe(415)
    expect((await api('PATCH', '/apis/apps/v1/namespaces/w1/deployments/web', '{}', 'text/plain')).json).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType'
    })
  })

  it('replaces with optimistic concurrency and bumps generation only on spec changes', async () => {
    const cur = (await api('GET', '/apis/apps/v1/namespaces/w1/deployments/web')).json
    const labelled = await api('PATCH', '/apis/apps/v1/namespaces/w1/deployments/web', { metadata: { labels: { tier: 'a' } } }, 'application/merge-patch+json')
    expect(labelled.json.metadata.generation).toBe(1)
    expect(Number(labelled.json.metadata.resourceVersion)).toBeGreaterThan(Number(cur.metadata.resourceVersion))
    const stale = await api('PUT', '/apis/apps/v1/namespaces/w1/deployments/web', cur)
    expect(stale.status).toBe(409)
    expect(stale.json.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again'
    )
    const fresh = labelled.json
    fresh.spec.replicas = 5
    const put = await api('PUT', '/apis/apps/v1/namespaces/w1/deployments/web', fresh)
    expect(put.status).toBe(200)
    expect(put.json.metadata).toMatchObject({ generation: 2, labels: { tier: 'a' } })
    const same = await api('PATCH', '/apis/apps/v1/namespaces/w1/deployments/web', { metadata: { labels: { tier: 'a' } } }, 'application/merge-patch+json')
    expect(same.json.metadata.resourceVersion).toBe(put.json.metadata.resourceVersion)
  })

  it('applies the three patch types, strategic lists by merge key', async () => {
    const base = '/apis/apps/v1/namespaces/w1/deployments/web'
    const smp = await api(
      'PATCH',
      base,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'side', image: 'busybox' },
                { name: 'c', env: [{ name: 'A', value: '1' }] }
              ]
            }
          }
        }
      },
      'application/strategic-merge-patch+json'
    )
    expect(smp.json.spec.template.spec.containers.map((c: Json) => [c.name, c.image, c.env?.[0]?.name])).toEqual([
      ['c', 'nginx', 'A'],
      ['side', 'busybox', undefined]
    ])
    const del = await api(
      'PATCH',
      base,
      { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } },
      'application/strategic-merge-patch+json'
    )
    expect(del.json.spec.template.spec.containers).toHaveLength(1)
    const json = await api('PATCH', base, [{ op: 'replace', path: '/spec/replicas', value: 7 }], 'application/json-patch+json')
    expect(json.json.spec.replicas).toBe(7)
    const failed = await api('PATCH', base, [{ op: 'test', path: '/spec/replicas', value: 1 }], 'application/json-patch+json')
    expect(failed.status).toBe(422)
  })

  it('honours dryRun=All without writing', async () => {
    const rv = sim.store.currentRv()
    const r = await api('POST', '/api/v1/namespaces/w1/pods?dryRun=All', pod('dry'))
    expect(r.status).toBe(201)
    expect((await api('GET', '/api/v1/namespaces/w1/pods/dry')).status).toBe(404)
    expect(sim.store.currentRv()).toBe(rv)
  })
})

describe('subresources', () => {
  it('/status changes only status; plain writes keep it', async () => {
    await api('POST', '/api/v1/namespaces/w1/pods', pod('st'))
    const s = await api(
      'PATCH',
      '/api/v1/namespaces/w1/pods/st/status',
      { status: { phase: 'Running' }, metadata: { labels: { x: 'y' } }, spec: { nodeName: 'z' } },
      'application/merge-patch+json'
    )
    expect(s.json.status.phase).toBe('Running')
    expect(s.json.metadata.labels).toBeUndefined()
    expect(s.json.spec.nodeName).toBe('ghost-node')
    const plain = await api(
      'PATCH',
      '/api/v1/namespaces/w1/pods/st',
      { status: { phase: 'Failed' }, metadata: { labels: { x: 'y' } } },
      'application/merge-patch+json'
    )
    expect(plain.json.status.phase).toBe('Running')
    expect(plain.json.metadata.labels).toEqual({ x: 'y' })
  })

  it('/scale reads and writes spec.replicas as autoscaling/v1 Scale', async () => {
    const path = '/apis/apps/v1/namespaces/w1/deployments/web/scale'
    const g = await api('GET', path)
    expect(g.json).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 7 }, status: { selector: 'app=web' } })
    const p = await api('PATCH', path, { spec: { replicas: 10 } }, 'application/merge-patch+json')
    expect(p.json.spec.replicas).toBe(10)
    const put = await api('PUT', path, { ...g.json, spec: { replicas: 3 } })
    expect(put.status).toBe(409)
    const neg = await api('PUT', path, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: -1 } })
    expect(neg.json).toMatchObject({
      code: 422,
      message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'
    })
    expect((await api('GET', '/apis/apps/v1/namespaces/w1/deployments/web')).json.spec.replicas).toBe(10)
  })
})

describe('deletion', () => {
  it('keeps an object with finalizers until the last one is removed', async () => {
    await api('POST', '/api/v1/namespaces/w1/services', { metadata: { name: 'fin', finalizers: ['example.com/hold'] }, spec: { ports: [{ port: 80 }] } })
    const d = await api('DELETE', '/api/v1/namespaces/w1/services/fin')
    expect(d.status).toBe(200)
    expect(d.json.metadata.deletionTimestamp).toBeTruthy()
    expect((await api('GET', '/api/v1/namespaces/w1/services/fin')).status).toBe(200)
    await api('PATCH', '/api/v1/namespaces/w1/services/fin', { metadata: { finalizers: null } }, 'application/merge-patch+json')
    await gone('/api/v1/namespaces/w1/services/fin')
  })

  it('deletes a bound pod gracefully (Terminating, then gone) and at once with gracePeriodSeconds=0; Status for non-pod kinds', async () => {
    await api('POST', '/api/v1/namespaces/w1/pods', pod('grace'))
    const d = await api('DELETE', '/api/v1/namespaces/w1/pods/grace')
    expect(d.json.metadata).toMatchObject({ deletionGracePeriodSeconds: 1 })
    expect((await api('GET', '/api/v1/namespaces/w1/pods/grace')).json.metadata.deletionTimestamp).toBeTruthy()
    await gone('/api/v1/namespaces/w1/pods/grace')
    await api('POST', '/api/v1/namespaces/w1/pods', pod('force', { spec: { terminationGracePeriodSeconds: 600 } }))
    await api('DELETE', '/api/v1/namespaces/w1/pods/force', { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 })
    expect((await api('GET', '/api/v1/namespaces/w1/pods/force')).status).toBe(404)
    const s = await api('DELETE', '/apis/apps/v1/namespaces/w1/deployments/typo')
    expect(s.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'typo', group: 'apps', kind: 'deployments' } })
    const pre = await api('DELETE', '/apis/apps/v1/namespaces/w1/deployments/web', { preconditions: { uid: 'nope' } })
    expect(pre.status).toBe(409)
  })

  it('cascades: background (deployment → replicaset → pods), orphan, foreground', async () => {
    const chain = async (name: string): Promise<Json[]> => {
      const d = (await api('POST', '/apis/apps/v1/namespaces/gc/deployments', deploy(name))).json
      const rs = (
        await api('POST', '/apis/apps/v1/namespaces/gc/replicasets', {
          ...deploy(`${name}-rs`),
          kind: 'ReplicaSet',
          metadata: { name: `${name}-rs`, ownerReferences: [owner('Deployment', 'apps/v1', d)] }
        })
      ).json
      const p = (await api('POST', '/api/v1/namespaces/gc/pods', pod(`${name}-p`, { metadata: { ownerReferences: [owner('ReplicaSet', 'apps/v1', rs)] } })))
        .json
      return [d, rs, p]
    }
    await chain('bg')
    await api('DELETE', '/apis/apps/v1/namespaces/gc/deployments/bg')
    await gone('/apis/apps/v1/namespaces/gc/replicasets/bg-rs')
    await gone('/api/v1/namespaces/gc/pods/bg-p')

    await chain('or')
    await api('DELETE', '/apis/apps/v1/namespaces/gc/deployments/or', { propagationPolicy: 'Orphan' })
    await gone('/apis/apps/v1/namespaces/gc/deployments/or')
    const rs = (await api('GET', '/apis/apps/v1/namespaces/gc/replicasets/or-rs')).json
    expect(rs.metadata.ownerReferences).toBeUndefined()

    await chain('fg')
    const fg = await api('DELETE', '/apis/apps/v1/namespaces/gc/deployments/fg', { propagationPolicy: 'Foreground' })
    expect(fg.json.metadata.finalizers).toEqual(['foregroundDeletion'])
    expect((await api('GET', '/apis/apps/v1/namespaces/gc/deployments/fg')).status).toBe(200) // waits for its pod's grace period
    await gone('/apis/apps/v1/namespaces/gc/deployments/fg')
    expect((await api('GET', '/api/v1/namespaces/gc/pods/fg-p')).status).toBe(404)
  })

  it('terminates a namespace: Terminating, its objects deleted, then gone; creates in it are refused', async () => {
    await ns('doomed')
    await api('POST', '/api/v1/namespaces/doomed/pods', pod('a'))
    const d = await api('DELETE', '/api/v1/namespaces/doomed')
    expect(d.json.status.phase).toBe('Terminating')
    const refused = await api('POST', '/api/v1/namespaces/doomed/pods', pod('b'))
    expect(refused.json).toMatchObject({
      code: 403,
      message: 'pods "b" is forbidden: unable to create new content in namespace doomed because it is being terminated'
    })
    await gone('/api/v1/namespaces/doomed')
    expect((await api('GET', '/api/v1/namespaces/doomed/pods/a')).status).toBe(404)
  })
})

describe('watch', () => {
  it('sees every write exactly once, in order, with the written resourceVersions', async () => {
    const events: Json[] = []
    let buf = ''
    const rv = sim.store.resourceVersion()
    const req = request(
      `${sim.url}/api/v1/namespaces/wt/pods?watch=true&resourceVersion=${rv}`,
      { ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}` } },
      (res) => {
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          buf += c
          const lines = buf.split('\n')
          buf = lines.pop() ?? ''
          for (const l of lines) if (l) events.push(JSON.parse(l) as Json)
        })
      }
    )
    req.end()
    try {
      const rvs: string[] = []
      const base = '/api/v1/namespaces/wt/pods'
      rvs.push((await api('POST', base, pod('w', { spec: { nodeName: undefined } }))).json.metadata.resourceVersion)
      rvs.push((await api('PATCH', `${base}/w`, { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json')).json.metadata.resourceVersion)
      rvs.push((await api('PATCH', `${base}/w/status`, { status: { phase: 'Running' } }, 'application/merge-patch+json')).json.metadata.resourceVersion)
      await api('DELETE', `${base}/w`)
      await until('4 watch events', async () => (events.length >= 4 ? true : undefined))
      await new Promise((r) => setTimeout(r, 200))
      expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED'])
      expect(events.slice(0, 3).map((e) => e.object.metadata.resourceVersion)).toEqual(rvs)
      const all = events.map((e) => Number(e.object.metadata.resourceVersion))
      expect([...all].sort((a, b) => a - b)).toEqual(all)
    } finally {
      req.destroy()
    }
  })
})
