/**
 * The HTTPS transport to one cluster's apiserver: raw JSON LIST pages and watch streams.
 *
 * Why: client-node keeps kubeconfig, auth and TLS material (its KubeConfig builds the agent: CA,
 * client certs, insecure-skip-tls-verify, tls-server-name, proxy-url, static tokens, legacy
 * auth-providers), but its typed lists deserialize every field (~130 µs per pod) and its Watch
 * drops malformed lines and has no liveness of its own. So we send the requests ourselves with
 * node:https and read raw JSON. Exec plugins and token files are handled here, not by client-node:
 * exec through the de-duplicating `ExecCredentialCache`, token files re-read (trimmed) at most
 * once a minute like client-go. Everything that comes in is bounded (limits.ts, body.ts): body
 * sizes per kind after decompression, body idle time, a deadline per LIST page, watch line length
 * and bytes without an event. Connections are kept alive between requests (LIST pages reuse one
 * TLS connection) with TCP keep-alive probes, like client-go's transport.
 * Lifecycle: one Transport per cluster, created (lazily) by the ClusterSet; every request takes an
 * AbortSignal; idle pooled connections close after IDLE_SOCKET_MS, and `close()` drops them.
 */
import http from 'node:http'
import https from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import fs from 'node:fs'
import { fileTypeName, formatBytes, readRegularFileSync } from '../files/regularFile.ts'
import { readBody } from './body.ts'
import { UpstreamError, classifyNetworkError, httpError, watchStatusError } from './errors.ts'
import type { ExecCredential, ExecCredentialCache, ExecClusterInfo, ExecSpec } from './execCredentials.ts'
import {
  DEFAULT_TIMEOUTS,
  IDLE_SOCKET_MS,
  formatMs,
  LIST_PAGE_LIMIT,
  MAX_ERROR_BODY_BYTES,
  MAX_IDLE_SOCKETS,
  MAX_OBJECT_BYTES,
  SMALL_PAGE_LIMIT,
  TCP_KEEPALIVE_MS
} from './limits.ts'
import type { TransportTimeouts } from './limits.ts'
import { JsonLineReader, MalformedLineError } from './lineReader.ts'
import { sharedSecureContext } from './tlsContexts.ts'
import type { ListOptions, WatchOptions } from './source.ts'

export { LIST_PAGE_LIMIT } from './limits.ts'
/** client-go asks for watch timeouts in [5, 10) min so reconnects of many watches spread out. */
const WATCH_TIMEOUT_MIN_S = 300
const WATCH_TIMEOUT_MAX_S = 600
/** client-go re-reads token files every minute (rotated service-account tokens). */
const TOKEN_FILE_TTL_MS = 60_000
/** A token file is a JWT of a few KB; anything larger (or a FIFO) is not one. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024
const USER_AGENT = 'periscope-desktop/0.1.0'

export interface TransportOptions {
  /** This context's own KubeConfig (current context = this context); exec and token files stripped. */
  readonly kc: KubeConfig
  /** The server URL (may carry a path prefix, e.g. Rancher's /k8s/clusters/c-1). */
  readonly server: string
  readonly exec?: { readonly spec: ExecSpec; readonly cluster: ExecClusterInfo; readonly cache: ExecCredentialCache }
  readonly tokenFile?: string
  /** Timing bounds (tests shorten them); default DEFAULT_TIMEOUTS. */
  readonly timeouts?: Partial<TransportTimeouts>
  /** True when the cluster goes through a proxy-url: client-node's proxy agent is used as is. */
  readonly proxied?: boolean
  /**
   * Files client-node reads on every request (certificate-authority, client-certificate,
   * client-key), as [what, path]: checked to be regular files of a sane size first, because
   * client-node reads them with readFileSync (a FIFO would block the process).
   */
  readonly files?: readonly (readonly [string, string])[]
  /** Every request's outcome, for the cluster status (undefined = success). */
  onOutcome?(err: UpstreamError | undefined): void
}

/** Bounds of one LIST or GET (see limits.ts). */
export interface ReadBounds {
  /** Largest body accepted, after decompression. */
  readonly maxBytes: number
  /** false = a one-off connection, closed after the answer (probes of thousands of clusters). */
  readonly pooled?: boolean
  /** The Accept header (default `application/json`): a Table or aggregated discovery asks for its own. */
  readonly accept?: string
  /** Where a LIST page keeps its entries: `items` (a list), `rows` (a meta.k8s.io Table). */
  readonly itemsField?: 'items' | 'rows'
}

type Query = Record<string, string>

/** Authenticated GET requests to one apiserver. */
export class Transport {
  /** host:port of the apiserver, for messages. */
  readonly host: string
  private readonly url: URL
  private readonly opts: TransportOptions
  private token?: { value: string; readAt: number }
  private readonly execAgents = new WeakMap<ExecCredential, https.Agent>()
  private readonly timeouts: TransportTimeouts
  /** The keep-alive agent of this apiserver (not for proxied clusters), made on first use. */
  private agent?: http.Agent
  private readonly agents = new Set<http.Agent>()
  private closed = false
  private inFlight = 0

  constructor(opts: TransportOptions) {
    this.opts = opts
    this.url = new URL(opts.server)
    this.host = this.url.host
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts }
  }

  /**
   * GET one JSON document (`/version`, one object), bounded by `bounds.maxBytes` (default
   * MAX_OBJECT_BYTES), the body idle time and the page deadline.
   */
  async getJson(path: string, signal: AbortSignal, what = `GET ${path}`, bounds: ReadBounds = { maxBytes: MAX_OBJECT_BYTES }): Promise<unknown> {
    return this.fetchJson(path, {}, signal, what, bounds, false)
  }

  /**
   * POST a small JSON document and read the JSON answer, with the same bounds as `getJson`. The
   * only POSTs the app sends are access reviews (`SelfSubjectAccessReview`), which write nothing.
   */
  async postJson(path: string, body: unknown, signal: AbortSignal, what: string, bounds: ReadBounds = { maxBytes: MAX_OBJECT_BYTES }): Promise<unknown> {
    return this.fetchJson(path, {}, signal, what, bounds, false, JSON.stringify(body))
  }

  /**
   * GET a body that streams (a pod's log), with the same auth, TLS and error classification as
   * every request: the 2xx response, its body unread. The caller reads and bounds it (logs.ts).
   */
  async stream(path: string, query: Query, signal: AbortSignal, what: string): Promise<IncomingMessage> {
    return this.open(path, query, signal, what, false)
  }

  /**
   * Paginated LIST with raw JSON, page by page. Each page is bounded by `bounds.maxBytes` (after
   * decompression), the body idle time and the page deadline; a page over its byte bound is asked
   * for again in pages of SMALL_PAGE_LIMIT (objects can be fat), and only then fails.
   * The next page is asked for while this one is parsed: its `continue` token sits in the body's
   * first bytes (the apiserver writes `metadata` before `items`), so the apiserver builds and
   * sends page N+1 while we parse page N (`peekContinue`). At most two pages of a list are held
   * at once; a token that does not match the parsed one drops the early request.
   */
  async listPages(path: string, what: string, opts: ListOptions, bounds: ReadBounds = { maxBytes: 32 * 1024 * 1024 }): Promise<{ resourceVersion: string }> {
    let cont = ''
    let limit = LIST_PAGE_LIMIT
    /** The request for `cont`'s page already in flight, and how to cancel it. */
    let ahead: { cont: string; body: Promise<Buffer>; cancel: AbortController } | undefined
    const drop = (): void => {
      ahead?.cancel.abort()
      ahead = undefined
    }
    try {
      for (;;) {
        let body: Buffer
        try {
          body = ahead && ahead.cont === cont ? await ahead.body : await this.fetchBody(path, pageQuery(limit, cont), opts.signal, what, bounds, true)
          ahead = undefined
        } catch (err) {
          ahead = undefined
          if (err instanceof UpstreamError && err.kind === 'oversized' && limit > SMALL_PAGE_LIMIT) {
            limit = SMALL_PAGE_LIMIT
            continue
          }
          throw err
        }
        const peeked = peekContinue(body)
        if (peeked) {
          const cancel = new AbortController()
          const early = this.fetchBody(path, pageQuery(limit, peeked), AbortSignal.any([opts.signal, cancel.signal]), what, bounds, true)
          early.catch(() => undefined) // awaited (or dropped) below; never an unhandled rejection
          ahead = { cont: peeked, body: early, cancel }
          // Let the request go out (credentials, then the socket write) before the parse holds
          // the thread: otherwise it leaves only after the parse and nothing overlaps.
          await new Promise<void>((r) => setImmediate(r))
        }
        const page = parseJson(body, this.host, what) as { metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: unknown } } & Record<
          string,
          unknown
        >
        const field = bounds.itemsField ?? 'items'
        // A Table of an empty list may send `rows: null` (Go's nil slice).
        const entries = field === 'rows' && page && page.rows === null ? [] : page?.[field]
        if (!page || !Array.isArray(entries)) throw new UpstreamError('malformed', `${what}: the apiserver's answer has no ${field} list`)
        const remaining = page.metadata?.remainingItemCount
        opts.onPage(entries as ObjectLike[], {
          ...(typeof remaining === 'number' && Number.isSafeInteger(remaining) && remaining >= 0 ? { remainingItemCount: remaining } : {}),
          ...(field === 'rows' ? { columnDefinitions: page.columnDefinitions } : {})
        })
        cont = typeof page.metadata?.continue === 'string' ? page.metadata.continue : ''
        if (ahead && ahead.cont !== cont) drop()
        if (!cont) return { resourceVersion: String(page.metadata?.resourceVersion ?? '') }
      }
    } finally {
      drop()
    }
  }

  /** True while a request of this transport is in flight (a watch, a LIST, a probe). */
  busy(): boolean {
    return this.inFlight > 0
  }

  /**
   * Drop idle pooled connections (the cluster set was replaced or closed). Requests in flight
   * (watches) keep their connections; later requests use one-off connections.
   */
  close(): void {
    this.closed = true
    for (const a of this.agents) {
      for (const list of Object.values(a.freeSockets)) for (const sock of list ?? []) sock.destroy()
    }
  }

  /** One bounded GET + body + JSON.parse, within the page deadline. */
  private async fetchJson(path: string, query: Query, signal: AbortSignal, what: string, bounds: ReadBounds, gzip: boolean, post?: string): Promise<unknown> {
    return parseJson(await this.fetchBody(path, query, signal, what, bounds, gzip, post), this.host, what)
  }

  /** One bounded GET (or POST) and its whole body, within the page deadline. */
  private async fetchBody(path: string, query: Query, signal: AbortSignal, what: string, bounds: ReadBounds, gzip: boolean, post?: string): Promise<Buffer> {
    this.inFlight++
    const ac = new AbortController()
    const onAbort = (): void => ac.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) ac.abort()
    let late = false
    const timer = setTimeout(() => {
      late = true
      ac.abort()
    }, this.timeouts.pageDeadlineMs)
    try {
      const res = await this.open(path, query, ac.signal, what, gzip, bounds.pooled !== false, post, bounds.accept)
      return await readBody(res, { maxBytes: bounds.maxBytes, idleMs: this.timeouts.bodyIdleMs, signal: ac.signal, what, host: this.host })
    } catch (err) {
      // The page timer aborts the read (open and body alike): its cancellation is the deadline.
      if (late) throw new UpstreamError('timeout', `${what}: ${this.host} did not deliver the answer within ${formatMs(this.timeouts.pageDeadlineMs)}`)
      throw err
    } finally {
      this.inFlight--
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
  }

  /** One watch stream from `opts.resourceVersion`, read as JSON lines (see ResourceSource.watch). */
  async watch(path: string, what: string, opts: WatchOptions, accept?: string): Promise<void> {
    const timeoutSeconds = WATCH_TIMEOUT_MIN_S + Math.floor(Math.random() * (WATCH_TIMEOUT_MAX_S - WATCH_TIMEOUT_MIN_S))
    const query: Query = { watch: '1', allowWatchBookmarks: 'true', resourceVersion: opts.resourceVersion, timeoutSeconds: String(timeoutSeconds) }
    if (opts.initialEvents) {
      query.sendInitialEvents = 'true'
      query.resourceVersionMatch = 'NotOlderThan'
    }
    this.inFlight++
    const ac = new AbortController()
    const onAbort = (): void => ac.abort()
    opts.signal.addEventListener('abort', onAbort, { once: true })
    if (opts.signal.aborted) ac.abort()
    let stallError: UpstreamError | undefined
    const stall = setTimeout(() => {
      stallError = new UpstreamError('liveness', `no data from ${this.host} for ${Math.round(opts.livenessMs / 1000)} s: ${what} stalled`)
      ac.abort()
    }, opts.livenessMs)
    try {
      const res = await this.open(path, query, ac.signal, what, false, true, undefined, accept)
      stall.refresh()
      opts.onOpen?.()
      await this.readWatch(res, what, opts, stall)
    } catch (err) {
      throw stallError ?? (opts.signal.aborted ? new UpstreamError('aborted', `${what} was cancelled`) : err)
    } finally {
      this.inFlight--
      clearTimeout(stall)
      opts.signal.removeEventListener('abort', onAbort)
      ac.abort()
    }
  }

  /**
   * Read the watch body as JSON lines. The liveness timer is refreshed by progress only (an event,
   * or a line growing), not by blank lines; a line over MAX_OBJECT_BYTES, or that many characters
   * without one event (an endless stream of whitespace), fails the watch as malformed.
   */
  private readWatch(res: IncomingMessage, what: string, opts: WatchOptions, stall: NodeJS.Timeout): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false
      let sinceEvent = 0
      const finish = (err?: unknown): void => {
        if (done) return
        done = true
        if (err === undefined) resolve()
        else {
          res.destroy()
          reject(err instanceof MalformedLineError ? new UpstreamError('malformed', `${what}: ${err.message}`) : err)
        }
      }
      const reader = new JsonLineReader((v) => {
        const ev = v as { type?: unknown; object?: unknown }
        if (ev?.type === 'ERROR') throw watchStatusError(ev.object, this.host, what)
        if (ev?.type !== 'ADDED' && ev?.type !== 'MODIFIED' && ev?.type !== 'DELETED' && ev?.type !== 'BOOKMARK') {
          throw new UpstreamError('malformed', `${what}: unknown watch event type ${JSON.stringify(ev?.type)?.slice(0, 40)}`)
        }
        sinceEvent = 0
        stall.refresh()
        opts.onEvent({ type: ev.type, object: (ev.object ?? {}) as ObjectLike })
      }, MAX_OBJECT_BYTES)
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (done) return
        const buffered = reader.buffered
        sinceEvent += chunk.length
        try {
          reader.push(chunk)
        } catch (err) {
          finish(err)
          return
        }
        if (reader.buffered > buffered) stall.refresh()
        if (sinceEvent > MAX_OBJECT_BYTES) {
          finish(new UpstreamError('malformed', `${what}: ${this.host} sent more than ${MAX_OBJECT_BYTES / (1024 * 1024)} MiB without a watch event`))
        }
      })
      res.on('end', () => {
        try {
          reader.end()
          finish()
        } catch (err) {
          finish(err)
        }
      })
      res.on('error', (err) => finish(classifyNetworkError(err, this.host)))
      res.on('close', () => {
        if (!res.complete) finish(new UpstreamError('network', `${what}: the connection to ${this.host} closed mid-stream`))
      })
    })
  }

  /** Send a GET; resolves with a 2xx response, else rejects with a classified UpstreamError. */
  private async open(
    path: string,
    query: Query,
    signal: AbortSignal,
    what: string,
    gzip: boolean,
    pooled = true,
    post?: string,
    accept?: string
  ): Promise<IncomingMessage> {
    let cred: ExecCredential | undefined
    try {
      const { options, credential } = await this.prepare(gzip, pooled, accept)
      cred = credential
      const res = await this.send(path, query, options, signal, post)
      const status = res.statusCode ?? 0
      if (status < 200 || status > 299) {
        const body = await readBody(res, { maxBytes: MAX_ERROR_BODY_BYTES, idleMs: this.timeouts.bodyIdleMs, signal, what, host: this.host }).then(
          (b) => b.toString('utf8'),
          () => ''
        )
        throw httpError(status, body, this.host, what, res.headers['retry-after'])
      }
      this.opts.onOutcome?.(undefined)
      return res
    } catch (err) {
      const e = signal.aborted ? new UpstreamError('aborted', `${what} was cancelled`) : classifyNetworkError(err, this.host)
      if (e.status === 401 && cred && this.opts.exec) this.opts.exec.cache.invalidate(this.opts.exec.spec, this.opts.exec.cluster, cred)
      if (e.kind !== 'aborted') this.opts.onOutcome?.(e)
      throw e
    }
  }

  private async prepare(gzip: boolean, pooled: boolean, accept = 'application/json'): Promise<{ options: https.RequestOptions; credential?: ExecCredential }> {
    const options: https.RequestOptions = { headers: {} }
    for (const [what, file] of this.opts.files ?? []) {
      const problem = fileProblem(file)
      if (problem) throw new UpstreamError('config', `kubeconfig: ${what} ${file}: ${problem}`)
    }
    try {
      await this.opts.kc.applyToHTTPSOptions(options)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new UpstreamError('config', `kubeconfig: ${code === 'ENOENT' ? 'file not found: ' : ''}${(err as Error).message}`)
    }
    const headers = options.headers as Record<string, string>
    headers['User-Agent'] = USER_AGENT
    headers.Accept = accept
    if (gzip) headers['Accept-Encoding'] = 'gzip'
    const agent = pooled ? this.keepAliveAgent(options) : undefined
    if (agent) options.agent = agent
    if (this.opts.tokenFile) headers.Authorization = `Bearer ${this.readTokenFile(this.opts.tokenFile)}`
    if (!this.opts.exec) return { options: this.shareContext(options) }
    const { spec, cluster, cache } = this.opts.exec
    const credential = await cache.get(spec, cluster)
    if (credential.token) headers.Authorization = `Bearer ${credential.token}`
    if (credential.clientCertificateData && credential.clientKeyData) {
      options.agent = this.execAgent(credential, options)
      options.cert = credential.clientCertificateData
      options.key = credential.clientKeyData
    }
    return { options: this.shareContext(options), credential }
  }

  /** One OpenSSL context per distinct TLS material, not one per connection (tlsContexts.ts). */
  private shareContext(options: https.RequestOptions): https.RequestOptions {
    if (this.url.protocol !== 'https:' || this.opts.proxied) return options
    const secureContext = sharedSecureContext({ ca: options.ca, cert: options.cert, key: options.key, pfx: options.pfx, passphrase: options.passphrase })
    return Object.assign(options, { secureContext })
  }

  /**
   * The keep-alive agent of this apiserver, with the TLS material client-node put in `base` (CA,
   * client certificate and key, insecure-skip-tls-verify, tls-server-name). Undefined for a
   * proxied cluster: client-node's proxy agent is kept. Built once: like client-node's own agent
   * cache, certificate files are read when the first request is made.
   */
  private keepAliveAgent(base: https.RequestOptions): http.Agent | undefined {
    if (this.opts.proxied || this.closed) return undefined
    if (!this.agent) {
      this.agent =
        this.url.protocol === 'http:'
          ? new http.Agent(POOL)
          : new https.Agent({
              ...POOL,
              ca: base.ca,
              cert: base.cert,
              key: base.key,
              pfx: base.pfx,
              passphrase: base.passphrase,
              ...(base.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
              ...(base.servername ? { servername: base.servername } : {})
            })
      this.agents.add(this.agent)
    }
    return this.agent
  }

  /** An agent carrying the exec plugin's client certificate (the kubeconfig agent has none). */
  private execAgent(cred: ExecCredential, base: https.RequestOptions): https.Agent {
    let agent = this.execAgents.get(cred)
    if (!agent) {
      agent = new https.Agent({
        ...POOL,
        ca: base.ca,
        cert: cred.clientCertificateData,
        key: cred.clientKeyData,
        ...(base.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
        ...(base.servername ? { servername: base.servername } : {})
      })
      this.execAgents.set(cred, agent)
      this.agents.add(agent)
    }
    return agent
  }

  private readTokenFile(file: string): string {
    const now = Date.now()
    if (this.token && now - this.token.readAt < TOKEN_FILE_TTL_MS) return this.token.value
    const read = readRegularFileSync(file, MAX_TOKEN_FILE_BYTES)
    if (!read.ok) throw new UpstreamError('config', `kubeconfig: cannot read tokenFile ${file}: ${read.reason}`)
    const value = read.text.trim()
    if (!value) throw new UpstreamError('config', `kubeconfig: tokenFile ${file} is empty`)
    this.token = { value, readAt: now }
    return value
  }

  private send(path: string, query: Query, options: https.RequestOptions, signal: AbortSignal, post?: string): Promise<IncomingMessage> {
    const qs = new URLSearchParams(query).toString()
    const prefix = this.url.pathname.replace(/\/+$/, '')
    const mod = this.url.protocol === 'http:' ? http : https
    return new Promise((resolve, reject) => {
      const req = mod.request({
        ...options,
        method: post === undefined ? 'GET' : 'POST',
        ...(post === undefined ? {} : { headers: { ...options.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(post) } }),
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port || (this.url.protocol === 'http:' ? 80 : 443),
        path: `${prefix}${path}${qs ? `?${qs}` : ''}`,
        signal
      })
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('response timeout'), { code: 'ETIMEDOUT' })), this.timeouts.responseMs)
      // TCP keep-alive probes: a half-open connection (a peer that vanished) is found by the kernel.
      req.once('socket', (sock) => sock.setKeepAlive(true, TCP_KEEPALIVE_MS))
      req.once('response', (res) => {
        clearTimeout(timer)
        resolve(res)
      })
      // Not `once`: an abort after the response must still find a listener (never crash main).
      req.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      req.end(post)
    })
  }
}

/** Certificates and keys are a few KB; a CA bundle of every public root is ~250 KB. */
const MAX_PEM_FILE_BYTES = 4 * 1024 * 1024

/** Why `file` must not be handed to client-node's readFileSync, or undefined when it is fine. */
function fileProblem(file: string): string | undefined {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`
  }
  if (!st.isFile()) return `it is ${fileTypeName(st)}, not a regular file`
  if (st.size > MAX_PEM_FILE_BYTES) return `it is ${formatBytes(st.size)}, larger than the ${formatBytes(MAX_PEM_FILE_BYTES)} limit`
  return undefined
}

/** Pool settings of every upstream agent (limits.ts says why each value). */
const POOL = { keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_MS, maxFreeSockets: MAX_IDLE_SOCKETS, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' } as const

/** The query of one LIST page. */
function pageQuery(limit: number, cont: string): Query {
  return { limit: String(limit), ...(cont ? { continue: cont } : {}) }
}

/** How far into a LIST body its `metadata` is looked for: the apiserver writes it within the first ~200 bytes. */
const PEEK_BYTES = 4096

/**
 * The `continue` token of a LIST body, read from its first bytes without parsing it: the
 * `metadata` object's `"continue":"…"` before the body's first `[` (items, rows or
 * columnDefinitions). Undefined when it is not there in that form (the page is then parsed first
 * and the next one asked for after, as before). Tokens are base64url: no escapes to undo.
 */
export function peekContinue(body: Buffer): string | undefined {
  const head = body.subarray(0, PEEK_BYTES).toString('latin1')
  const meta = head.indexOf('"metadata":{')
  const list = head.indexOf('[')
  if (meta < 0 || (list >= 0 && list < meta)) return undefined
  const m = /"continue":"([A-Za-z0-9_=+/-]+)"/.exec(head.slice(meta, list < 0 ? undefined : list))
  return m?.[1]
}

function parseJson(body: Buffer, host: string, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw new UpstreamError('malformed', `${what}: ${host} answered with invalid JSON (${(err as Error).message.slice(0, 80)})`)
  }
}
