// HTTP-level behaviour of the simulated apiserver over real HTTPS (node:https with the sim's CA,
// so the certificate for 127.0.0.1 is verified too): auth, list paging, watch semantics, 410 in
// both forms, every fault hook, and a clean stop. Every wait is bounded in time.
import { request } from 'node:https'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { KubeObject } from '@periscope/kube-sim'

interface Reply {
  status: number
  headers: IncomingMessage['headers']
  body: string
}
interface Json {
  [k: string]: unknown
}
type Ev = { type: string; object: KubeObject & Json }

function get(sim: Sim, path: string, opts: { token?: string | null; accept?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    const token = opts.token === undefined ? sim.token : opts.token
    if (token !== null) headers.authorization = `Bearer ${token}`
    if (opts.accept) headers.accept = opts.accept
    const req = request(`${sim.url}${path}`, { ca: sim.caPem, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** An open watch: lines as they arrive, and waits bounded by `ms`. */
class Watch {
  readonly lines: string[] = []
  status = 0
  ended = false
  errored = false
  res?: IncomingMessage
  private buf = ''
  private req?: ClientRequest
  private readonly ready: Promise<void>
  constructor(sim: Sim, path: string, accept?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${sim.token}` }
    if (accept) headers.accept = accept
    this.ready = new Promise((resolve) => {
      this.req = request(`${sim.url}${path}`, { ca: sim.caPem, headers }, (res) => {
        this.res = res
        this.status = res.statusCode ?? 0
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          this.buf += c
          const parts = this.buf.split('\n')
          this.buf = parts.pop() ?? ''
          this.lines.push(...parts)
        })
        res.on('end', () => {
          this.ended = true
        })
        res.on('error', () => {
          this.errored = true
        })
        res.on('aborted', () => {
          this.errored = true
        })
        resolve()
      })
      this.req.on('error', () => {
        this.errored = true
        resolve()
      })
      this.req.end()
    })
  }
  opened(): Promise<void> {
    return this.ready
  }
  events(): Ev[] {
    return this.lines.map((l) => JSON.parse(l) as Ev)
  }
  async until(pred: () => boolean, ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms; lines: ${this.lines.slice(-3).join(' | ')}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  close(): void {
    this.req?.destroy()
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const pod = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  metadata: { name, namespace: 'default', labels },
  spec: { nodeName: 'n1' },
  status: { phase: 'Running' }
})

let sim: Sim
beforeAll(async () => {
  sim = await startSim({
    pods: 30,
    historySize: 50,
    bookmarkIntervalMs: 150,
    featureGates: { WatchList: true },
    users: [{ token: 'viewer-token', name: 'viewer', allow: ['deployments', 'nodes'] }]
  })
})
afterAll(async () => {
  await sim?.stop()
})

describe('auth', () => {
  it('answers 401 Unauthorized Status to an unknown token, discovery included', async () => {
    for (const path of ['/api/v1/pods', '/api', '/version']) {
      const r = await get(sim, path, { token: 'wrong' })
      expect(r.status).toBe(401)
      expect(JSON.parse(r.body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401
      })
    }
    expect((await get(sim, '/api')).status).toBe(200)
  })

  it('treats a request without credentials as system:anonymous (403; /version is public), as kube-apiserver 1.34 does', async () => {
    const pods = await get(sim, '/api/v1/namespaces/default/pods', { token: null })
    expect(pods.status).toBe(403)
    expect(JSON.parse(pods.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' }
    })
    const api = await get(sim, '/api', { token: null })
    expect(api.status).toBe(403)
    expect(JSON.parse(api.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
      details: {}
    })
    expect((await get(sim, '/version', { token: null })).status).toBe(200)
  })

  it('answers 403 with the RBAC message for a kind the user may not read', async () => {
    const ns = await get(sim, '/api/v1/namespaces/default/pods', { token: 'viewer-token' })
    expect(ns.status).toBe(403)
    expect(JSON.parse(ns.body)).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      message: 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "default"'
    })
    const all = JSON.parse((await get(sim, '/apis/apps/v1/replicasets?watch=true', { token: 'viewer-token' })).body) as Json
    expect(all.message).toBe('replicasets.apps is forbidden: User "viewer" cannot watch resource "replicasets" in API group "apps" at the cluster scope')
    expect((await get(sim, '/apis/apps/v1/deployments', { token: 'viewer-token' })).status).toBe(200)
  })
})

describe('get and list', () => {
  it('gets one object, and 404s with NotFound Status bodies', async () => {
    const first = (JSON.parse((await get(sim, '/api/v1/pods?limit=1')).body) as { items: KubeObject[] }).items[0].metadata
    const one = JSON.parse((await get(sim, `/api/v1/namespaces/${first.namespace}/pods/${first.name}`)).body) as KubeObject
    expect(one.metadata).toMatchObject({ name: first.name, namespace: first.namespace, uid: first.uid })
    const missing = await get(sim, '/api/v1/namespaces/default/pods/nope')
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' }
    })
    const unknown = await get(sim, '/api/v1/foos')
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body)).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' })
  })

  it('pages a list with limit/continue, 410s an expired token and 400s a bad field', async () => {
    const names: string[] = []
    let cont = ''
    for (let i = 0; i < 50; i++) {
      const r = JSON.parse((await get(sim, `/api/v1/pods?limit=7${cont ? `&continue=${cont}` : ''}`)).body) as {
        kind: string
        metadata: Json
        items: KubeObject[]
      }
      expect(r.kind).toBe('PodList')
      names.push(...r.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`))
      cont = (r.metadata.continue as string | undefined) ?? ''
      if (!cont) break
    }
    expect(names.length).toBe(sim.store.count('pods'))
    expect(new Set(names).size).toBe(names.length)
    const first = JSON.parse((await get(sim, '/api/v1/pods?limit=2')).body) as { metadata: { continue: string } }
    sim.store.create('pods', pod('page-write'))
    sim.faults.expireHistory()
    const expired = await get(sim, `/api/v1/pods?limit=2&continue=${first.metadata.continue}`)
    expect(expired.status).toBe(410)
    expect(JSON.parse(expired.body)).toMatchObject({ reason: 'Expired', code: 410 })
    const bad = await get(sim, '/api/v1/pods?fieldSelector=spec.foo%3Dx')
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.foo' })
  })

  it('serves a meta.k8s.io/v1 Table when kubectl asks for one', async () => {
    const r = await get(sim, '/api/v1/pods?limit=3', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' })
    const t = JSON.parse(r.body) as { kind: string; rows: unknown[]; columnDefinitions: unknown[]; metadata: Json }
    expect(t.kind).toBe('Table')
    expect(t.rows).toHaveLength(3)
    expect(t.columnDefinitions.length).toBeGreaterThan(0)
    expect(t.metadata.continue).toBeTruthy()
  })
})

describe('watch', () => {
  it('resumes from a resourceVersion and sends exactly the later events in order', async () => {
    const rv = sim.store.resourceVersion()
    sim.store.create('pods', pod('w-a'))
    sim.store.update('pods', pod('w-a', { v: '2' }))
    const w = new Watch(sim, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`)
    await w.opened()
    sim.store.delete('pods', 'default', 'w-a')
    await w.until(() => w.lines.length >= 3)
    expect(w.events().map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w-a', 'MODIFIED w-a', 'DELETED w-a'])
    const rvs = w.events().map((e) => Number(e.object.metadata.resourceVersion))
    expect(rvs[0]).toBeGreaterThan(Number(rv))
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b))
    w.close()
  })

  it('starts with synthetic ADDED events without a version, and filters by label', async () => {
    const w = new Watch(sim, '/api/v1/pods?watch=1&labelSelector=sel%3Dyes')
    sim.store.create('pods', pod('w-sel', { sel: 'yes' }))
    await w.until(() => w.lines.length >= 1)
    const w2 = new Watch(sim, '/api/v1/pods?watch=1&resourceVersion=0&labelSelector=sel%3Dyes')
    await w2.until(() => w2.lines.length >= 1)
    expect(w2.events()[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w-sel' } } })
    sim.store.update('pods', pod('w-sel', { sel: 'no' }))
    await w.until(() => w.lines.length >= 2)
    expect(w.events().map((e) => e.type)).toEqual(['ADDED', 'DELETED'])
    w.close()
    w2.close()
  })

  it('encodes Table watch events with column definitions on the first event only', async () => {
    const w = new Watch(
      sim,
      `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${sim.store.resourceVersion()}`,
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'
    )
    await w.opened()
    sim.store.create('pods', pod('tbl-a'))
    sim.store.delete('pods', 'default', 'tbl-a')
    await w.until(() => w.lines.length >= 2)
    const [a, d] = w.events() as unknown as Array<{ type: string; object: { kind: string; columnDefinitions: unknown[] | null; rows: unknown[] } }>
    expect(a).toMatchObject({ type: 'ADDED', object: { kind: 'Table' } })
    expect(a.object.columnDefinitions?.length).toBeGreaterThan(0)
    expect(a.object.rows).toHaveLength(1)
    expect(d).toMatchObject({ type: 'DELETED', object: { kind: 'Table', columnDefinitions: null } })
    w.close()
  })

  it('sends no bookmark on an idle watch, and ends it cleanly at timeoutSeconds (as the watch cache)', async () => {
    const w = new Watch(sim, `/api/v1/pods?watch=true&resourceVersion=${sim.store.resourceVersion()}&allowWatchBookmarks=true&timeoutSeconds=1`)
    await w.until(() => w.ended, 4_000)
    expect(w.events()).toEqual([])
    expect(w.errored).toBe(false)
  })

  it('sends a bookmark with the newer version when the kind moved past what the watch received', async () => {
    // A watch on one pod; another pod changes: no event for this watch, but a bookmark (the real
    // watch cache sends it 2 s before the deadline, and every bookmark period), a Pod's zero value.
    const [a, b] = sim.store.list('pods', { limit: 2 }).items
    const from = sim.store.resourceVersion()
    const w = new Watch(
      sim,
      `/api/v1/namespaces/${a.ns}/pods?watch=true&resourceVersion=${from}&allowWatchBookmarks=true&timeoutSeconds=3&fieldSelector=metadata.name%3D${a.name}`
    )
    await w.opened()
    const other = sim.store.object(b)
    sim.store.update('pods', { ...other, metadata: { ...other.metadata, labels: { ...other.metadata.labels, bumped: 'yes' } } })
    await w.until(() => w.events().length >= 1, 4_000)
    const bm = w.events()[0]
    expect(bm).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: sim.store.resourceVersion() }, spec: { containers: null }, status: {} }
    })
    expect(bm.object.metadata).not.toHaveProperty('creationTimestamp')
    w.close()
  })

  it('streams initial events then the initial-events-end bookmark for sendInitialEvents', async () => {
    const n = sim.store.count('nodes')
    const bad = await get(sim, '/api/v1/nodes?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan')
    expect(bad.status).toBe(422)
    const w = new Watch(sim, '/api/v1/nodes?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true')
    await w.until(() => w.lines.length >= n + 1)
    const evs = w.events()
    expect(evs.slice(0, n).every((e) => e.type === 'ADDED')).toBe(true)
    expect(evs[n]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } })
    w.close()
  })

  it('refuses sendInitialEvents with the 1.33 422 when the WatchList gate is off (the default)', async () => {
    const off = await startSim({ pods: 2, churn: 0 })
    try {
      const r = await get(off, '/api/v1/nodes?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true')
      expect(r.status).toBe(422)
      expect(JSON.parse(r.body)).toMatchObject({
        reason: 'Invalid',
        message:
          'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'
      })
    } finally {
      await off.stop()
    }
  })

  it('answers a too-old version with an in-stream 410 ERROR event, or with HTTP 410 in http mode', async () => {
    for (let i = 0; i < 60; i++) sim.store.update('namespaces', { metadata: { name: 'default', labels: { i: String(i) } } })
    const w = new Watch(sim, '/api/v1/pods?watch=true&resourceVersion=1')
    await w.until(() => w.ended)
    expect(w.status).toBe(200)
    expect(w.events()).toHaveLength(1)
    expect(w.events()[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })
    expect(w.events()[0].object.message).toMatch(/^too old resource version: 1 \(\d+\)$/)
    sim.faults.goneMode = 'http'
    const r = await get(sim, '/api/v1/pods?watch=true&resourceVersion=1')
    sim.faults.goneMode = 'event'
    expect(r.status).toBe(410)
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' })
  })
})

describe('fault hooks', () => {
  const watchNow = (): Watch => new Watch(sim, `/api/v1/pods?watch=true&resourceVersion=${sim.store.resourceVersion()}`)

  it('dropAllWatches destroys open watch sockets', async () => {
    const w = watchNow()
    await w.opened()
    await w.until(() => sim.openWatches() >= 1)
    expect(sim.faults.dropAllWatches()).toBeGreaterThanOrEqual(1)
    await w.until(() => w.errored || w.ended)
    expect(w.errored).toBe(true)
  })

  it('stall sends nothing (not even bookmarks) until lifted, then resumes in order', async () => {
    const w = new Watch(sim, `/api/v1/pods?watch=true&resourceVersion=${sim.store.resourceVersion()}&allowWatchBookmarks=true`)
    await w.opened()
    sim.faults.stall(true)
    sim.store.create('pods', pod('stall-a'))
    await sleep(400) // > 2 bookmark periods
    expect(w.lines).toHaveLength(0)
    sim.faults.stall(false)
    await w.until(() => w.lines.length >= 1)
    expect(w.events()[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'stall-a' } } })
    w.close()
  })

  it('fail500 and throttle429 answer the next n list/watch requests', async () => {
    sim.faults.fail500(2)
    expect((await get(sim, '/api/v1/pods')).status).toBe(500)
    const second = await get(sim, '/api/v1/pods?watch=true')
    expect(JSON.parse(second.body)).toMatchObject({ kind: 'Status', code: 500, reason: 'InternalError' })
    sim.faults.throttle429(1, 7)
    const t = await get(sim, '/api/v1/pods')
    expect(t.status).toBe(429)
    expect(t.headers['retry-after']).toBe('7')
    expect(JSON.parse(t.body)).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } })
    expect((await get(sim, '/api/v1/pods?limit=1')).status).toBe(200)
  })

  it('malformedLine writes one unparsable line to every open watch', async () => {
    const w = watchNow()
    await w.until(() => sim.openWatches() >= 1)
    sim.faults.malformedLine()
    sim.store.create('pods', pod('after-bad'))
    await w.until(() => w.lines.length >= 2)
    expect(() => JSON.parse(w.lines[0])).toThrow()
    expect(JSON.parse(w.lines[1])).toMatchObject({ type: 'ADDED' })
    w.close()
  })

  it('expireHistory makes the next resume 410', async () => {
    const rv = sim.store.resourceVersion()
    sim.store.create('pods', pod('exp-a'))
    sim.faults.expireHistory()
    const w = new Watch(sim, `/api/v1/pods?watch=true&resourceVersion=${rv}`)
    await w.until(() => w.ended)
    expect(w.events()[0]).toMatchObject({ type: 'ERROR', object: { code: 410 } })
  })

  it('cuts a watch whose consumer stops reading once the backlog is bounded', async () => {
    const w = watchNow()
    await w.until(() => sim.openWatches() >= 1 && w.res !== undefined)
    w.res?.pause()
    const big = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 90 && sim.openWatches() > 0; i++) {
      sim.store.create('pods', { ...pod(`big-${i}`), metadata: { name: `big-${i}`, namespace: 'default', annotations: { big } } })
    }
    expect(sim.openWatches()).toBe(0)
    for (let i = 0; i < 90; i++) sim.store.applyOp({ op: 'delete', kind: 'pods', object: pod(`big-${i}`) })
    w.close()
  })
})

describe('stop', () => {
  it('ends watches and closes the server promptly, leaving no open handles', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length
    const s = await startSim({ pods: 5, tls: false, churn: 100 })
    const r = await fetch(`${s.url}/api/v1/pods?watch=true&allowWatchBookmarks=true`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(r.status).toBe(200)
    const reader = r.body?.getReader()
    const t0 = Date.now()
    await s.stop()
    expect(Date.now() - t0).toBeLessThan(2_000)
    let done = false
    for (let i = 0; i < 1000 && !done; i++) done = (await reader?.read().catch(() => ({ done: true })))?.done ?? true
    expect(done).toBe(true)
    await expect(fetch(`${s.url}/version`)).rejects.toThrow()
    let after = Infinity
    for (let i = 0; i < 100 && after > before; i++) {
      await sleep(20)
      after = process.getActiveResourcesInfo().filter((x) => x !== 'TTYWrap').length
    }
    expect(after).toBeLessThanOrEqual(before)
  })
})
