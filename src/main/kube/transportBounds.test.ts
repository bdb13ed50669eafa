// The transport against a scripted hostile apiserver: gzip bombs and oversized pages (stopped
// while inflating; fat objects retried in small pages), stalled and trickling bodies (idle time
// and page deadline), an oversized /version, endless watch lines and whitespace, FIFOs named as
// token and CA files, and connection reuse between LIST pages.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadClusters } from './clusterSet.ts'
import type { ClusterSet } from './clusterSet.ts'
import { UpstreamError } from './errors.ts'
import type { TransportTimeouts } from './limits.ts'

let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) => res.end()
const urls: string[] = []
let connections = 0
const server = http.createServer((req, res) => {
  urls.push(req.url ?? '')
  handler(req, res)
})
server.on('connection', () => {
  connections++
})
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-bounds-'))
let sets: ClusterSet[] = []
const MiB = 1024 * 1024

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
afterEach(() => {
  sets.forEach((s) => s.close())
  sets = []
  urls.length = 0
  connections = 0
  server.closeAllConnections()
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  fs.rmSync(dir, { recursive: true, force: true })
})

function clusters(
  timeouts: Partial<TransportTimeouts> = {},
  user: Record<string, unknown> = { token: 't' },
  cluster: Record<string, unknown> = {}
): ClusterSet {
  const port = (server.address() as net.AddressInfo).port
  const set = loadClusters({
    yaml: stringify({
      clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true, ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }]
    }),
    timeouts
  })
  sets.push(set)
  return set
}
const signal = (): AbortSignal => new AbortController().signal
const failure = async (p: Promise<unknown>): Promise<UpstreamError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err
  )
  expect(e).toBeInstanceOf(UpstreamError)
  return e as UpstreamError
}

/** `count` gzip members of 16 MiB of spaces each: ~16 KB each on the wire. */
function gzipBomb(count: number): Buffer {
  const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 })
  return Buffer.concat(Array.from({ length: count }, () => member))
}

describe('transport bounds', () => {
  it('stops a gzip-bombed LIST page while inflating it (1 GiB from ~1 MB), after retrying in small pages', async () => {
    const bomb = gzipBomb(64)
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(bomb)
    }
    const rss0 = process.memoryUsage().rss
    const t0 = Date.now()
    const e = await failure(
      clusters()
        .transport('ctx')
        .listPages('/api/v1/pods', 'list pods', { signal: signal(), onPage: () => undefined }, { maxBytes: 8 * MiB })
    )
    expect(e.kind).toBe('oversized')
    expect(e.message).toBe(
      `list pods: the answer of 127.0.0.1:${(server.address() as net.AddressInfo).port} is larger than 8 MiB (after decompression); refusing to read more`
    )
    expect(Date.now() - t0).toBeLessThan(3_000)
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * MiB)
    expect(urls.map((u) => new URL(u, 'http://x').searchParams.get('limit'))).toEqual(['500', '50'])
  })

  it('a page of fat objects over the bound is listed again in pages of 50', async () => {
    const fat = { metadata: { name: 'fat', uid: 'u1', resourceVersion: '1', annotations: { big: 'x'.repeat(2 * MiB) } } }
    handler = (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams
      const items = q.get('limit') === '500' ? [fat, fat] : [fat]
      const cont = q.get('limit') === '50' && !q.get('continue') ? 'next' : undefined
      res.end(JSON.stringify({ metadata: { resourceVersion: '7', ...(cont ? { continue: cont } : {}) }, items }))
    }
    const pages: number[] = []
    const out = await clusters()
      .transport('ctx')
      .listPages('/api/v1/pods', 'list pods', { signal: signal(), onPage: (i) => pages.push(i.length) }, { maxBytes: 3 * MiB })
    expect(out).toEqual({ resourceVersion: '7' })
    expect(pages).toEqual([1, 1])
    expect(urls).toEqual(['/api/v1/pods?limit=500', '/api/v1/pods?limit=50', '/api/v1/pods?limit=50&continue=next'])
  })

  it('a body that stalls after the headers fails after the idle time, not never', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"items":[')
    }
    const t0 = Date.now()
    const e = await failure(
      clusters({ bodyIdleMs: 300 })
        .transport('ctx')
        .listPages('/api/v1/pods', 'list pods', { signal: signal(), onPage: () => undefined })
    )
    expect(e.kind).toBe('timeout')
    expect(e.message).toMatch(/^list pods: 127\.0\.0\.1:\d+ stopped sending the answer \(no data for 300 ms\)$/)
    expect(Date.now() - t0).toBeLessThan(2_000)
  })

  it('a body that trickles a byte at a time is cut at the page deadline', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const t = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(t))
    }
    const t0 = Date.now()
    // The deadline alone must end it: the idle bound is set beyond it (a loaded 2-core machine
    // can delay the trickle's 50 ms timer by a second, which must not turn this into an idle cut).
    const e = await failure(
      clusters({ bodyIdleMs: 3_000, pageDeadlineMs: 1_500 })
        .transport('ctx')
        .listPages('/api/v1/pods', 'list pods', { signal: signal(), onPage: () => undefined })
    )
    expect(e.kind).toBe('timeout')
    expect(e.message).toMatch(/^list pods: 127\.0\.0\.1:\d+ did not deliver the answer within 1\.5 s$/)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_450)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it('an oversized (endless) /version marks the cluster error and is not read past 64 KiB', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    }
    const set = clusters()
    const info = await set.probe('ctx')
    expect(info?.status).toBe('error')
    expect(info?.reason).toMatch(/^GET \/version: the answer of 127\.0\.0\.1:\d+ is larger than 64 KiB \(after decompression\); refusing to read more$/)
  })

  it('a GET of one object is bounded at 4 MiB', async () => {
    handler = (_q, res) => {
      res.end(`{"metadata":{"name":"x"},"data":"${'y'.repeat(5 * MiB)}"}`)
    }
    const e = await failure(
      clusters().getObject('ctx', { group: '', version: 'v1', resource: 'configmaps', namespaced: true } as never, 'default', 'x', signal())
    )
    expect(e.kind).toBe('oversized')
  })

  it('a watch line that never ends, and an endless stream of blank lines, fail as malformed', async () => {
    const endless =
      (unit: string) =>
      (_q: http.IncomingMessage, res: http.ServerResponse): void => {
        res.writeHead(200, { 'content-type': 'application/json' })
        const chunk = unit.repeat(64 * 1024)
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump)
        }
        pump()
      }
    const t = clusters().transport('ctx')
    handler = endless('x')
    const long = await failure(t.watch('/api/v1/pods', 'watch pods', { resourceVersion: '1', signal: signal(), livenessMs: 10_000, onEvent: () => undefined }))
    expect(long.kind).toBe('malformed')
    expect(long.message).toBe(`watch pods: watch line longer than ${4 * MiB} characters`)
    handler = endless('\n')
    const blank = await failure(t.watch('/api/v1/pods', 'watch pods', { resourceVersion: '1', signal: signal(), livenessMs: 10_000, onEvent: () => undefined }))
    expect(blank.kind).toBe('malformed')
    expect(blank.message).toMatch(/^watch pods: 127\.0\.0\.1:\d+ sent more than 4 MiB without a watch event$/)
  })

  it('blank lines trickled forever do not keep a watch alive: the liveness check still fires', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const t = setInterval(() => res.write('\n'), 50)
      res.on('close', () => clearInterval(t))
    }
    const e = await failure(
      clusters()
        .transport('ctx')
        .watch('/api/v1/pods', 'watch pods', { resourceVersion: '1', signal: signal(), livenessMs: 400, onEvent: () => undefined })
    )
    expect(e.kind).toBe('liveness')
  })

  it('LIST pages reuse one kept-alive connection', async () => {
    handler = (req, res) => {
      const c = new URL(req.url!, 'http://x').searchParams.get('continue')
      const n = Number(c ?? '0')
      res.end(JSON.stringify({ metadata: { resourceVersion: '1', ...(n < 4 ? { continue: String(n + 1) } : {}) }, items: [] }))
    }
    await clusters()
      .transport('ctx')
      .listPages('/api/v1/pods', 'list pods', { signal: signal(), onPage: () => undefined })
    expect(urls).toHaveLength(5)
    expect(connections).toBe(1)
  })

  it('a FIFO as tokenFile or certificate-authority is refused at once, never read', async () => {
    const fifo = path.join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    handler = (_q, res) => res.end('{}')
    const tok = await failure(clusters({}, { tokenFile: fifo }).transport('ctx').getJson('/version', signal()))
    expect(tok.message).toBe(`kubeconfig: cannot read tokenFile ${fifo}: it is a FIFO (named pipe), not a regular file`)
    const ca = await failure(clusters({}, { token: 't' }, { 'certificate-authority': fifo }).transport('ctx').getJson('/version', signal()))
    expect(ca.message).toBe(`kubeconfig: certificate-authority ${fifo}: it is a FIFO (named pipe), not a regular file`)
  })
})
