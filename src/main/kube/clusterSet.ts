/**
 * Clusters: one per kubeconfig context, each with its own KubeConfig, transport and status.
 *
 * Why: client-node's Watch always uses the *current* context, so every context gets a KubeConfig
 * of its own. Failure is per cluster: a context naming a missing cluster or user, a bad CA, an
 * expired token, a failing exec plugin or a closed port marks that one cluster with a precise
 * reason while the others keep working. A kubeconfig may hold thousands of contexts: a cluster's
 * KubeConfig and transport are made on its first request, and at most PROBE_CONCURRENCY (16) probes run
 * at once (10,000 concurrent TLS handshakes, each with its own CA context, took ~775 MB).
 * Lifecycle: `loadClusters()` reads the kubeconfig files once; statuses start `connecting` and
 * move with every request's outcome (the transport reports it) and with `/version` probes
 * (`probeAll()`, and lazily again from `list()` for clusters that are not ok); `close()` aborts
 * the probes in flight and drops pooled connections. The watch engine reaches the apiserver only
 * through `source()`.
 */
import { createHash } from 'node:crypto'
import { KubeConfig } from '@kubernetes/client-node'
import type { Cluster as KcCluster, User as KcUser } from '@kubernetes/client-node'
import type { ClusterInfo, ClusterStatus } from '../../shared/api/wire.ts'
import type { AnyKindDef } from '../../shared/kinds/anyKind.ts'
import type { ColumnDef } from '../../shared/kinds/registry.ts'
import { isCustomToken } from '../../shared/kinds/custom.ts'
import { collectionPath } from '../../shared/kinds/registry.ts'
import { UpstreamError, isClusterLevel, isUnreachable } from './errors.ts'
import { ExecCredentialCache } from './execCredentials.ts'
import type { ExecClusterInfo, ExecSpec } from './execCredentials.ts'
import { readKubeconfigs } from './kubeconfig.ts'
import type { ClusterEntry, ContextEntry, KubeconfigProblem, MergedKubeconfig, ReadOptions, UserEntry } from './kubeconfig.ts'
import { MAX_OBJECT_BYTES, MAX_VERSION_BYTES, maxPageBytes } from './limits.ts'
import type { TransportTimeouts } from './limits.ts'
import type { ResourceSource } from './source.ts'
import { tableSource } from './tableSource.ts'
import { discoverCustomKinds } from './discovery.ts'
import type { DiscoveryResult } from './discovery.ts'
import type { PodLogQuery, PodLogRequest } from './logSource.ts'
import { readPodLog } from './logs.ts'
import { reviewAccess } from './accessReview.ts'
import type { AccessAnswer, AccessQuestion } from './accessReview.ts'
import { Transport } from './transport.ts'
import { redactUrls } from './kubeconfigBrowser.ts'

/** A probe that has not answered in this long marks the cluster offline ("timed out"). */
const PROBE_TIMEOUT_MS = 10_000
/** A cluster that is not ok is probed again at most this often (lazily, from `list()`). */
const REPROBE_AFTER_MS = 30_000
/** client-node needs a user entry to apply the CA; a context without a user is anonymous. */
const ANONYMOUS_USER = '<anonymous>'
/**
 * Probes running at once. A probe is one TLS handshake and one tiny GET; 16 at a time probe 1,000
 * reachable clusters in a few seconds, and an unreachable one holds a slot for at most the probe
 * timeout.
 */
export const PROBE_CONCURRENCY = 16

/**
 * What a context connects with, as one-way hashes (they never reveal a credential): equal hashes
 * in two cluster sets mean the context reaches the same apiserver the same way.
 */
export interface ConnectionDigest {
  /** The cluster entry: server URL, CA, TLS options, proxy. */
  readonly server: string
  /** The user entry: token, token file, client certificate, exec plugin, impersonation. */
  readonly user: string
}

export interface LoadClustersOptions extends ReadOptions {
  /** Shared exec-credential cache (default: one per ClusterSet). */
  readonly execCache?: ExecCredentialCache
  /** Upstream timing bounds (tests shorten them). */
  readonly timeouts?: Partial<TransportTimeouts>
}

interface ClusterState {
  readonly id: string
  readonly namespace?: string
  readonly server?: string
  /** Set when the context cannot be used at all (missing cluster/user, bad entry). */
  readonly configError?: string
  /** Made on first use by `make` (absent for a context with a configError). */
  transport?: Transport
  readonly make?: () => Transport
  /** What it connects with, hashed (never shown). */
  readonly digest: ConnectionDigest
  /** The user's exec plugin, as its credentials are cached. */
  readonly exec?: { readonly spec: ExecSpec; readonly cluster: ExecClusterInfo }
  status: ClusterStatus
  reason: string
  serverVersion?: string
  lastProbeAt: number
  probing: boolean
}

/** Read the kubeconfig files and build one cluster per context. Never throws. */
export function loadClusters(opts: LoadClustersOptions = {}): ClusterSet {
  return new ClusterSet(readKubeconfigs(opts), opts.execCache ?? new ExecCredentialCache(), opts.timeouts)
}

/** Every cluster of the kubeconfig, its status, and access to its apiserver. */
export class ClusterSet {
  /** Unreadable files, invalid YAML, unnamed entries: "path:line: message". */
  readonly problems: readonly KubeconfigProblem[]
  readonly currentContext: string | undefined
  readonly execCache: ExecCredentialCache
  private readonly clusters = new Map<string, ClusterState>()
  private readonly probes = new Set<AbortController>()
  private readonly timeouts: Partial<TransportTimeouts> | undefined
  /** Probes waiting for a slot (FIFO), and how many run. */
  private readonly probeQueue: (() => void)[] = []
  private probesRunning = 0
  private probed = false
  private closed = false

  constructor(merged: MergedKubeconfig, execCache: ExecCredentialCache, timeouts?: Partial<TransportTimeouts>) {
    this.problems = merged.problems
    this.currentContext = merged.currentContext
    this.execCache = execCache
    this.timeouts = timeouts
    for (const ctx of merged.contexts.values()) this.clusters.set(ctx.name, this.build(merged, ctx))
  }

  /** Known clusters in kubeconfig order, with status and reason (never credentials). */
  list(): ClusterInfo[] {
    if (this.probed && !this.closed) {
      const now = Date.now()
      for (const c of this.clusters.values()) {
        if (c.make && c.status !== 'ok' && !c.probing && now - c.lastProbeAt > REPROBE_AFTER_MS) void this.probe(c.id)
      }
    }
    return [...this.clusters.values()].map(info)
  }

  has(id: string): boolean {
    return this.clusters.has(id)
  }

  /** What context `id` connects with, hashed (see `ConnectionDigest`); undefined if unknown. */
  connectionDigest(id: string): ConnectionDigest | undefined {
    return this.clusters.get(id)?.digest
  }

  /** The exec plugin of context `id`'s user, keyed as its credentials are cached; undefined if none. */
  execOf(id: string): { readonly spec: ExecSpec; readonly cluster: ExecClusterInfo } | undefined {
    return this.clusters.get(id)?.exec
  }

  /**
   * The transport of a cluster.
   * @throws UpstreamError kind 'config' when the context cannot be used.
   */
  transport(id: string): Transport {
    const c = this.clusters.get(id)
    if (!c) throw new UpstreamError('config', `unknown cluster "${id}"`)
    if (!c.make) throw new UpstreamError('config', c.configError ?? `cluster "${id}" cannot be used`)
    c.transport ??= c.make()
    return c.transport
  }

  /** The list/watch pair of one collection (namespace '' = all / cluster-scoped). */
  source(id: string, kind: AnyKindDef, namespace: string, onColumns?: (columns: readonly ColumnDef[]) => void): ResourceSource {
    const path = collectionPath(kind, namespace)
    const scope = kind.namespaced && namespace ? ` in namespace ${namespace}` : ''
    const bounds = { maxBytes: maxPageBytes(isCustomToken(kind.id) ? undefined : kind.id) }
    // Custom kinds are read as the apiserver's Table (its printer columns), not as objects.
    if (isCustomToken(kind.id)) return tableSource(() => this.transport(id), path, `${kind.id}${scope}`, bounds, onColumns)
    return {
      list: async (o) => this.transport(id).listPages(path, `list ${kind.resource}${scope}`, o, bounds),
      watch: async (o) => this.transport(id).watch(path, `watch ${kind.resource}${scope}`, o)
    }
  }

  /** The custom kinds cluster `id` serves (discovery.ts). */
  discover(id: string, signal: AbortSignal): Promise<DiscoveryResult> {
    return discoverCustomKinds(this.transport(id), signal)
  }

  /** One SelfSubjectAccessReview on cluster `id` (accessReview.ts). */
  accessReview(id: string, q: AccessQuestion, signal: AbortSignal): Promise<AccessAnswer> {
    return reviewAccess(this.transport(id), q, signal)
  }

  /** GET one object (the detail drawer); `name` is validated by the caller and encoded here. */
  async getObject(id: string, kind: AnyKindDef, namespace: string, name: string, signal: AbortSignal): Promise<unknown> {
    const path = `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`
    return this.transport(id).getJson(path, signal, `get ${kind.resource} ${name}`, { maxBytes: MAX_OBJECT_BYTES })
  }

  /** Read one container's log (logs.ts); names are validated by the caller and encoded there. */
  podLog(id: string, namespace: string, pod: string, query: PodLogQuery, req: PodLogRequest): Promise<void> {
    return readPodLog(this.transport(id), namespace, pod, query, req)
  }

  /**
   * GET /version on one cluster (queued behind PROBE_CONCURRENCY probes); updates its status and
   * serverVersion. An answer that is not a small JSON document (oversized, malformed) marks the
   * cluster `error` (no apiserver answers /version like that); one that stalls marks it `offline`.
   */
  async probe(id: string): Promise<ClusterInfo | undefined> {
    const c = this.clusters.get(id)
    if (!c) return undefined
    if (!c.make || this.closed || c.probing) return info(c)
    c.probing = true
    c.lastProbeAt = Date.now()
    await this.probeSlot()
    const ac = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      ac.abort()
    }, PROBE_TIMEOUT_MS)
    this.probes.add(ac)
    let host = c.server ?? id
    try {
      if (this.closed) return info(c)
      const transport = this.transport(id)
      host = transport.host
      const v = (await transport.getJson('/version', ac.signal, 'GET /version', { maxBytes: MAX_VERSION_BYTES, pooled: false })) as { gitVersion?: unknown }
      if (typeof v?.gitVersion === 'string') c.serverVersion = v.gitVersion.slice(0, 64)
    } catch (err) {
      if (timedOut) this.report(c, new UpstreamError('timeout', `timed out after ${PROBE_TIMEOUT_MS / 1000} s waiting for ${host}`))
      else if (err instanceof UpstreamError && (err.status === 403 || err.kind === 'oversized' || err.kind === 'malformed' || err.kind === 'timeout'))
        this.report(c, err, true)
    } finally {
      clearTimeout(timer)
      this.probes.delete(ac)
      c.probing = false
      this.releaseProbeSlot()
      // A cluster that did not answer keeps no transport (KubeConfig, agent) until it is used
      // again: 10,000 unreachable contexts hold ~40 MB less.
      if (c.status !== 'ok' && c.transport && !c.transport.busy()) c.transport = undefined
    }
    return info(c)
  }

  private probeSlot(): Promise<void> {
    if (this.probesRunning < PROBE_CONCURRENCY) {
      this.probesRunning++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.probeQueue.push(resolve))
  }

  private releaseProbeSlot(): void {
    const next = this.probeQueue.shift()
    if (next) next()
    else this.probesRunning--
  }

  /** Probe every usable cluster (concurrently); resolves when all have answered or timed out. */
  async probeAll(): Promise<void> {
    this.probed = true
    await Promise.all([...this.clusters.keys()].map((id) => this.probe(id)))
  }

  /**
   * Abort probes in flight (and drop queued ones) and pooled idle connections; later requests
   * still work (the engine aborts its own).
   */
  close(): void {
    this.closed = true
    for (const ac of this.probes) ac.abort()
    this.probes.clear()
    for (const resolve of this.probeQueue.splice(0)) resolve()
    for (const c of this.clusters.values()) c.transport?.close()
  }

  private report(c: ClusterState, err: UpstreamError | undefined, force = false): void {
    if (c.configError) return
    if (err === undefined) {
      c.status = 'ok'
      c.reason = ''
      return
    }
    if (!force && !isClusterLevel(err)) return
    c.status = isUnreachable(err) ? 'offline' : 'error'
    c.reason = redactUrls(err.message)
  }

  private build(merged: MergedKubeconfig, ctx: ContextEntry): ClusterState {
    const cl0 = ctx.cluster ? merged.clusters.get(ctx.cluster) : undefined
    const user0 = ctx.user ? merged.users.get(ctx.user) : undefined
    const digest = { server: sha256(cl0 ?? ctx.cluster ?? null), user: sha256(user0 ?? ctx.user ?? null) }
    const base = { id: ctx.name, ...(ctx.namespace ? { namespace: ctx.namespace } : {}), digest, lastProbeAt: 0, probing: false }
    const broken = (reason: string, server?: string): ClusterState => ({
      ...base,
      ...(server ? { server } : {}),
      configError: redactUrls(reason),
      status: 'error',
      reason: redactUrls(reason)
    })
    if (!ctx.cluster) return broken(`context "${ctx.name}" names no cluster (${ctx.file})`)
    const cl = merged.clusters.get(ctx.cluster)
    if (!cl) return broken(`context "${ctx.name}" names cluster "${ctx.cluster}", which no kubeconfig file defines`)
    if (cl.problem) return broken(cl.problem)
    const server = new URL(cl.server).host
    const user = ctx.user ? merged.users.get(ctx.user) : undefined
    if (ctx.user && !user) return broken(`context "${ctx.name}" names user "${ctx.user}", which no kubeconfig file defines`, server)
    if (user?.problem) return broken(user.problem, server)
    if (cl.server.startsWith('http:') && !cl.skipTLSVerify) {
      return broken(`cluster "${cl.name}": plain http:// needs insecure-skip-tls-verify: true`, server)
    }
    const exec = user?.exec
      ? {
          spec: user.exec,
          cluster: {
            name: cl.name,
            server: cl.server,
            skipTLSVerify: cl.skipTLSVerify,
            ...(cl.caData ? { caData: cl.caData } : {}),
            ...(cl.tlsServerName ? { tlsServerName: cl.tlsServerName } : {}),
            ...(cl.proxyUrl ? { proxyUrl: cl.proxyUrl } : {})
          }
        }
      : undefined
    const state: ClusterState = {
      ...base,
      server,
      ...(exec ? { exec } : {}),
      status: 'connecting',
      reason: '',
      make: () => this.makeTransport(cl, user, ctx, state)
    }
    return state
  }

  /** The KubeConfig and transport of one context (on its first request). */
  private makeTransport(cl: ClusterEntry, user: UserEntry | undefined, ctx: ContextEntry, state: ClusterState): Transport {
    const kcCluster: KcCluster = {
      name: cl.name,
      server: cl.server,
      skipTLSVerify: cl.skipTLSVerify,
      ...(cl.caData ? { caData: cl.caData } : {}),
      ...(cl.caFile ? { caFile: cl.caFile } : {}),
      ...(cl.tlsServerName ? { tlsServerName: cl.tlsServerName } : {}),
      ...(cl.proxyUrl ? { proxyUrl: cl.proxyUrl } : {})
    }
    // exec and tokenFile are handled by our transport: client-node never sees them.
    const kcUser: KcUser = user
      ? {
          name: user.name,
          ...(user.token ? { token: user.token } : {}),
          ...(user.certData ? { certData: user.certData } : {}),
          ...(user.certFile ? { certFile: user.certFile } : {}),
          ...(user.keyData ? { keyData: user.keyData } : {}),
          ...(user.keyFile ? { keyFile: user.keyFile } : {}),
          ...(user.username ? { username: user.username, password: user.password ?? '' } : {}),
          ...(user.impersonate ? { impersonateUser: user.impersonate } : {}),
          ...(user.authProvider ? { authProvider: user.authProvider } : {})
        }
      : { name: ANONYMOUS_USER }
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [kcCluster],
      users: [kcUser],
      contexts: [{ name: ctx.name, cluster: cl.name, user: kcUser.name, ...(ctx.namespace ? { namespace: ctx.namespace } : {}) }],
      currentContext: ctx.name
    })
    return new Transport({
      kc,
      server: cl.server,
      proxied: Boolean(cl.proxyUrl),
      files: [
        // client-node reads a file when one is named, even beside inline data.
        ...(cl.caFile ? [['certificate-authority', cl.caFile] as const] : []),
        ...(user?.certFile ? [['client-certificate', user.certFile] as const] : []),
        ...(user?.keyFile ? [['client-key', user.keyFile] as const] : [])
      ],
      ...(this.timeouts ? { timeouts: this.timeouts } : {}),
      ...(user?.tokenFile && !user.token ? { tokenFile: user.tokenFile } : {}),
      ...(state.exec ? { exec: { ...state.exec, cache: this.execCache } } : {}),
      onOutcome: (err) => this.report(state, err)
    })
  }
}

function info(c: ClusterState): ClusterInfo {
  return {
    id: c.id,
    status: c.status,
    reason: c.reason,
    ...(c.serverVersion ? { serverVersion: c.serverVersion } : {}),
    ...(c.namespace ? { namespace: c.namespace } : {}),
    ...(c.server ? { server: c.server } : {})
  }
}

function sha256(entry: unknown): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex')
}
