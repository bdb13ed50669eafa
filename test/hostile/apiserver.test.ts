/**
 * Hostile apiserver: a fake apiserver (support/fakeApiserver.ts) answers each route the engine
 * calls — `/version`, LIST pages, watch, GET one object — with an oversized, gzip-bombed
 * (1 GiB from ~1 MB), stalled, endless or malformed body, while the app (a process of its own,
 * support/appProcess.ts) also serves a healthy demo cluster (the simulator). After each case:
 * the app is alive and still serves the demo cluster's rows, the failure was reported with a
 * precise reason, its RSS is back under the stated bound after a GC, and no foreign file in its
 * cache folder is gone. Each case prints its bound and RSS before / during (peak) / after.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import type { ClusterInfo } from '../../src/shared/api/wire.ts'
import { openSse } from '../support/sseClient.ts'
import { measure, record, startApp, table } from './support/app.ts'
import type { App } from './support/app.ts'
import { startFakeApiserver } from './support/fakeApiserver.ts'
import type { FakeApiserver, Mode, Route } from './support/fakeApiserver.ts'

const MiB = 1024 * 1024
const TOKEN = 'hostile-apiserver-suite-token-0123456789'
/** Upstream timeouts of the app under test: production 30 s / 30 s / 60 s / 90 s, shortened so stalls end in seconds. */
const TIMEOUTS = { responseMs: 3_000, bodyIdleMs: 1_000, pageDeadlineMs: 4_000 }
const LIVENESS_MS = 2_000
/**
 * RSS after a case (after a GC) may exceed the app's settled RSS by at most this: three LIST pages
 * at their 32 MiB bound, which the allocator keeps for reuse (measured: +55 to +61 MB, not growing
 * from case to case).
 */
const AFTER_SLACK = 96 * MiB
const DEMO_PODS = 60

const dir = mkdtempSync(join(tmpdir(), 'periscope-hostile-apiserver-'))
const cacheDir = join(dir, 'cache-dir')
let sim: Sim
let fake: FakeApiserver
let app: App
let baseline = 0
const foreign = { pkg: join(cacheDir, 'package.json'), data: join(cacheDir, 'dataset.bin') }

beforeAll(async () => {
  sim = await startSim({ pods: DEMO_PODS, seed: 11 })
  fake = await startFakeApiserver()
  writeFileSync(join(dir, 'demo.yaml'), sim.kubeconfig({ context: 'demo' }))
  writeFileSync(
    join(dir, 'hostile.yaml'),
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'hostile', cluster: { server: fake.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'hostile', user: { token: 'not-a-secret' } }],
      contexts: [{ name: 'hostile', context: { cluster: 'hostile', user: 'hostile' } }]
    })
  )
  // The cache folder holds someone else's files: they must all survive every case.
  mkdirSync(cacheDir)
  writeFileSync(foreign.pkg, '{"name":"someone-elses-project"}\n')
  writeFileSync(foreign.data, '')
  truncateSync(foreign.data, 300 * MiB)
  // The first case is the startup itself: /version answers a gzip bomb from the first probe on.
  fake.mode.version = 'gzipBomb'
  app = await startApp(dir, {
    kubeconfig: [join(dir, 'demo.yaml'), join(dir, 'hostile.yaml')],
    cacheDir,
    token: TOKEN,
    timeouts: TIMEOUTS,
    livenessMs: LIVENESS_MS
  })
}, 60_000)

afterAll(async () => {
  console.log(`\nHostile apiserver suite (after ≤ settled RSS + ${AFTER_SLACK / MiB} MB):\n${table('apiserver')}\n`)
  await app?.stop()
  await fake?.stop()
  await sim?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function clusterInfo(id: string): Promise<ClusterInfo | undefined> {
  const r = await app.get('/api/clusters')
  return (JSON.parse(r.text) as ClusterInfo[]).find((c) => c.id === id)
}

/** The demo cluster still answers with all its rows. */
async function expectDemoServed(): Promise<void> {
  const r = await app.get('/api/clusters/demo/pods')
  expect(r.status, r.text.slice(0, 300)).toBe(200)
  expect((JSON.parse(r.text) as { items: unknown[] }).items).toHaveLength(sim.store.list('pods', {}).items.length)
}

function expectForeignFilesIntact(): void {
  expect(readFileSync(foreign.pkg, 'utf8')).toBe('{"name":"someone-elses-project"}\n')
  expect(statSync(foreign.data).size).toBe(300 * MiB)
}

/** Run one case: RSS before (settled), peak during, after (GC); then the survival checks. */
async function hostileCase(name: string, bound: string, run: () => Promise<void>): Promise<void> {
  const f = await measure(app, 'apiserver', name, bound, () => baseline + AFTER_SLACK, run, expectDemoServed)
  expect(f.after).toBeLessThanOrEqual(baseline + AFTER_SLACK)
  expectForeignFilesIntact()
}

const MODES: Mode[] = ['oversized', 'gzipBomb', 'stalled', 'endless', 'malformed']
const setMode = (route: Route, mode: Mode): void => {
  fake.mode[route] = mode
}

describe('hostile apiserver: /version', () => {
  it('a gzip-bombed /version at startup: the app starts, the cluster is marked with the reason, the demo cluster is served', async () => {
    const t0 = Date.now()
    await expectDemoServed()
    const info = await clusterInfo('hostile')
    expect(info).toMatchObject({ status: 'error' })
    expect(info?.reason).toMatch(/^GET \/version: the answer of 127\.0\.0\.1:\d+ is larger than 64 KiB \(after decompression\); refusing to read more$/)
    await app.ask('gc')
    await sleep(300)
    baseline = app.rss()
    record({
      suite: 'apiserver',
      name: 'version gzipBomb (at startup)',
      bound: '64 KiB after decompression',
      before: Number.NaN,
      during: app.peak(),
      after: baseline,
      afterBound: baseline + AFTER_SLACK,
      seconds: (Date.now() - t0) / 1000
    })
    expectForeignFilesIntact()
  })

  const reasons: Record<Mode, RegExp> = {
    ok: /^$/,
    oversized: /^GET \/version: the answer of .* is larger than 64 KiB/,
    gzipBomb: /^GET \/version: the answer of .* is larger than 64 KiB/,
    stalled: /^GET \/version: 127\.0\.0\.1:\d+ stopped sending the answer \(no data for 1 s\)$/,
    endless: /^GET \/version: the answer of .* is larger than 64 KiB/,
    malformed: /^GET \/version: 127\.0\.0\.1:\d+ answered with invalid JSON/
  }
  for (const mode of MODES) {
    it(`${mode} /version: the probe fails alone with a precise reason`, async () => {
      await hostileCase(`version ${mode}`, mode === 'stalled' ? `body idle ${TIMEOUTS.bodyIdleMs} ms` : '64 KiB after decompression', async () => {
        setMode('version', mode)
        const info = await app.ask<ClusterInfo>('probe', { cluster: 'hostile' })
        expect(info.status).toBe(mode === 'stalled' ? 'offline' : 'error')
        expect(info.reason).toMatch(reasons[mode])
        setMode('version', 'ok')
        expect((await app.ask<ClusterInfo>('probe', { cluster: 'hostile' })).serverVersion).toBe('v1.33.0')
      })
    }, 30_000)
  }
})

describe('hostile apiserver: LIST pages (the polled list)', () => {
  const reasons: Record<Mode, RegExp> = {
    ok: /^$/,
    oversized: /list pods in namespace list-oversized: the answer of .* is larger than 32 MiB \(after decompression\)/,
    gzipBomb: /list pods in namespace list-gzipbomb: the answer of .* is larger than 32 MiB \(after decompression\)/,
    stalled: /list pods in namespace list-stalled: 127\.0\.0\.1:\d+ stopped sending the answer \(no data for 1 s\)/,
    endless: /list pods in namespace list-endless: the answer of .* is larger than 32 MiB \(after decompression\)/,
    malformed: /list pods in namespace list-malformed: 127\.0\.0\.1:\d+ answered with invalid JSON/
  }
  for (const mode of MODES) {
    it(`${mode} LIST: 502 with the reason, nothing cached; later polls get a fresh request`, async () => {
      const ns = `list-${mode.toLowerCase()}`
      const bound =
        mode === 'stalled'
          ? `body idle ${TIMEOUTS.bodyIdleMs} ms, page deadline ${TIMEOUTS.pageDeadlineMs} ms`
          : '32 MiB per page of pods (after decompression), retried once in pages of 50'
      await hostileCase(`list ${mode}`, bound, async () => {
        setMode('list', mode)
        const t0 = Date.now()
        const first = app.get(`/api/clusters/hostile/pods?namespace=${ns}`)
        await sleep(300)
        // A second poll while the first is stuck joins it, and is answered when it fails.
        const second = app.get(`/api/clusters/hostile/pods?namespace=${ns}`)
        for (const r of await Promise.all([first, second])) {
          expect(r.status, r.text).toBe(502)
          expect((JSON.parse(r.text) as { error: string }).error).toMatch(reasons[mode])
        }
        expect(Date.now() - t0).toBeLessThan(TIMEOUTS.pageDeadlineMs * 2 + 2_000)
        setMode('list', 'ok')
        const later = await app.get(`/api/clusters/hostile/pods?namespace=${ns}`)
        expect(later.status).toBe(200)
        expect(JSON.parse(later.text) as { items: unknown[]; stale: boolean }).toMatchObject({ stale: false })
      })
    }, 30_000)
  }
})

describe('hostile apiserver: watch', () => {
  const reasons: Record<Mode, RegExp> = {
    ok: /^$/,
    oversized: /watch pods in namespace watch-oversized: watch line longer than 4194304 characters/,
    gzipBomb: /watch pods in namespace watch-gzipbomb: (malformed watch line|watch line longer than|.* without a watch event)/,
    stalled: /no data from 127\.0\.0\.1:\d+ for 2 s: watch pods in namespace watch-stalled stalled/,
    endless: /watch pods in namespace watch-endless: watch line longer than 4194304 characters/,
    malformed: /watch pods in namespace watch-malformed: malformed watch line/
  }
  for (const mode of MODES) {
    it(`${mode} watch: the stream says so (state frame with the reason), keeps its rows, and ends cleanly`, async () => {
      const ns = `watch-${mode.toLowerCase()}`
      const bound = mode === 'stalled' ? `liveness ${LIVENESS_MS} ms` : '4 MiB per watch line and per run of bytes without an event'
      await hostileCase(`watch ${mode}`, bound, async () => {
        setMode('list', 'ok')
        setMode('watch', mode)
        const sse = await openSse(app.origin, `/api/clusters/hostile/pods/watch?namespace=${ns}&token=${TOKEN}`)
        expect(sse.status).toBe(200)
        const snap = await sse.waitFor((f) => f.event === 'snapshot' && !(JSON.parse(f.data ?? '{}') as { partial?: boolean }).partial, 10_000)
        expect((JSON.parse(snap.data ?? '{}') as { items: unknown[] }).items).toHaveLength(2)
        const state = await sse.waitFor((f) => f.event === 'state' && (JSON.parse(f.data ?? '{}') as { state: string }).state !== 'live', 15_000)
        const data = JSON.parse(state.data ?? '{}') as { state: string; reason: string; lastGood?: string }
        expect(['reconnecting', 'error']).toContain(data.state)
        expect(data.reason).toMatch(reasons[mode])
        expect(data.lastGood).toBeTruthy()
        sse.close()
        setMode('watch', 'ok') // the watch lingers and reconnects: let it be quiet
      })
    }, 40_000)
  }
})

describe('hostile apiserver: GET one object (the detail drawer)', () => {
  const reasons: Record<Mode, RegExp> = {
    ok: /^$/,
    oversized: /get pods a: the answer of .* is larger than 4 MiB \(after decompression\)/,
    gzipBomb: /get pods a: the answer of .* is larger than 4 MiB \(after decompression\)/,
    stalled: /get pods a: 127\.0\.0\.1:\d+ stopped sending the answer \(no data for 1 s\)/,
    endless: /get pods a: the answer of .* is larger than 4 MiB \(after decompression\)/,
    malformed: /get pods a: 127\.0\.0\.1:\d+ answered with invalid JSON/
  }
  for (const mode of MODES) {
    it(`${mode} object: 502 with the reason`, async () => {
      await hostileCase(`object ${mode}`, mode === 'stalled' ? `body idle ${TIMEOUTS.bodyIdleMs} ms` : '4 MiB per object (after decompression)', async () => {
        setMode('object', mode)
        const r = await app.get('/api/clusters/hostile/pods/objects/a?namespace=default')
        expect(r.status, r.text).toBe(502)
        expect((JSON.parse(r.text) as { error: string }).error).toMatch(reasons[mode])
        setMode('object', 'ok')
        expect((await app.get('/api/clusters/hostile/pods/objects/a?namespace=default')).status).toBe(200)
      })
    }, 30_000)
  }
})
