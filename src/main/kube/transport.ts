/**
 * The HTTPS transport to one cluster's apiserver: raw JSON LIST pages and watch streams.
 *
 * Why: client-node keeps kubeconfig, auth and TLS material (its KubeConfig builds the agent: CA,
 * client certs, insecure-skip-tls-verify, tls-server-name, proxy-url, static tokens, legacy
 * auth-providers), but its typed lists deserialize every field (~130 µs per pod) and its Watch
 * drops malformed lines and has no liveness of its own. So we send the requests ourselves with
 * node:https and read raw JSON. Exec plugins and token files are handled here, not by client-node:
 * exec through the de-duplicating `ExecCredentialCache`, token files re-read (trimmed) at most
 * once a minute like client-go. Lifecycle: one Transport per cluster, created by the ClusterSet;
 * every request takes an AbortSignal; nothing outlives its request (agents do not keep sockets).
 */
import http from 'node:http'
import https from 'node:https'
import fs from 'node:fs'
import { createGunzip } from 'node:zlib'
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { UpstreamError, classifyNetworkError, httpError, watchStatusError } from './errors.ts'
import type { ExecCredential, ExecCredentialCache, ExecClusterInfo, ExecSpec } from './execCredentials.ts'
import { JsonLineReader, MalformedLineError } from './lineReader.ts'
import type { ListOptions, WatchOptions } from './source.ts'

/** Page size of every LIST: a 500-pod page parses in ~21 ms, under the 50 ms long-task line. */
export const LIST_PAGE_LIMIT = 500
/** Headers must arrive within this; an apiserver that accepts and never answers is down. */
const RESPONSE_TIMEOUT_MS = 30_000
/** client-go asks for watch timeouts in [5, 10) min so reconnects of many watches spread out. */
const WATCH_TIMEOUT_MIN_S = 300
const WATCH_TIMEOUT_MAX_S = 600
/** client-go re-reads token files every minute (rotated service-account tokens). */
const TOKEN_FILE_TTL_MS = 60_000
/** Error bodies are Status objects of a few hundred bytes; never buffer a huge error page. */
const MAX_ERROR_BODY = 64 * 1024
const USER_AGENT = 'periscope-desktop/0.1.0'

export interface TransportOptions {
  /** This context's own KubeConfig (current context = this context); exec and token files stripped. */
  readonly kc: KubeConfig
  /** The server URL (may carry a path prefix, e.g. Rancher's /k8s/clusters/c-1). */
  readonly server: string
  readonly exec?: { readonly spec: ExecSpec; readonly cluster: ExecClusterInfo; readonly cache: ExecCredentialCache }
  readonly tokenFile?: string
  /** Every request's outcome, for the cluster status (undefined = success). */
  onOutcome?(err: UpstreamError | undefined): void
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

  constructor(opts: TransportOptions) {
    this.opts = opts
    this.url = new URL(opts.server)
    this.host = this.url.host
  }

  /** GET a small JSON document (e.g. /version). */
  async getJson(path: string, signal: AbortSignal, what = `GET ${path}`): Promise<unknown> {
    const res = await this.open(path, {}, signal, what, false)
    return parseJson(await readBody(res, Infinity), this.host, what)
  }

  /**
   * GET a body that streams (a pod's log), with the same auth, TLS and error classification as
   * every request: the 2xx response, its body unread. The caller reads and bounds it (logs.ts).
   */
  async stream(path: string, query: Query, signal: AbortSignal, what: string): Promise<IncomingMessage> {
    return this.open(path, query, signal, what, false)
  }

  /** Paginated LIST with raw JSON, page by page. */
  async listPages(path: string, what: string, opts: ListOptions): Promise<{ resourceVersion: string }> {
    let cont = ''
    let rv: string
    do {
      const res = await this.open(path, { limit: String(LIST_PAGE_LIMIT), ...(cont ? { continue: cont } : {}) }, opts.signal, what, true)
      const page = parseJson(await readBody(res, Infinity), this.host, what) as { metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: unknown }; items?: unknown }
      if (!page || !Array.isArray(page.items)) throw new UpstreamError('malformed', `${what}: the apiserver's answer has no items list`)
      const remaining = page.metadata?.remainingItemCount
      opts.onPage(page.items as ObjectLike[], typeof remaining === 'number' && Number.isSafeInteger(remaining) && remaining >= 0 ? { remainingItemCount: remaining } : {})
      rv = page.metadata?.resourceVersion ?? ''
      cont = page.metadata?.continue ?? ''
    } while (cont)
    return { resourceVersion: rv }
  }

  /** One watch stream from `opts.resourceVersion`, read as JSON lines (see ResourceSource.watch). */
  async watch(path: string, what: string, opts: WatchOptions): Promise<void> {
    const timeoutSeconds = WATCH_TIMEOUT_MIN_S + Math.floor(Math.random() * (WATCH_TIMEOUT_MAX_S - WATCH_TIMEOUT_MIN_S))
    const query: Query = { watch: '1', allowWatchBookmarks: 'true', resourceVersion: opts.resourceVersion, timeoutSeconds: String(timeoutSeconds) }
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
      const res = await this.open(path, query, ac.signal, what, false)
      stall.refresh()
      opts.onOpen?.()
      await this.readWatch(res, what, opts, stall)
    } catch (err) {
      throw stallError ?? (opts.signal.aborted ? new UpstreamError('aborted', `${what} was cancelled`) : err)
    } finally {
      clearTimeout(stall)
      opts.signal.removeEventListener('abort', onAbort)
      ac.abort()
    }
  }

  private readWatch(res: IncomingMessage, what: string, opts: WatchOptions, stall: NodeJS.Timeout): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false
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
          throw new UpstreamError('malformed', `${what}: unknown watch event type ${JSON.stringify(ev?.type)}`)
        }
        opts.onEvent({ type: ev.type, object: (ev.object ?? {}) as ObjectLike })
      })
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        stall.refresh()
        if (done) return
        try { reader.push(chunk) } catch (err) { finish(err) }
      })
      res.on('end', () => {
        try { reader.end(); finish() } catch (err) { finish(err) }
      })
      res.on('error', (err) => finish(classifyNetworkError(err, this.host)))
      res.on('close', () => {
        if (!res.complete) finish(new UpstreamError('network', `${what}: the connection to ${this.host} closed mid-stream`))
      })
    })
  }

  /** Send a GET; resolves with a 2xx response, else rejects with a classified UpstreamError. */
  private async open(path: string, query: Query, signal: AbortSignal, what: string, gzip: boolean): Promise<IncomingMessage> {
    let cred: ExecCredential | undefined
    try {
      const { options, credential } = await this.prepare(gzip)
      cred = credential
      const res = await this.send(path, query, options, signal)
      const status = res.statusCode ?? 0
      if (status < 200 || status > 299) {
        const body = await readBody(res, MAX_ERROR_BODY).catch(() => '')
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

  private async prepare(gzip: boolean): Promise<{ options: https.RequestOptions; credential?: ExecCredential }> {
    const options: https.RequestOptions = { headers: {} }
    try {
      await this.opts.kc.applyToHTTPSOptions(options)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new UpstreamError('config', `kubeconfig: ${code === 'ENOENT' ? 'file not found: ' : ''}${(err as Error).message}`)
    }
    const headers = options.headers as Record<string, string>
    headers['User-Agent'] = USER_AGENT
    headers.Accept = 'application/json'
    if (gzip) headers['Accept-Encoding'] = 'gzip'
    if (this.opts.tokenFile) headers.Authorization = `Bearer ${this.readTokenFile(this.opts.tokenFile)}`
    if (!this.opts.exec) return { options }
    const { spec, cluster, cache } = this.opts.exec
    const credential = await cache.get(spec, cluster)
    if (credential.token) headers.Authorization = `Bearer ${credential.token}`
    if (credential.clientCertificateData && credential.clientKeyData) options.agent = this.execAgent(credential, options)
    return { options, credential }
  }

  /** An agent carrying the exec plugin's client certificate (the kubeconfig agent has none). */
  private execAgent(cred: ExecCredential, base: https.RequestOptions): https.Agent {
    let agent = this.execAgents.get(cred)
    if (!agent) {
      agent = new https.Agent({
        ca: base.ca, cert: cred.clientCertificateData, key: cred.clientKeyData,
        ...(base.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
        ...(base.servername ? { servername: base.servername } : {})
      })
      this.execAgents.set(cred, agent)
    }
    return agent
  }

  private readTokenFile(file: string): string {
    const now = Date.now()
    if (this.token && now - this.token.readAt < TOKEN_FILE_TTL_MS) return this.token.value
    let value: string
    try {
      value = fs.readFileSync(file, 'utf8').trim()
    } catch (err) {
      throw new UpstreamError('config', `kubeconfig: cannot read tokenFile ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
    if (!value) throw new UpstreamError('config', `kubeconfig: tokenFile ${file} is empty`)
    this.token = { value, readAt: now }
    return value
  }

  private send(path: string, query: Query, options: https.RequestOptions, signal: AbortSignal): Promise<IncomingMessage> {
    const qs = new URLSearchParams(query).toString()
    const prefix = this.url.pathname.replace(/\/+$/, '')
    const mod = this.url.protocol === 'http:' ? http : https
    return new Promise((resolve, reject) => {
      const req = mod.request({
        ...options,
        method: 'GET',
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port || (this.url.protocol === 'http:' ? 80 : 443),
        path: `${prefix}${path}${qs ? `?${qs}` : ''}`,
        signal
      })
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('response timeout'), { code: 'ETIMEDOUT' })), RESPONSE_TIMEOUT_MS)
      req.once('response', (res) => { clearTimeout(timer); resolve(res) })
      // Not `once`: an abort after the response must still find a listener (never crash main).
      req.on('error', (err) => { clearTimeout(timer); reject(err) })
      req.end()
    })
  }
}

/** Read a whole body (decompressing gzip), failing past `max` characters. */
function readBody(res: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream: Readable = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) { res.destroy(); reject(new UpstreamError('malformed', `response body larger than ${max} bytes`)); return }
      chunks.push(c)
    })
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    stream.on('error', reject)
    res.on('error', reject)
  })
}

function parseJson(text: string, host: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new UpstreamError('malformed', `${what}: ${host} answered with invalid JSON (${(err as Error).message.slice(0, 80)})`)
  }
}
