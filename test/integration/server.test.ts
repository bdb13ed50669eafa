/**
 * The local server over real HTTP/1.1 and HTTP/2 + TLS, against a fake watch engine: wire format,
 * resume, guards, the per-user cap, live settings, heartbeat and slow consumers.
 */
import { connect } from 'node:http2'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRuntimeConfig } from '../../src/main/config/runtimeConfig.ts'
import type { RuntimeConfig } from '../../src/main/config/runtimeConfig.ts'
import { startLocalServer } from '../../src/main/server/httpServer.ts'
import type { LocalServer, LocalServerOptions } from '../../src/main/server/httpServer.ts'
import { createFakeEngine, row } from '../support/fakeEngine.ts'
import type { FakeEngine } from '../support/fakeEngine.ts'
import { getJson, openSse, openSseH2 } from '../support/sseClient.ts'
import type { SseConn } from '../support/sseClient.ts'
import { cleanEnv, spawnServe } from '../support/serveProcess.ts'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { PARTIAL_MAX_ROWS } from '../../src/main/watch/sharedWatch.ts'
import { KIND_IDS } from '../../src/shared/kinds/registry.ts'

const TOKEN = 'test-token-0123456789'
const AUTH = { Authorization: `Bearer ${TOKEN}` }
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function start(
  env: Record<string, string> = {},
  extra: Partial<LocalServerOptions> = {}
): Promise<{ server: LocalServer; engine: FakeEngine; config: RuntimeConfig; logs: string[] }> {
  const engine = createFakeEngine(['demo', 'prod/eu'])
  const dir = mkdtempSync(join(tmpdir(), 'periscope-srv-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const c = await createRuntimeConfig({ env, settingsPath: join(dir, 'settings.json') })
  if (!c.ok) throw new Error(c.error)
  const logs: string[] = []
  const server = await startLocalServer({ engine, config: c.value, token: TOKEN, actor: 'alice', version: '0.1.0-test', log: (l) => logs.push(l), ...extra })
  cleanups.push(() => server.close())
  return { server, engine, config: c.value, logs }
}

function track(conn: SseConn): SseConn {
  cleanups.push(() => conn.close())
  return conn
}

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('local server over HTTP/1.1', () => {
  it('binds 127.0.0.1 and serves features, clusters, lists and settings', async () => {
    const { server } = await start({ PERISCOPE_WATCH_STREAMS: 'core,jobs' })
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`)
    const f = await getJson(server.origin, '/api/features', { headers: AUTH })
    expect(f.body).toEqual({ watchStreams: ['pods', 'events', 'jobs'], custom: { all: false, tokens: [] }, version: '0.1.0-test', perUserLimit: 60 })
    expect(f.headers['cache-control']).toBe('no-store')
    const c = await getJson(server.origin, '/api/clusters', { headers: AUTH })
    expect((c.body as { id: string }[]).map((x) => x.id)).toEqual(['demo', 'prod/eu'])
    const l = await getJson(server.origin, '/api/clusters/prod%2Feu/nodes', { headers: AUTH })
    expect(l.status).toBe(200)
    expect(l.body).toMatchObject({ resourceVersion: '100', stale: false, items: [{ kind: 'nodes' }, {}, {}] })
    const s = await getJson(server.origin, '/api/settings', { headers: AUTH })
    expect(s.body).toMatchObject({
      watchStreams: 'core,jobs',
      perUserLimit: 60,
      pinned: { watchStreams: { env: 'PERISCOPE_WATCH_STREAMS' }, perUserLimit: null }
    })
  })

  it('retries a cluster on POST (probe + wake its watches), reloads the kubeconfig when it has one; other methods 405', async () => {
    const reloads: number[] = []
    const { server } = await start(
      {},
      {
        reloadKubeconfig: () => {
          reloads.push(1)
          return { contexts: 2, problems: [] }
        }
      }
    )
    const post = { method: 'POST', headers: AUTH }
    expect(await getJson(server.origin, '/api/clusters/prod%2Feu/retry', post)).toMatchObject({ status: 200, body: { id: 'prod/eu', status: 'ok' } })
    expect(await getJson(server.origin, '/api/clusters/nope/retry', post)).toMatchObject({ status: 404, body: { error: 'unknown cluster "nope"' } })
    expect((await getJson(server.origin, '/api/clusters/demo/retry', { headers: AUTH })).status).toBe(405)
    expect((await getJson(server.origin, '/api/clusters/demo/retry', { method: 'POST' })).status).toBe(401)
    expect(await getJson(server.origin, '/api/kubeconfig/reload', post)).toMatchObject({ status: 200, body: { contexts: 2, problems: [] } })
    expect(reloads).toHaveLength(1)
    const demoOnly = await start()
    expect(await getJson(demoOnly.server.origin, '/api/kubeconfig/reload', post)).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('demo cluster only') }
    })
  })

  it('serves one object for the detail drawer, with 404/400 for missing or malformed names', async () => {
    const { server } = await start()
    const ok = await getJson(server.origin, '/api/clusters/demo/pods/objects/pods-1?namespace=default', { headers: AUTH })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ object: { metadata: { name: 'pods-1', namespace: 'default' } } })
    const missing = await getJson(server.origin, '/api/clusters/demo/pods/objects/nope?namespace=default', { headers: AUTH })
    expect(missing).toMatchObject({ status: 404, body: { error: 'pods "nope" not found in namespace default' } })
    expect((await getJson(server.origin, '/api/clusters/demo/pods/objects/Bad_Name?namespace=default', { headers: AUTH })).status).toBe(400)
    expect((await getJson(server.origin, '/api/clusters/demo/pods/objects/pods-1', { headers: AUTH })).status).toBe(400)
    expect((await getJson(server.origin, '/api/clusters/nowhere/pods/objects/pods-1?namespace=default', { headers: AUTH })).status).toBe(404)
    expect((await getJson(server.origin, '/api/clusters/demo/pods/objects/pods-1/extra?namespace=default', { headers: AUTH })).status).toBe(404)
  })

  it('streams a snapshot then deltas with the exact headers and frames', async () => {
    const { server, engine } = await start()
    const conn = track(await openSse(server.origin, `/api/clusters/demo/pods/watch?namespace=default&token=${TOKEN}`))
    expect(conn.status).toBe(200)
    expect(conn.headers['content-type']).toBe('text/event-stream')
    expect(conn.headers['cache-control']).toBe('no-cache, no-transform')
    expect(conn.headers['x-accel-buffering']).toBe('no')
    const snap = await conn.waitFor((f) => f.event === 'snapshot')
    expect(snap.id).toBe('100')
    expect(JSON.parse(snap.data ?? '')).toMatchObject({ resourceVersion: '100', items: [{ name: 'pods-0' }, { name: 'pods-1' }, { name: 'pods-2' }] })
    const key = { cluster: 'demo', kind: 'pods' as const, namespace: 'default' }
    engine.emit(key, 'added', row('pods', 'web-9'))
    engine.emit(key, 'deleted', row('pods', 'pods-0'))
    const del = await conn.waitFor((f) => f.event === 'deleted')
    expect(del.id).toBe('102')
    expect(JSON.parse(del.data ?? '')).toMatchObject({ name: 'pods-0' })
    expect(conn.frames.map((f) => `${f.event}@${f.id}`)).toEqual(['snapshot@100', 'added@101', 'deleted@102'])
    engine.relist(key, 'upstream 410 Gone')
    await conn.waitFor((f) => f.event === 'relist')
    expect(conn.frames[3]).toEqual({ event: 'relist', data: '{"reason":"upstream 410 Gone"}' })
    expect((await conn.waitFor((f) => f.event === 'snapshot' && f.id === '102')).data).toContain('web-9')
  })

  it('resumes from Last-Event-ID (header or ?lastEventId=) without a snapshot', async () => {
    const { server, engine } = await start()
    const key = { cluster: 'demo', kind: 'pods' as const, namespace: '' }
    const first = await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH)
    await first.waitFor((f) => f.event === 'snapshot')
    first.close()
    engine.emit(key, 'added', row('pods', 'a'))
    engine.emit(key, 'modified', row('pods', 'a'))
    const resumed = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', { ...AUTH, 'Last-Event-ID': '101' }))
    await resumed.waitFor((f) => f.event === 'modified')
    expect(engine.lastOptions).toEqual({ lastEventId: '101' })
    expect(resumed.frames.map((f) => f.event)).toEqual(['modified'])
    const viaQuery = track(await openSse(server.origin, `/api/clusters/demo/pods/watch?lastEventId=100&token=${TOKEN}`))
    await viaQuery.waitFor((f) => f.event === 'modified')
    expect(viaQuery.frames.map((f) => f.event)).toEqual(['added', 'modified'])
  })

  it('answers 404 for a disabled or unknown kind exactly like a missing route; lists still work', async () => {
    const { server } = await start({ PERISCOPE_WATCH_STREAMS: 'pods' })
    const disabled = await getJson(server.origin, '/api/clusters/demo/replicasets/watch', { headers: AUTH })
    const unknown = await getJson(server.origin, '/api/clusters/demo/bananas/watch', { headers: AUTH })
    const missing = await getJson(server.origin, '/api/clusters/demo/pods/watch/nope', { headers: AUTH })
    expect([disabled.status, unknown.status, missing.status]).toEqual([404, 404, 404])
    expect(Object.keys(disabled.body as object)).toEqual(['error', 'code'])
    expect(Object.keys(missing.body as object)).toEqual(['error', 'code'])
    expect((await getJson(server.origin, '/api/clusters/demo/replicasets', { headers: AUTH })).status).toBe(200)
    const cl = await getJson(server.origin, '/api/clusters/nowhere/pods/watch', { headers: AUTH })
    expect(cl).toMatchObject({ status: 404, body: { code: 404, error: expect.stringContaining('unknown cluster') } })
    expect((await getJson(server.origin, '/api/clusters/demo/pods?namespace=Not_DNS', { headers: AUTH })).status).toBe(400)
  })

  it('answers 429 at the cap, and frees the slot when a stream closes', async () => {
    const { server, engine } = await start({ PERISCOPE_WATCH_PER_USER_LIMIT: '2' })
    const a = await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH)
    const b = track(await openSse(server.origin, '/api/clusters/prod%2Feu/events/watch', AUTH))
    await a.waitFor((f) => f.event === 'snapshot')
    const refused = await openSse(server.origin, '/api/clusters/demo/nodes/watch', AUTH)
    expect(refused.status).toBe(429)
    await refused.ended
    expect(JSON.parse(refused.text())).toMatchObject({ code: 429, error: expect.stringContaining('per-user limit is 2') })
    const dbg = await getJson(server.origin, '/debug/streams', { headers: AUTH })
    expect((dbg.body as { actor: string; cluster: string }[]).map((s) => `${s.actor}:${s.cluster}`).sort()).toEqual(['alice:demo', 'alice:prod/eu'])
    expect(JSON.stringify(dbg.body)).not.toContain(TOKEN)
    a.close()
    await until(() => engine.subscribers({ cluster: 'demo', kind: 'pods', namespace: '' }) === 0)
    const c = track(await openSse(server.origin, '/api/clusters/demo/nodes/watch', AUTH))
    expect(c.status).toBe(200)
    expect(b.status).toBe(200)
  })

  it("applies a cap change to the next stream at once, and counts each token's actor separately", async () => {
    const { server } = await start({}, { tokenActors: new Map([['bob-token-0123456789', 'bob']]) })
    const json = { ...AUTH, 'Content-Type': 'application/json' }
    expect((await getJson(server.origin, '/api/settings', { method: 'PUT', headers: json, body: '{"perUserLimit":1}' })).status).toBe(200)
    const a = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH))
    expect(a.status).toBe(200)
    expect((await getJson(server.origin, '/api/clusters/demo/events/watch', { headers: AUTH })).status).toBe(429)
    const bob = track(await openSse(server.origin, '/api/clusters/demo/events/watch?token=bob-token-0123456789'))
    expect(bob.status).toBe(200)
    const dbg = await getJson(server.origin, '/debug/streams', { headers: AUTH })
    expect((dbg.body as { actor: string; kind: string }[]).map((d) => `${d.actor}:${d.kind}`).sort()).toEqual(['alice:pods', 'bob:events'])
    expect((await getJson(server.origin, '/api/settings', { method: 'PUT', headers: json, body: '{"perUserLimit":0}' })).status).toBe(200)
    const more = await Promise.all([1, 2, 3].map(() => openSse(server.origin, '/api/clusters/demo/nodes/watch', AUTH)))
    for (const m of more) track(m)
    expect(more.map((m) => m.status)).toEqual([200, 200, 200])
    expect((await getJson(server.origin, '/api/settings', { method: 'PUT', headers: json, body: '{"perUserLimit":-1}' })).status).toBe(400)
    expect((await getJson(server.origin, '/api/settings', { method: 'PUT', headers: { ...AUTH, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415)
  })

  it('refuses missing/wrong tokens (401), foreign Host (421) and foreign Origin (403) before any work', async () => {
    const { server, engine, logs } = await start()
    const bad: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong-token-0123456789' }, { Authorization: `Bearer ${TOKEN}x` }]
    for (const headers of bad) {
      const r = await getJson(server.origin, '/api/clusters/demo/pods', { headers })
      expect(r.status).toBe(401)
      expect(r.text).not.toContain(TOKEN)
    }
    expect((await getJson(server.origin, '/debug/streams?token=nope')).status).toBe(401)
    const host = await getJson(server.origin, '/api/features', { headers: { ...AUTH, Host: `evil.example:${server.port}` } })
    expect(host.status).toBe(421)
    const origin = await getJson(server.origin, '/api/features', { headers: { ...AUTH, Origin: 'https://evil.example' } })
    expect(origin.status).toBe(403)
    expect(origin.headers['access-control-allow-origin']).toBeUndefined()
    const own = await getJson(server.origin, '/api/features', { headers: { ...AUTH, Origin: server.origin } })
    expect(own.status).toBe(200)
    expect(own.headers['access-control-allow-origin']).toBe(server.origin)
    expect(own.headers.vary).toBe('Origin')
    expect(engine.debugWatches()).toEqual([])
    expect((await getJson(server.origin, '/api/features', { method: 'POST', headers: AUTH })).status).toBe(405)
    expect((await getJson(server.origin, '/api/clusters/%2e%2e/pods', { headers: AUTH })).status).toBe(400)
    expect((await getJson(server.origin, '/api/features?x=' + 'a'.repeat(5000), { headers: AUTH })).status).toBe(414)
    expect((await getJson(server.origin, '/api/features', { headers: { ...AUTH, 'X-Big': 'a'.repeat(20_000) } })).status).toBe(431)
    expect(logs.join('\n')).not.toContain(TOKEN)
  })

  it('sends the heartbeat comment on the configured interval', async () => {
    const { server } = await start({}, { pingMs: 50 })
    const conn = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH))
    await conn.waitFor((f) => f.comment === 'ping', 2000)
    expect(conn.frames.filter((f) => f.comment === 'ping').length).toBeGreaterThanOrEqual(1)
  })

  it('live-disables a kind: its stream closes, the slot is freed, and the route 404s', async () => {
    const { server, engine } = await start({ PERISCOPE_WATCH_PER_USER_LIMIT: '1' })
    const conn = await openSse(server.origin, '/api/clusters/demo/jobs/watch', AUTH)
    await conn.waitFor((f) => f.event === 'snapshot')
    const put = await getJson(server.origin, '/api/settings', {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ watchStreams: 'core' })
    })
    expect(put).toMatchObject({ status: 200, body: { enabled: ['pods', 'events'] } })
    await conn.ended
    expect(engine.totalSubscribers()).toBe(0)
    expect((await getJson(server.origin, '/api/clusters/demo/jobs/watch', { headers: AUTH })).status).toBe(404)
    expect((await getJson(server.origin, '/api/features', { headers: AUTH })).body).toMatchObject({ watchStreams: ['pods', 'events'] })
    const pods = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH))
    expect(pods.status).toBe(200)
    const bad = await getJson(server.origin, '/api/settings', {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"watchStreams":"banana"}'
    })
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringContaining('banana') } })
    const pinned = await getJson(server.origin, '/api/settings', {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"perUserLimit":5}'
    })
    expect(pinned).toMatchObject({ status: 409, body: { error: expect.stringContaining('PERISCOPE_WATCH_PER_USER_LIMIT') } })
  })

  it('closes a slow consumer past the buffer bound and frees its slot', async () => {
    const { server, engine, logs } = await start({}, { maxBufferedBytes: 64 * 1024 })
    const conn = await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH)
    await conn.waitFor((f) => f.event === 'snapshot')
    // Stop reading, then push far more than the kernel's socket buffers hold.
    const key = { cluster: 'demo', kind: 'pods' as const, namespace: '' }
    const big = { ...row('pods', 'big'), cells: { blob: 'x'.repeat(64 * 1024) } }
    conn.pause()
    for (let i = 0; i < 400 && engine.totalSubscribers() > 0; i++) {
      engine.emit(key, 'modified', big)
      await new Promise((r) => setImmediate(r))
    }
    await until(() => engine.totalSubscribers() === 0, 5000)
    expect(logs.some((l) => l.includes('slow consumer'))).toBe(true)
    expect(server.streams.size()).toBe(0)
    conn.close()
  })
})

describe('browser mode static files', () => {
  it('serves the built renderer with content types and CSP, no listing, no traversal; 503 without a build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periscope-ui-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ui</title>')
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)')
    const { server } = await start({}, { rendererDir: dir })
    const index = await getJson(server.origin, '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['content-security-policy']).toContain("default-src 'self'")
    expect(index.headers['cache-control']).toBe('no-store')
    const js = await getJson(server.origin, '/assets/app-1.js')
    expect([js.status, js.headers['content-type'], js.text]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)'])
    expect((await getJson(server.origin, '/assets')).status).toBe(404)
    expect((await getJson(server.origin, '/assets/../../etc/passwd')).status).toBe(400)
    expect((await getJson(server.origin, '/assets/%2e%2e/%2e%2e/etc/passwd')).status).toBe(400)
    expect((await getJson(server.origin, '/index.html', { headers: { Host: 'rebind.example:' + server.port } })).status).toBe(421)
    const none = await start({}, { rendererDir: join(dir, 'missing') })
    const page = await getJson(none.server.origin, '/')
    expect(page.status).toBe(503)
    expect(page.text).toContain('npm run build')
  })
})

describe('local server over HTTP/2 + TLS', () => {
  it('serves 20 concurrent streams over one HTTP/2 connection, and HTTP/1.1 fallback', async () => {
    const { server, engine } = await start({}, { tls: true })
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(server.certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    const session = connect(server.origin, { ca: server.certificate?.certPem })
    cleanups.push(() => {
      session.close()
    })
    // Twenty distinct kinds: twenty streams over one HTTP/2 connection.
    const kinds = KIND_IDS.slice(0, 20)
    const conns = await Promise.all(kinds.map((k) => openSseH2(session, `/api/clusters/demo/${k}/watch?token=${TOKEN}`)))
    for (const c of conns) cleanups.push(() => c.close())
    expect(conns.map((c) => c.status)).toEqual(kinds.map(() => 200))
    expect(conns[0].headers['content-type']).toBe('text/event-stream')
    await Promise.all(conns.map((c) => c.waitFor((f) => f.event === 'snapshot')))
    expect(server.streams.size()).toBe(20)
    engine.emit({ cluster: 'demo', kind: 'nodes', namespace: '' }, 'added', row('nodes', 'n-new', ''))
    const added = await conns[18].waitFor((f) => f.event === 'added')
    expect(added.id).toBe('101')
    const features = await new Promise<string>((resolve, reject) => {
      const r = session.request({ ':path': '/api/features', authorization: `Bearer ${TOKEN}` })
      let t = ''
      r.setEncoding('utf8')
      r.on('data', (c: string) => {
        t += c
      })
      r.on('end', () => resolve(t))
      r.on('error', reject)
      r.end()
    })
    expect(JSON.parse(features)).toMatchObject({ perUserLimit: 60 })
    const h1 = await new Promise<number>((resolve, reject) => {
      import('node:https').then(({ request }) => {
        const req = request(server.origin + '/api/features', { ca: server.certificate?.certPem, headers: AUTH }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      }, reject)
    })
    expect(h1).toBe(200)
    conns[0].close()
    await until(() => server.streams.size() === 19)
  })

  it('closing the server ends every stream and frees every slot', async () => {
    const { server, engine } = await start({}, { tls: true })
    const session = connect(server.origin, { ca: server.certificate?.certPem })
    cleanups.push(() => {
      session.destroy()
    })
    const conn = await openSseH2(session, `/api/clusters/demo/pods/watch?token=${TOKEN}`)
    await conn.waitFor((f) => f.event === 'snapshot')
    await server.close()
    await conn.ended
    expect(engine.totalSubscribers()).toBe(0)
    expect(server.streams.size()).toBe(0)
  })
})

/** The composed backend (real watch engine + local server) on a simulated apiserver (cluster "demo"). */
async function startReal(pods: number): Promise<{ sim: Sim; server: LocalServer }> {
  const sim = await startSim({ pods })
  cleanups.push(() => sim.stop())
  const b = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'demo' }) },
    cacheDir: null,
    token: TOKEN,
    actor: 'alice',
    version: 't',
    log: () => undefined
  })
  cleanups.push(() => b.close())
  return { sim, server: b.server }
}

describe('real watch engine + simulated apiserver', () => {
  it('streams a snapshot then live deltas, and resumes from Last-Event-ID without a snapshot', async () => {
    const { sim, server } = await startReal(20)
    const path = '/api/clusters/demo/pods/watch'
    const conn = await openSse(server.origin, path, AUTH)
    const snap = await conn.waitFor((f) => f.event === 'snapshot', 15_000)
    const items = (JSON.parse(snap.data ?? '') as { items: { kind: string }[] }).items
    expect(items.length).toBe(sim.store.count('pods'))
    expect(items.every((i) => i.kind === 'pods')).toBe(true)
    sim.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe-e2e', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] }
    })
    const added = await conn.waitFor((f) => f.event === 'added' && (f.data ?? '').includes('"probe-e2e"'), 10_000)
    expect(added.id).toMatch(/^\d+$/)
    conn.close()
    sim.store.delete('pods', 'default', 'probe-e2e')
    const resumed = track(await openSse(server.origin, path, { ...AUTH, 'Last-Event-ID': added.id ?? '' }))
    await resumed.waitFor((f) => f.event === 'deleted' && (f.data ?? '').includes('"probe-e2e"'), 10_000)
    expect(resumed.frames.some((f) => f.event === 'snapshot')).toBe(false)
    const dbg = await getJson(server.origin, '/debug/watches', { headers: AUTH })
    expect(dbg.body).toEqual(expect.arrayContaining([expect.objectContaining({ cluster: 'demo', kind: 'pods', namespace: '' })]))
  })
})

describe('real watch engine + simulated apiserver: early rows', () => {
  it('sends a partial snapshot (no id) during the first paginated LIST, then the complete one with an id, then deltas', async () => {
    const { sim, server } = await startReal(2_500)
    const conn = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH))
    const full = await conn.waitFor((f) => f.event === 'snapshot' && f.id !== undefined, 30_000)
    const snaps = conn.frames.filter((f) => f.event === 'snapshot')
    // One partial (a second one per second while a slow LIST goes on), then the complete one.
    expect(snaps.length).toBeGreaterThanOrEqual(2)
    expect(snaps.at(-1)).toBe(full)
    const partial = snaps[0]
    for (const p of snaps.slice(0, -1)) expect(p.id).toBeUndefined()
    type Snap = { items: { uid: string }[]; resourceVersion: string; partial?: boolean; progress?: { received: number; total?: number } }
    const early = JSON.parse(partial.data ?? '') as Snap
    const all = JSON.parse(full.data ?? '') as Snap
    // The simulator pages 500 at a time with remainingItemCount, as an apiserver does: the
    // partial says how many rows arrived of how many (the pods listed then).
    expect(early.progress?.received).toBeGreaterThanOrEqual(early.items.length)
    expect(early.progress?.received).toBeLessThan(all.items.length)
    expect(Math.abs((early.progress?.total ?? 0) - all.items.length)).toBeLessThanOrEqual(20)
    expect(early).toMatchObject({ resourceVersion: '', partial: true })
    expect(all.partial).toBeUndefined()
    expect(all.items.length).toBe(sim.store.count('pods'))
    expect(all.items.length).toBeGreaterThanOrEqual(2_500)
    expect(early.items.length).toBeGreaterThan(0)
    expect(early.items.length).toBeLessThanOrEqual(PARTIAL_MAX_ROWS)
    expect(early.items.length).toBeLessThan(all.items.length)
    const uids = new Set(all.items.map((i) => i.uid))
    expect(early.items.every((i) => uids.has(i.uid))).toBe(true)
    expect(full.id).toBe(all.resourceVersion)
    sim.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'after-partial', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] }
    })
    const added = await conn.waitFor((f) => f.event === 'added' && (f.data ?? '').includes('"after-partial"'), 10_000)
    expect(added.id).toMatch(/^\d+$/)
    expect(conn.frames.indexOf(added)).toBeGreaterThan(conn.frames.indexOf(full))
    // A second stream on the now-synced watch gets only the complete snapshot.
    const late = track(await openSse(server.origin, '/api/clusters/demo/pods/watch', AUTH))
    await late.waitFor((f) => f.event === 'snapshot', 10_000)
    expect(late.frames.filter((f) => f.event === 'snapshot').map((f) => f.id !== undefined)).toEqual([true])
  }, 60_000)
})

describe('npm run serve', () => {
  const root = join(import.meta.dirname, '..', '..')

  it('--demo prints the enabled line, the listening line and the sign-in URL, and serves with that token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periscope-serve-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const p = spawnServe(['--demo', '--settings', join(dir, 'settings.json')], cleanEnv({ PERISCOPE_WATCH_STREAMS: 'core,nodes' }), root)
    cleanups.push(async () => {
      await p.stop()
    })
    const m = await p.waitForStdout(/^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=(\S+)$/m, 30_000)
    const lines = p.stdout().trim().split('\n')
    expect(lines[0]).toMatch(
      /^watch streams enabled: pods=true events=true deployments=false .* nodes=true namespaces=false priorityclasses=false runtimeclasses=false .* clusterroles=false clusterrolebindings=false custom=false$/
    )
    expect(lines[1]).toBe(`periscope listening on ${m[1]}`)
    const token = decodeURIComponent(m[3])
    const features = await getJson(m[1], '/api/features', { headers: { Authorization: `Bearer ${token}` } })
    expect(features.body).toMatchObject({ watchStreams: ['pods', 'events', 'nodes'], perUserLimit: 60 })
    const clusters = await getJson(m[1], '/api/clusters', { headers: { Authorization: `Bearer ${token}` } })
    expect((clusters.body as { id: string }[]).map((x) => x.id)).toEqual(['demo'])
    expect(p.stderr()).not.toContain(token)
    // npm re-raises the signal it forwarded; serve itself shuts down gracefully.
    expect([0, 'SIGTERM']).toContain(await p.stop())
    expect(p.stderr()).toContain('SIGTERM: shutting down')
  })

  it('exits 2 with a message naming a bad PERISCOPE_WATCH_STREAMS value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periscope-serve-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const p = spawnServe(['--demo', '--settings', join(dir, 'settings.json')], cleanEnv({ PERISCOPE_WATCH_STREAMS: 'banana,pods' }), root)
    cleanups.push(async () => {
      await p.stop()
    })
    expect(await p.exited).toBe(2)
    expect(p.stderr()).toMatch(/PERISCOPE_WATCH_STREAMS.*"banana"/)
    expect(p.stdout()).toBe('')
  })

  it('exits 2 on a bad flag or cap value', async () => {
    const bad = spawnServe(['--port', 'eighty'], cleanEnv(), root)
    cleanups.push(async () => {
      await bad.stop()
    })
    expect(await bad.exited).toBe(2)
    expect(bad.stderr()).toContain('--port "eighty"')
    const cap = spawnServe(['--demo'], cleanEnv({ PERISCOPE_WATCH_PER_USER_LIMIT: '1.5' }), root)
    cleanups.push(async () => {
      await cap.stop()
    })
    expect(await cap.exited).toBe(2)
    expect(cap.stderr()).toContain('PERISCOPE_WATCH_PER_USER_LIMIT')
  })
})

describe('browser mode sign-in: the URL token is swapped for a session cookie', () => {
  it('/?token=<good> sets an HttpOnly SameSite=Strict cookie and redirects to the clean URL; the cookie then works, ?token= elsewhere does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periscope-ui-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ui</title>')
    const { server } = await start({}, { rendererDir: dir })
    const good = await getJson(server.origin, `/?token=${TOKEN}&view=pods`)
    expect(good.status).toBe(303)
    expect(good.headers.location).toBe('/?view=pods')
    expect(good.headers['cache-control']).toBe('no-store')
    const setCookie = String(good.headers['set-cookie'])
    const m = new RegExp(`^periscope_session_${server.port}=([A-Za-z0-9_-]{43}); Path=/; HttpOnly; SameSite=Strict$`).exec(setCookie)
    expect(m, setCookie).not.toBeNull()
    expect(setCookie).not.toContain(TOKEN)
    const cookie = `periscope_session_${server.port}=${m?.[1]}`
    // The cookie authenticates API calls and streams; no token needed.
    expect((await getJson(server.origin, '/api/features', { headers: { Cookie: cookie } })).status).toBe(200)
    expect((await getJson(server.origin, '/api/features')).status).toBe(401)
    expect((await getJson(server.origin, `/api/features?token=${TOKEN}`)).status).toBe(401)
    // A wrong token is redirected away from the URL too, with no cookie, and says so to the page.
    const bad = await getJson(server.origin, '/?token=whatever')
    expect([bad.status, bad.headers.location, bad.headers['set-cookie']]).toEqual([303, '/?signin=expired', undefined])
    // The page learns from itself whether its (HttpOnly) cookie signs it in: no request needed.
    const signedIn = await getJson(server.origin, '/', { headers: { Cookie: cookie } })
    expect(signedIn.text).toContain('<meta name="periscope-session" content="ok" />')
    expect(Number(signedIn.headers['content-length'])).toBe(Buffer.byteLength(signedIn.text))
    const signedOut = await getJson(server.origin, '/')
    expect(signedOut.text).toContain('<meta name="periscope-session" content="none" />')
  })
})
