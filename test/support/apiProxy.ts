/**
 * An HTTPS proxy in front of any apiserver (simulated or real), for fault tests that must behave
 * the same on both: it can hold one request until the test releases it (e.g. the second page of a
 * LIST, while its continue token is expired), drop every open watch, and play "apiserver down"
 * (every connection reset) — all on the real HTTP path, with the client's own credentials passed
 * through.
 *
 * Why: the simulator has fault hooks, a real control plane has none; a proxy gives both the same
 * faults from the outside. It terminates TLS with its own certificate (for 127.0.0.1; clients get
 * its CA in their kubeconfig) and forwards to the upstream with the upstream's CA.
 * Lifecycle: `startApiProxy(upstream)` listens on 127.0.0.1:0; `close()` destroys every socket.
 */
import { createServer, request } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { makeTls } from '@periscope/kube-sim'
import type { ApiTarget } from './kubeApi.ts'

/** One request the proxy saw, and the status the upstream answered (0 while pending or failed). */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly watch: boolean
  status: number
}

/** A request held by the proxy. */
export interface Held {
  /** Resolves with the request once one matching arrived (it is then waiting). */
  readonly arrived: Promise<SeenRequest>
  /** Let it through to the upstream. */
  release(): void
}

export interface ApiProxy {
  readonly url: string
  /** The proxy's own CA (its self-signed certificate). */
  readonly caPem: string
  readonly requests: SeenRequest[]
  /** Hold the next request matching `match` until `release()`. */
  hold(match: (r: SeenRequest) => boolean): Held
  /** Destroy every open watch response (the client sees its stream cut). @returns how many. */
  dropWatches(): number
  /** While down, every open connection is cut and every new one is reset at once. */
  setDown(down: boolean): void
  close(): Promise<void>
}

const isWatch = (q: URLSearchParams): boolean => q.get('watch') === '1' || q.get('watch') === 'true'

/** Start a proxy to `upstream` (only its URL and CA are used; clients send their own token). */
export async function startApiProxy(upstream: Pick<ApiTarget, 'url' | 'caPem'>): Promise<ApiProxy> {
  const tls = await makeTls()
  const up = new URL(upstream.url)
  const requests: SeenRequest[] = []
  const holds: { match: (r: SeenRequest) => boolean; arrive: (r: SeenRequest) => void; released: Promise<void> }[] = []
  const watches = new Set<ServerResponse>()
  const sockets = new Set<Socket>()
  let down = false

  const forward = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest): void => {
    const headers = { ...req.headers, host: up.host }
    const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers, ca: upstream.caPem, agent: false }, (upRes) => {
      seen.status = upRes.statusCode ?? 0
      res.writeHead(upRes.statusCode ?? 502, upRes.headers)
      if (seen.watch) res.flushHeaders()
      upRes.pipe(res)
      upRes.on('error', () => res.destroy())
    })
    out.on('error', () => res.destroy())
    res.on('close', () => {
      watches.delete(res)
      out.destroy()
    })
    if (seen.watch) watches.add(res)
    req.pipe(out)
  }

  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (down) {
      req.socket.destroy()
      return
    }
    const u = new URL(req.url ?? '/', 'https://proxy')
    const seen: SeenRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, watch: isWatch(u.searchParams), status: 0 }
    requests.push(seen)
    const i = holds.findIndex((h) => h.match(seen))
    if (i < 0) return forward(req, res, seen)
    const [h] = holds.splice(i, 1)
    h.arrive(seen)
    void h.released.then(() => {
      if (!res.destroyed) forward(req, res, seen)
    })
  })
  server.on('secureConnection', (s: Socket) => {
    if (down) s.destroy()
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  server.on('connection', (s: Socket) => {
    if (down) s.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port

  return {
    url: `https://127.0.0.1:${port}`,
    caPem: tls.cert,
    requests,
    hold(match) {
      let arrive: (r: SeenRequest) => void = () => undefined
      let release: () => void = () => undefined
      const arrived = new Promise<SeenRequest>((r) => {
        arrive = r
      })
      const released = new Promise<void>((r) => {
        release = r
      })
      holds.push({ match, arrive, released })
      return { arrived, release }
    },
    dropWatches() {
      const n = watches.size
      for (const w of [...watches]) w.destroy()
      watches.clear()
      return n
    },
    setDown(d) {
      down = d
      if (d) for (const s of [...sockets]) s.destroy()
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve())
        for (const s of [...sockets]) s.destroy()
        server.closeAllConnections()
      })
    }
  }
}
