/**
 * Offline browsing end to end (in process): kubeconfig → engine (with the disk cache) → local
 * server → simulated apiserver. The sim is stopped mid-watch, and a fresh engine/server that
 * only has the cache folder is started against the dead cluster. Every wait is bounded.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { RowDto, RowList } from '../../src/shared/dto/row.ts'
import { composeBackend } from '../../src/main/backend/composeBackend.ts'
import { CACHE_SUBDIR, MARKER_NAME } from '../../src/main/cache/cacheFolder.ts'
import type { KubeconfigView } from '../../src/main/kube/kubeconfigBrowser.ts'
import type { LocalServer } from '../../src/main/server/httpServer.ts'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { WatchEngine } from '../../src/main/watch/types.ts'
import { getJson, openSse } from '../support/sseClient.ts'

const TOKEN = 'offline-test-token-0123456789'
const AUTH = { Authorization: `Bearer ${TOKEN}` }
const FAST = { initialMs: 50, maxMs: 300, jitter: 0 }
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

interface Stack {
  engine: WatchEngine
  server: LocalServer
  logs: string[]
  close(): Promise<void>
}

/** The composed backend (engine + cache + server) over the kubeconfig file(s), as `serve` runs it. */
async function stack(kubeconfig: string, cacheDir: string, probe = true): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-offline-cfg-'))
  const logs: string[] = []
  const b = await composeBackend({
    settingsPath: join(dir, 'settings.json'),
    env: {},
    kubeconfig: { paths: [kubeconfig] },
    cacheDir,
    cacheTuning: { firstWriteDelayMs: 20, minWriteIntervalMs: 200 },
    token: TOKEN,
    actor: 'alice',
    version: 'test',
    log: (l) => {
      logs.push(l)
    },
    engine: { backoff: FAST, lingerMs: 0, probe }
  })
  const { engine, server } = b
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
  cleanups.push(close)
  return { engine, server, logs, close }
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (let i = 0; i < 2_000; i++) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) break
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const list = async (s: Stack, path: string): Promise<{ status: number; body: RowList }> => {
  const r = await getJson(s.server.origin, path, { headers: AUTH })
  return { status: r.status, body: r.body as RowList }
}
const uids = (rows: readonly RowDto[]): string[] => rows.map((r) => r.uid).sort()

function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  cleanups.push(() => rmSync(d, { recursive: true, force: true }))
  return d
}

async function sim(opts: Parameters<typeof startSim>[0]): Promise<Sim> {
  const s = await startSim(opts)
  let stopped = false
  const stop = s.stop.bind(s)
  s.stop = async () => {
    if (!stopped) {
      stopped = true
      await stop()
    }
  }
  cleanups.push(() => s.stop())
  return s
}

describe('offline cache', () => {
  it('answers cached rows, stale with lastSeen, when the cluster dies; a fresh process too; no secret on disk', async () => {
    const started = Date.now()
    const sm = await sim({ pods: 60, seed: 3 })
    const dir = tmp('periscope-offline-')
    const kc = join(dir, 'kubeconfig')
    writeFileSync(kc, sm.kubeconfig({ context: 'sim' }), { mode: 0o600 })
    const cacheDir = join(dir, 'cache')
    const a = await stack(kc, cacheDir)

    // Watch pods over SSE; the polled list answers live rows from the shared cache.
    const sse = await openSse(a.server.origin, '/api/clusters/sim/pods/watch', AUTH)
    cleanups.push(() => sse.close())
    const snap = JSON.parse((await sse.waitFor((f) => f.event === 'snapshot', 15_000)).data ?? '{}') as { items: RowDto[] }
    expect(snap.items).toHaveLength(sm.store.list('pods', {}).items.length)
    const live = await list(a, '/api/clusters/sim/pods')
    expect(live.body.stale).toBe(false)
    expect(live.body.lastSeen).toBeUndefined()
    const ns = await list(a, '/api/clusters/sim/namespaces')
    expect(ns.body.items.length).toBeGreaterThan(0)
    const cached = (): number => {
      try {
        return readdirSync(join(cacheDir, CACHE_SUBDIR)).filter((f) => f.endsWith('.json')).length
      } catch {
        return 0
      }
    }
    await until('the first cache write', async () => (cached() >= 2 ? true : undefined))

    // The apiserver goes away: the polled list keeps answering the same rows, marked stale.
    await sm.stop()
    const stale = await until('a stale list', async () => {
      const r = await list(a, '/api/clusters/sim/pods')
      return r.body.stale ? r : undefined
    })
    expect(stale.status).toBe(200)
    expect(uids(stale.body.items)).toEqual(uids(snap.items))
    const lastSeen = Date.parse(stale.body.lastSeen ?? '')
    expect(lastSeen).toBeGreaterThanOrEqual(started)
    expect(lastSeen).toBeLessThanOrEqual(Date.now())
    sse.close()
    // A kind never opened while the cluster was up has nothing cached: a precise 502.
    const never = await list(a, '/api/clusters/sim/deployments')
    expect(never.status).toBe(502)
    await a.close()

    // Nothing secret on disk: not the token, not the CA, not a kubeconfig line.
    const caB64 = Buffer.from(sm.caPem).toString('base64')
    const caBody = sm.caPem.split('\n').filter((l) => l.length > 40)
    expect(readdirSync(cacheDir)).toEqual([CACHE_SUBDIR])
    const files = readdirSync(join(cacheDir, CACHE_SUBDIR)).filter((f) => f !== MARKER_NAME)
    expect(files.every((f) => /^[0-9a-f]{32}\.json$/.test(f))).toBe(true)
    for (const f of files) {
      const text = readFileSync(join(cacheDir, CACHE_SUBDIR, f), 'utf8')
      expect(text).not.toContain(sm.token)
      expect(text).not.toContain(caB64.slice(0, 60))
      for (const l of caBody) expect(text).not.toContain(l)
      expect(text).not.toContain('certificate-authority')
    }

    // A fresh engine and server with only the cache folder, the cluster still dead.
    const b = await stack(kc, cacheDir)
    const cold = await list(b, '/api/clusters/sim/pods')
    expect(cold.status).toBe(200)
    expect(cold.body.stale).toBe(true)
    expect(uids(cold.body.items)).toEqual(uids(snap.items))
    expect(Date.parse(cold.body.lastSeen ?? '')).toBe(lastSeen)
    const coldNs = await list(b, '/api/clusters/sim/namespaces')
    expect(coldNs.body).toMatchObject({ stale: true })
    expect(coldNs.body.items.map((r) => r.name).sort()).toEqual(ns.body.items.map((r) => r.name).sort())
    const clusters = await until('the cluster marked offline', async () => {
      const r = (await getJson(b.server.origin, '/api/clusters', { headers: AUTH })).body as { id: string; status: string }[]
      return r.find((c) => c.id === 'sim' && c.status === 'offline')
    })
    expect(clusters.status).toBe('offline')

    // The kubeconfig browser works offline and shows the cached namespaces, without the token.
    const kcv = await getJson(b.server.origin, '/api/kubeconfig', { headers: AUTH })
    expect(kcv.status).toBe(200)
    const view = kcv.body as KubeconfigView
    expect(view.contexts).toEqual([expect.objectContaining({ name: 'sim', current: true, namespace: 'default' })])
    expect(view.users).toEqual([{ name: 'sim', auth: ['token'] }])
    expect(view.clusters[0]).toMatchObject({ hasCA: true, insecureSkipTLSVerify: false })
    expect(view.namespaces[0].names).toEqual(expect.arrayContaining(ns.body.items.map((r) => r.name)))
    expect(view.namespaces[0].cachedAt).toBeDefined()
    expect(kcv.text).not.toContain(sm.token)
    expect(kcv.text).not.toContain(caB64.slice(0, 60))
  })

  it('live rows replace the cached ones when the cluster comes back', async () => {
    const first = await sim({ tls: false, token: TOKEN, pods: 20, seed: 1 })
    const dir = tmp('periscope-offline-back-')
    const kc = join(dir, 'kubeconfig')
    writeFileSync(kc, first.kubeconfig({ context: 'sim' }), { mode: 0o600 })
    const s = await stack(kc, join(dir, 'cache'))
    const before = await list(s, '/api/clusters/sim/pods')
    expect(before.body.stale).toBe(false)
    const port = first.port
    await first.stop()
    const stale = await until('stale cached rows', async () => {
      const r = await list(s, '/api/clusters/sim/pods')
      return r.status === 200 && r.body.stale ? r : undefined
    })
    expect(uids(stale.body.items)).toEqual(uids(before.body.items))

    const second = await sim({ tls: false, token: TOKEN, pods: 35, seed: 2, port })
    const back = await until('live rows again', async () => {
      const r = await list(s, '/api/clusters/sim/pods')
      return r.status === 200 && !r.body.stale ? r : undefined
    })
    expect(back.body.lastSeen).toBeUndefined()
    expect(uids(back.body.items)).toEqual(
      second.store
        .list('pods', {})
        .items.map((p) => p.uid)
        .sort()
    )
    expect(uids(back.body.items)).not.toEqual(uids(before.body.items))
  })

  it("never shows one server's rows for a context that now points elsewhere", async () => {
    const first = await sim({ tls: false, token: TOKEN, pods: 10, seed: 1 })
    const dir = tmp('periscope-offline-moved-')
    const kc = join(dir, 'kubeconfig')
    writeFileSync(kc, first.kubeconfig({ context: 'sim' }), { mode: 0o600 })
    const a = await stack(kc, join(dir, 'cache'))
    expect((await list(a, '/api/clusters/sim/pods')).body.items).toHaveLength(first.store.list('pods', {}).items.length)
    await a.close()
    await first.stop()
    writeFileSync(kc, first.kubeconfig({ context: 'sim' }).replace(`127.0.0.1:${first.port}`, '127.0.0.1:9'), { mode: 0o600 })
    const b = await stack(kc, join(dir, 'cache'))
    expect((await list(b, '/api/clusters/sim/pods')).status).toBe(502)
  })

  it('serves the kubeconfig browser with no connection to any apiserver', async () => {
    let connections = 0
    const srv: Server = createServer((s) => {
      connections++
      s.destroy()
    })
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => srv.close(() => r())))
    const port = (srv.address() as { port: number }).port
    const dir = tmp('periscope-offline-kc-')
    const kc = join(dir, 'kubeconfig')
    writeFileSync(
      kc,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'a',
        clusters: [{ name: 'a', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'a', user: { token: 'never-send-me-0123456789', exec: { command: '/opt/bin/kubelogin', args: ['--password=hunter2'] } } }],
        contexts: [{ name: 'a', context: { cluster: 'a', user: 'a', namespace: 'team-a' } }]
      })
    )
    const s = await stack(kc, join(dir, 'cache'), false)
    const r = await getJson(s.server.origin, '/api/kubeconfig', { headers: AUTH })
    expect(r.status).toBe(200)
    expect((r.body as KubeconfigView).users).toEqual([{ name: 'a', auth: ['token', 'exec: kubelogin'] }])
    expect((r.body as KubeconfigView).namespaces).toEqual([{ context: 'a', names: ['team-a'] }])
    expect(r.text).not.toContain('never-send-me')
    expect(r.text).not.toContain('hunter2')
    expect(connections).toBe(0)
    expect((await getJson(s.server.origin, '/api/kubeconfig')).status).toBe(401)
  })
})
