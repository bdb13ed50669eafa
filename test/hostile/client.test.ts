/**
 * Hostile clients against the app's local server (HTTP/2 + TLS, as the desktop app serves it;
 * the app is a process of its own, support/appProcess.ts, on a demo cluster of 10,000 pods, the
 * per-user cap set to 0 = no cap): HTTP/2 stream floods of unread requests for the public JS
 * bundle (no token needed), HTTP/1.1 pipelined unread requests, a connection flood, 80 stalled
 * SSE readers of a 10,000-row snapshot, and 1,000 stream open/close cycles over made-up
 * namespaces. After each case: the app is alive and still serves the demo cluster, its RSS after
 * a GC is back under the stated bound, and no foreign file in its cache folder is gone. Each case
 * prints its bound and RSS before / during (peak) / after.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { connect as h2connect } from 'node:http2'
import type { ClientHttp2Session } from 'node:http2'
import { connect as netConnect } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { CACHE_SUBDIR, MARKER_NAME } from '../../src/main/cache/cacheFolder.ts'
import { frameParser } from '../support/sseFrames.ts'
import { openSseH2 } from '../support/sseClient.ts'
import { measure, startApp, table } from './support/app.ts'
import type { App } from './support/app.ts'

const MiB = 1024 * 1024
const TOKEN = 'hostile-client-suite-token-0123456789ab'
const PODS = 10_000
/**
 * RSS after a case (after a GC) may exceed the settled RSS (app started, the 10,000-pod watch
 * synced) by at most this: what the allocator keeps after the largest legitimate bursts (a
 * 10,000-row snapshot is ~7 MB per stream; the buffer budget is 128 MiB).
 */
const AFTER_SLACK = 96 * MiB

const dir = mkdtempSync(join(tmpdir(), 'periscope-hostile-client-'))
const cacheDir = join(dir, 'cache-dir')
const rendererDir = join(dir, 'renderer')
const foreign = { pkg: join(cacheDir, 'package.json'), data: join(cacheDir, 'dataset.bin') }
let sim: Sim
/** A small second cluster for the open/close cycles (its size does not matter, its LISTs are quick). */
let small: Sim
let app: App
let baseline = 0
let bundleBytes = 0

beforeAll(async () => {
  sim = await startSim({ pods: PODS, seed: 21 })
  small = await startSim({ pods: 20, seed: 22 })
  writeFileSync(join(dir, 'demo.yaml'), sim.kubeconfig({ context: 'demo' }))
  writeFileSync(join(dir, 'small.yaml'), small.kubeconfig({ context: 'small' }))
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Periscope</title><script src="/assets/app-1.js"></script>')
  // A public bundle of the real one's size (~1 MB), served without a token.
  const bundle = `console.log(${JSON.stringify('x'.repeat(1024))});\n`.repeat(1000)
  writeFileSync(join(rendererDir, 'assets', 'app-1.js'), bundle)
  bundleBytes = Buffer.byteLength(bundle)
  mkdirSync(cacheDir)
  writeFileSync(foreign.pkg, '{"name":"someone-elses-project"}\n')
  writeFileSync(foreign.data, '')
  truncateSync(foreign.data, 300 * MiB)
  app = await startApp(
    dir,
    { kubeconfig: [join(dir, 'demo.yaml'), join(dir, 'small.yaml')], cacheDir, token: TOKEN, tls: true, rendererDir },
    { PERISCOPE_WATCH_PER_USER_LIMIT: '0' }
  )
  // Settle: the demo cluster's pods listed and watched once (the polled list then answers from it).
  const sse = await openStream('/api/clusters/demo/pods/watch')
  await sse.snapshot
  await app.ask('gc')
  baseline = app.rss()
  sse.close()
}, 90_000)

afterAll(async () => {
  console.log(`\nHostile client suite (after ≤ settled RSS ${(baseline / MiB).toFixed(0)} MB + ${AFTER_SLACK / MiB} MB):\n${table('client')}\n`)
  await app?.stop()
  await sim?.stop()
  await small?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function expectDemoServed(): Promise<void> {
  const r = await app.get('/api/clusters/demo/pods')
  expect(r.status, r.text.slice(0, 300)).toBe(200)
  expect((JSON.parse(r.text) as { items: unknown[] }).items.length).toBe(sim.store.list('pods', {}).items.length)
}

function expectForeignFilesIntact(): void {
  expect(readFileSync(foreign.pkg, 'utf8')).toBe('{"name":"someone-elses-project"}\n')
  expect(statSync(foreign.data).size).toBe(300 * MiB)
  expect(readdirSync(cacheDir).sort()).toEqual(['dataset.bin', 'package.json', CACHE_SUBDIR].sort())
}

async function hostileCase(name: string, bound: string, run: () => Promise<void>): Promise<void> {
  const f = await measure(app, 'client', name, bound, () => baseline + AFTER_SLACK, run, expectDemoServed)
  expect(f.after).toBeLessThanOrEqual(baseline + AFTER_SLACK)
  expectForeignFilesIntact()
}

function h2(): ClientHttp2Session {
  const s = h2connect(app.origin, { rejectUnauthorized: false })
  s.on('error', () => undefined)
  return s
}

/** An SSE stream over its own TLS connection (HTTP/1.1), read by hand so it can stop reading. */
function openStream(path: string): { snapshot: Promise<number>; frames: () => number; pause(): void; close(): void; closed: Promise<void> } {
  const sock = tlsConnect({ host: '127.0.0.1', port: app.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] })
  sock.on('error', () => undefined)
  let frames = 0
  let head = true
  let buf = ''
  let gotSnapshot: (bytes: number) => void = () => undefined
  const snapshot = new Promise<number>((r) => {
    gotSnapshot = r
  })
  const feed = frameParser((f) => {
    frames++
    if (f.event === 'snapshot' && !(f.data ?? '').includes('"partial":true')) gotSnapshot((f.data ?? '').length)
  })
  sock.setEncoding('utf8')
  sock.on('data', (c: string) => {
    if (head) {
      buf += c
      const i = buf.indexOf('\r\n\r\n')
      if (i < 0) return
      head = false
      c = buf.slice(i + 4)
    }
    feed(c.replace(/\r\n[0-9a-f]+\r\n/g, ''))
  })
  const closed = new Promise<void>((r) => sock.on('close', () => r()))
  sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: text/event-stream\r\n\r\n`)
  return { snapshot, frames: () => frames, pause: () => sock.pause(), close: () => sock.destroy(), closed }
}

describe('hostile clients', () => {
  it('HTTP/2: 4 connections × 5,000 unread requests for the public JS bundle (no token)', async () => {
    let refused = 0
    let answered = 0
    await hostileCase(
      'h2 stream flood: 4 × 5,000 unread bundle requests',
      '128 concurrent streams per connection; one in-memory copy of the bundle',
      async () => {
        const sessions = [h2(), h2(), h2(), h2()]
        for (const s of sessions) {
          for (let i = 0; i < 5_000; i++) {
            const req = s.request({ ':path': '/assets/app-1.js' })
            req.on('error', () => {
              refused++
            })
            req.on('response', () => {
              answered++
              req.pause()
            })
            req.end()
          }
        }
        await sleep(1_500)
        for (const s of sessions) s.destroy()
        await sleep(300)
      }
    )
    // The server took at most 128 streams per connection at a time; a client that never reads
    // holds those, and every other request waits (or is refused), never piling up in memory.
    expect(answered).toBeLessThanOrEqual(4 * 128)
    expect(answered).toBeGreaterThan(0)
    console.log(`h2 flood: ${answered} answers started, ${refused} requests failed or refused, ${20_000 - answered - refused} never started`)
  }, 40_000)

  it('HTTP/1.1: 32 connections × 200 pipelined unread requests for the bundle', async () => {
    await hostileCase(
      'HTTP/1.1 pipelining: 32 × 200 unread bundle requests',
      'one request at a time per connection; one in-memory copy of the bundle',
      async () => {
        const socks: Socket[] = []
        const req = `GET /assets/app-1.js HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\n\r\n`.repeat(200)
        for (let i = 0; i < 32; i++) {
          const s = tlsConnect({ host: '127.0.0.1', port: app.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] })
          s.on('error', () => undefined)
          s.on('secureConnect', () => {
            s.write(req)
            s.pause()
          })
          socks.push(s)
        }
        await sleep(1_500)
        for (const s of socks) s.destroy()
        await sleep(300)
      }
    )
    expect(bundleBytes).toBeGreaterThan(1_000_000)
  }, 40_000)

  it('a connection flood: 300 idle connections, the ceiling (256) holds, the rest are closed at once', async () => {
    let closedByServer = 0
    await hostileCase('connection flood: 300 idle TCP connections', '256 connections; idle ones closed after 120 s', async () => {
      const socks: Socket[] = []
      let ending = false
      for (let i = 0; i < 300; i++) {
        const s = netConnect(app.port, '127.0.0.1')
        s.on('error', () => undefined)
        s.on('close', () => {
          if (!ending) closedByServer++
        })
        socks.push(s)
      }
      await sleep(1_500)
      ending = true
      for (const s of socks) s.destroy()
      await sleep(300)
    })
    expect(closedByServer).toBeGreaterThanOrEqual(300 - 256)
    expect(closedByServer).toBeLessThan(300)
  }, 40_000)

  it('80 stalled SSE readers of a 10,000-row snapshot with the per-user cap at 0: the buffer budget closes the worst first', async () => {
    let closedByServer = 0
    const f = await measure(
      app,
      'client',
      '80 stalled readers of a 10,000-row snapshot (cap 0)',
      '128 MiB unsent across all streams (stalled worst offender closed first); 8 MiB per stream past its snapshot',
      () => baseline + AFTER_SLACK,
      async () => {
        const streams = Array.from({ length: 80 }, () => openStream('/api/clusters/demo/pods/watch'))
        for (const s of streams) s.pause()
        await sleep(3_000)
        // A paused client cannot see its socket closed; the server's own count says how many it closed.
        closedByServer = 80 - (await app.ask<{ streams: number }>('stats')).streams
        for (const s of streams) s.close()
        await sleep(300)
      },
      expectDemoServed
    )
    // ~7 MB each, ~560 MB in all: the budget closed streams, and the peak stayed near twice the
    // budget (plaintext and ciphertext over TLS), not 80 snapshots.
    expect(closedByServer).toBeGreaterThan(20)
    expect(f.during - f.before).toBeLessThan(2 * 128 * MiB + 144 * MiB)
    expect(f.after).toBeLessThanOrEqual(baseline + AFTER_SLACK)
    expectForeignFilesIntact()
    console.log(`stalled readers: ${closedByServer} of 80 closed by the server`)
  }, 60_000)

  it('1,000 stream open/close cycles over 1,000 made-up namespaces: bounded upstream watches, no cache file per name', async () => {
    let maxWatches = 0
    await hostileCase(
      '1,000 open/close cycles over made-up namespaces',
      '320 upstream watches per cluster, lingering ones counted (oldest evicted first); no cache file for an empty namespace',
      async () => {
        let next = 0
        // One HTTP/2 connection, as the window opens its streams; 20 streams at a time.
        const session = h2()
        const worker = async (): Promise<void> => {
          while (next < 1_000) {
            const i = next++
            const conn = await openSseH2(session, `/api/clusters/small/pods/watch?namespace=made-up-${i}`, { authorization: `Bearer ${TOKEN}` })
            expect(conn.status).toBe(200)
            await conn.waitFor((f) => f.event === 'snapshot', 15_000)
            conn.close()
            if (i % 50 === 0) maxWatches = Math.max(maxWatches, (await app.ask<{ byCluster: Record<string, number> }>('stats')).byCluster.small ?? 0)
          }
        }
        await Promise.all(Array.from({ length: 20 }, worker))
        session.destroy()
        maxWatches = Math.max(maxWatches, (await app.ask<{ byCluster: Record<string, number> }>('stats')).byCluster.small ?? 0)
        await sleep(1_500) // the cache's first write delay: anything it would write is written now
      }
    )
    expect(maxWatches).toBeLessThanOrEqual(320)
    expect(maxWatches).toBeGreaterThan(250) // the ceiling was reached: lingering watches were evicted, not kept
    const own = readdirSync(join(cacheDir, CACHE_SUBDIR)).filter((n) => n !== MARKER_NAME)
    expect(own.length).toBeLessThan(5) // the all-namespaces pods list, not one file per made-up name
  }, 90_000)
})

describe('hostile clients: HTTP/2 session limits (in-process server, short idle time)', () => {
  it('an idle HTTP/2 session is closed; a header list over 16 KiB is refused; the server keeps answering', async () => {
    const { createRuntimeConfig } = await import('../../src/main/config/runtimeConfig.ts')
    const { startLocalServer } = await import('../../src/main/server/httpServer.ts')
    const { createFakeEngine } = await import('../support/fakeEngine.ts')
    const rc = await createRuntimeConfig({ env: {} })
    if (!rc.ok) throw new Error(rc.error)
    const server = await startLocalServer({
      engine: createFakeEngine(),
      config: rc.value,
      token: TOKEN,
      actor: 't',
      version: 'x',
      tls: true,
      log: () => undefined,
      limits: { idleMs: 400 }
    })
    try {
      const s = h2connect(server.origin, { rejectUnauthorized: false })
      s.on('error', () => undefined)
      const closed = new Promise<number>((r) => {
        const t0 = Date.now()
        s.on('close', () => r(Date.now() - t0))
      })
      const ok = s.request({ ':path': '/api/features', authorization: `Bearer ${TOKEN}` })
      const status = await new Promise<number>((r) => ok.on('response', (h) => r(Number(h[':status']))))
      ok.resume()
      expect(status).toBe(200)
      const big = s.request({ ':path': '/api/features', authorization: `Bearer ${TOKEN}`, 'x-pad': 'p'.repeat(20 * 1024) })
      const bigResult = await new Promise<string>((r) => {
        big.on('response', (h) => r(`status ${String(h[':status'])}`))
        big.on('error', (e: NodeJS.ErrnoException) => r(`error ${e.code ?? e.message}`))
        big.on('close', () => r(`closed ${big.rstCode}`))
      })
      expect(bigResult).not.toBe('status 200')
      const ms = await closed
      expect(ms).toBeLessThan(5_000) // closed by the server once idle (400 ms here, 120 s in production)
      const again = h2connect(server.origin, { rejectUnauthorized: false })
      const req = again.request({ ':path': '/api/features', authorization: `Bearer ${TOKEN}` })
      expect(await new Promise<number>((r) => req.on('response', (h) => r(Number(h[':status']))))).toBe(200)
      again.destroy()
    } finally {
      await server.close()
    }
  }, 30_000)
})
