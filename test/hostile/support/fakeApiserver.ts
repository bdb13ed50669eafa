/**
 * A hostile apiserver for the tests: per route the engine calls (`/version`, LIST pages, watch,
 * GET one object) it answers well, or with an oversized, gzip-bombed, stalled, endless or
 * malformed body, as the test sets it.
 *
 * Why: a cluster, or whatever answers on its address (a proxy, a captive portal, an attacker on
 * the path), can send anything; each route must fail alone, bounded, with a precise reason.
 * Lifecycle: `startFakeApiserver()` listens on 127.0.0.1 (plain HTTP: the kubeconfig says
 * insecure-skip-tls-verify); `mode[route]` is read per request; `stop()` ends every connection.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

export type Route = 'version' | 'list' | 'watch' | 'object'
export type Mode = 'ok' | 'oversized' | 'gzipBomb' | 'stalled' | 'endless' | 'malformed'

export interface FakeApiserver {
  readonly url: string
  readonly mode: Record<Route, Mode>
  /** Requests per route so far. */
  readonly hits: Record<Route, number>
  stop(): Promise<void>
}

const MiB = 1024 * 1024
const pod = (name: string, ns: string): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, resourceVersion: '10', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'x' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] }
})

/** 1 GiB of spaces in 64 gzip members of 16 MiB: ~1 MB on the wire. Made once. */
let bomb: Buffer | undefined
function gzipBomb(): Buffer {
  bomb ??= (() => {
    const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 })
    return Buffer.concat([gzipSync('{"kind":"PodList","items":['), ...Array.from({ length: 64 }, () => member)])
  })()
  return bomb
}

/** Write `chunk` for as long as the peer reads (or up to `limit` bytes), with backpressure. */
function pump(res: ServerResponse, chunk: Buffer, limit = Infinity): void {
  let sent = 0
  const go = (): void => {
    while (!res.destroyed && sent < limit) {
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', go)
        return
      }
    }
    if (!res.destroyed) res.end()
  }
  go()
}

function answer(route: Route, mode: Mode, req: IncomingMessage, res: ServerResponse): void {
  const ns = /\/namespaces\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? 'default'
  const json = (v: unknown): void => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(v))
  }
  switch (mode) {
    case 'ok':
      if (route === 'version') return json({ major: '1', minor: '33', gitVersion: 'v1.33.0' })
      if (route === 'list') return json({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '10' }, items: [pod('a', ns), pod('b', ns)] })
      if (route === 'object') return json(pod('a', ns))
      res.writeHead(200, { 'content-type': 'application/json' })
      {
        const t = setInterval(() => res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '10' } } })}\n`), 300)
        res.on('close', () => clearInterval(t))
      }
      return
    case 'oversized': {
      // A finite answer, declared up front, far over any bound: 200 MiB of pods.
      const one = Buffer.from(`${JSON.stringify(pod('x'.repeat(200), ns))},`)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * MiB) })
      res.write(route === 'watch' ? '{"type":"ADDED","object":' : '{"kind":"PodList","items":[')
      return pump(res, Buffer.concat(Array.from({ length: 64 }, () => one)), 200 * MiB)
    }
    case 'gzipBomb':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(gzipBomb())
      return
    case 'stalled':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(route === 'watch' ? '{"type":"ADDED","object":{"metadata":' : '{"kind":"PodList","items":[{"metadata":')
      return // and nothing more, ever
    case 'endless':
      res.writeHead(200, { 'content-type': 'application/json' })
      if (route === 'watch') return pump(res, Buffer.alloc(64 * 1024, 0x20)) // one line that never ends
      res.write('{"kind":"PodList","items":[')
      return pump(res, Buffer.from(`${JSON.stringify(pod('y', ns))},`.repeat(100)))
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' })
      if (route === 'watch') {
        res.write('{"type":"ADDED","object":{}}\nthis is not json\n')
        return
      }
      res.end('<html><body>502 Bad Gateway from a captive portal {"items": [</body></html>')
  }
}

/** Listen on 127.0.0.1:0 with every route answering well. */
export async function startFakeApiserver(): Promise<FakeApiserver> {
  const mode: Record<Route, Mode> = { version: 'ok', list: 'ok', watch: 'ok', object: 'ok' }
  const hits: Record<Route, number> = { version: 0, list: 0, watch: 0, object: 0 }
  const server = createServer((req, res) => {
    res.on('error', () => undefined)
    const u = new URL(req.url ?? '/', 'http://x')
    const route: Route = u.pathname === '/version' ? 'version' : u.searchParams.get('watch') ? 'watch' : /\/pods\/[^/]+$/.test(u.pathname) ? 'object' : 'list'
    hits[route]++
    answer(route, mode[route], req, res)
  })
  server.on('clientError', (_e, sock) => sock.destroy())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode,
    hits,
    stop: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  }
}
