/**
 * startRealCluster(): a real Kubernetes 1.34 control plane on 127.0.0.1 (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok with N fake nodes), for tests and benchmarks.
 *
 * Why: the simulated apiserver is our demo and fixture, but only the real one proves behaviour
 * (watch cache, bookmarks, WatchList, RBAC, admission, controllers, restarts).
 * Lifecycle: start -> ready (/readyz passes, all N fake nodes Ready, the default ServiceAccount
 * exists) -> optional restartApiserver() any number of times -> stop(). Everything lives in one
 * temp dir (certs, tokens, kubeconfigs, etcd data, one log per component), removed by stop().
 * Nothing outlives the launcher: stop() on the normal path, a synchronous SIGKILL of every child
 * on process 'exit', and, when the launcher itself is SIGKILLed, PR_SET_PDEATHSIG in every
 * component plus a reaper (reaper.ts) for the temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiClient, waitFor } from './api.ts'
import type { ApiClient } from './api.ts'
import { ensureRealClusterBinary } from './build.ts'
import { compactEtcd } from './compact.ts'
import { apiserverArgs, componentEnv, controllerManagerArgs, etcdArgs, kwokArgs, layoutFor, schedulerArgs } from './components.ts'
import type { ComponentName, Ports } from './components.ts'
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.ts'
import { createFakeNodes, readyFakeNodes } from './nodes.ts'
import { makePki } from './pki.ts'
import { freePorts } from './ports.ts'
import { logTail, startProcess } from './proc.ts'
import type { Proc } from './proc.ts'
import { startReaper } from './reaper.ts'
import type { Reaper } from './reaper.ts'
import { ADMIN_USER, renderTokenFile, resolveUsers } from './users.ts'
import type { RealClusterUser, RealClusterUserSpec } from './users.ts'

export type { RealClusterUser, RealClusterUserSpec } from './users.ts'

export interface RealClusterOptions {
  /** Fake nodes kwok keeps Ready; default 3. */
  readonly nodes?: number
  /** Extra token users (beyond the admin); bind them with RBAC to restrict them. */
  readonly users?: readonly RealClusterUserSpec[]
  /** Path of the periscope-k8s binary; built (cached) via build.sh when omitted. */
  readonly binary?: string
  /** Keep the temp dir (logs, etcd data) after stop, for debugging; default false. */
  readonly keepTempDir?: boolean
  /** Bound on the whole start (after the binary exists); default 120 s. */
  readonly readyTimeoutMs?: number
  /** Aborting during start stops what was started and rejects. */
  readonly signal?: AbortSignal
  /** Progress lines (the CLI sends them to stderr); default: none. */
  readonly log?: (line: string) => void
  /** Called when a component exits while the cluster is up (not during stop/restart). */
  readonly onUnexpectedExit?: (component: string, code: number | string, logTail: string) => void
  /**
   * Extra kube-apiserver flags, appended after the defaults (a repeated scalar flag: the last one
   * wins), e.g. a test cluster's `--watch-cache-sizes`; also used by restartApiserver.
   */
  readonly apiserverArgs?: readonly string[]
}

export interface RealCluster {
  /** `https://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** PEM of the per-start CA that signed the serving certificate. */
  readonly caPem: string
  readonly adminToken: string
  /** Admin kubeconfig inside the temp dir (valid until stop). */
  readonly kubeconfigPath: string
  /** The admin and every extra user, with their tokens. */
  readonly users: readonly RealClusterUser[]
  readonly tempDir: string
  readonly logDir: string
  /** Kubeconfig YAML for a user (default: the admin, context `real-admin`; others `real-<name>`). */
  kubeconfig(opts?: { readonly user?: string; readonly namespace?: string }): string
  /** etcd's client URL (`http://127.0.0.1:<port>`, plain HTTP, loopback only), for tests. */
  readonly etcdUrl: string
  /**
   * Compact etcd at its current revision, as the apiserver's compactor does every
   * `--etcd-compaction-interval` (5 min), and record it where the apiserver looks (compact_rev_key),
   * so every older resourceVersion and continue token expires (410). The watch cache learns of it
   * on its own schedule (it polls every 15 s); callers poll for the 410.
   * @returns the revision compacted at.
   */
  compact(): Promise<number>
  /** The running components (name, pid), e.g. to measure their memory. */
  processes(): readonly { readonly name: string; readonly pid: number }[]
  /**
   * Stop the apiserver (SIGTERM, graceful; `{ crash: true }`: SIGKILL) and start it again on the same
   * port, certs, tokens and etcd; resolves when /readyz passes.
   */
  restartApiserver(opts?: { readonly crash?: boolean }): Promise<void>
  /** Stop every process and remove the temp dir (unless keepTempDir). Idempotent. */
  stop(): Promise<void>
}

const DEFAULT_NODES = 3
const DEFAULT_READY_TIMEOUT_MS = 120_000
/** Upper bound on nodes: kwok and the scheduler cope with thousands, but a typo should not. */
const MAX_NODES = 1000
/** etcd's single member is ready in well under a second; this is the outer bound. */
const ETCD_READY_TIMEOUT_MS = 30_000
/** Contexts are `real-<user>`; the admin's is `real-admin`. */
const ADMIN_CONTEXT = 'real-admin'

export async function startRealCluster(opts: RealClusterOptions = {}): Promise<RealCluster> {
  const nodes = opts.nodes ?? DEFAULT_NODES
  if (!Number.isInteger(nodes) || nodes < 0 || nodes > MAX_NODES) throw new Error(`nodes must be an integer 0..${MAX_NODES}, got ${nodes}`)
  const log = opts.log ?? ((): void => {})
  const users = resolveUsers(opts.users)
  const binary = opts.binary ?? (await resolveBinary(log, opts.signal))
  opts.signal?.throwIfAborted()

  const tempDir = mkdtempSync(join(tmpdir(), 'periscope-realcluster-'))
  log(`real cluster temp dir: ${tempDir}`)
  const procs = new Map<ComponentName, Proc>()
  let reaper: Reaper | undefined
  let stopping: Promise<void> | undefined
  let restarting = false
  let up = false

  const killAllNow = (): void => {
    for (const p of procs.values()) p.killNow()
  }
  process.on('exit', killAllNow)

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Clients first (they would only log errors while the apiserver goes), then the apiserver, then its storage.
      await Promise.all(['kwok', 'kube-scheduler', 'kube-controller-manager'].map((n) => procs.get(n as ComponentName)?.stop()))
      await procs.get('kube-apiserver')?.stop()
      await procs.get('etcd')?.stop()
      process.off('exit', killAllNow)
      if (opts.keepTempDir) {
        reaper?.abandon()
        log(`real cluster temp dir kept: ${tempDir}`)
      } else {
        rmSync(tempDir, { recursive: true, force: true })
        await reaper?.release()
      }
    })()
    return stopping
  }

  try {
    // The reaper starts first: from here on, even a SIGKILLed launcher leaves no temp dir behind.
    mkdirSync(join(tempDir, 'logs'))
    if (!opts.keepTempDir) reaper = startReaper(tempDir)
    const pki = await makePki(join(tempDir, 'pki'))
    const layout = layoutFor(tempDir, pki.files)
    const [etcdClient, etcdPeer, apiserver] = await freePorts(3)
    const ports: Ports = { etcdClient, etcdPeer, apiserver }
    const url = `https://127.0.0.1:${ports.apiserver}`
    writeFileSync(layout.tokenFile, renderTokenFile([users.admin, users.controllerManager, users.scheduler, ...users.extra]), { mode: 0o600 })
    const kc = (context: string, token: string): string => renderKubeconfig({ server: url, caPem: pki.caPem, context, token })
    writeKubeconfig(layout.kubeconfigs.controllerManager, kc('kube-controller-manager', users.controllerManager.token))
    writeKubeconfig(layout.kubeconfigs.scheduler, kc('kube-scheduler', users.scheduler.token))
    writeKubeconfig(layout.kubeconfigs.kwok, kc('kwok', users.admin.token))
    const kubeconfigPath = join(tempDir, 'admin.kubeconfig')
    writeKubeconfig(kubeconfigPath, kc(ADMIN_CONTEXT, users.admin.token))
    mkdirSync(layout.kwokWorkdir)

    const start = (name: ComponentName, args: string[]): Proc => {
      const p = startProcess({ name, binary, args, logFile: join(layout.logDir, `${name}.log`), env: componentEnv(name, layout) })
      procs.set(name, p)
      void p.exited.then((code) => {
        // During start, alive() reports a death (with the log tail) by failing the start instead.
        if (!up || stopping || (restarting && name === 'kube-apiserver') || procs.get(name) !== p) return
        opts.onUnexpectedExit?.(name, code, logTail(p.logFile))
      })
      return p
    }
    // Fail fast: a component that died during start explains the failure better than a timeout.
    const alive = (): void => {
      for (const p of procs.values()) {
        if (!p.isRunning()) throw new ComponentDied(p)
      }
    }
    const within = (what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> =>
      waitFor(
        what,
        async () => {
          alive()
          return probe()
        },
        timeoutMs,
        250,
        opts.signal
      ).catch((err: unknown) => {
        alive()
        throw err
      })
    const deadline = Date.now() + (opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS)
    const left = (): number => Math.max(1000, deadline - Date.now())

    start('etcd', etcdArgs(layout, ports))
    await within('etcd /health', () => httpOk(`http://127.0.0.1:${ports.etcdClient}/health`), Math.min(ETCD_READY_TIMEOUT_MS, left()))
    log('etcd ready')

    const apiArgs = [...apiserverArgs(layout, ports), ...(opts.apiserverArgs ?? [])]
    start('kube-apiserver', apiArgs)
    const api = apiClient(url, pki.caPem, users.admin.token)
    await within('kube-apiserver /readyz', () => readyz(api), left())
    log('kube-apiserver ready')

    start('kube-controller-manager', controllerManagerArgs(layout))
    start('kube-scheduler', schedulerArgs(layout))
    start('kwok', kwokArgs(layout))
    await createFakeNodes(api, nodes)
    await within(`${nodes} fake nodes Ready`, async () => (await readyFakeNodes(api)) >= nodes, left())
    log(`${nodes} fake nodes ready`)
    // Pods need their namespace's default ServiceAccount (admission rejects them until the
    // serviceaccount controller made it); waiting here keeps the first `kubectl create` from racing it.
    await within(
      'ServiceAccount default/default',
      async () => (await api.call('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
      left()
    )

    const restartApiserver = async (o: { readonly crash?: boolean } = {}): Promise<void> => {
      if (stopping) throw new Error('cluster is stopping')
      restarting = true
      try {
        await procs.get('kube-apiserver')?.stop(o.crash ? 0 : undefined)
        start('kube-apiserver', apiArgs)
        await within('kube-apiserver /readyz after restart', () => readyz(api), opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS)
      } finally {
        restarting = false
      }
    }
    const allUsers = [users.admin, ...users.extra]
    up = true
    return {
      url,
      port: ports.apiserver,
      caPem: pki.caPem,
      adminToken: users.admin.token,
      kubeconfigPath,
      users: allUsers,
      tempDir,
      logDir: layout.logDir,
      kubeconfig(o = {}) {
        const name = o.user ?? ADMIN_USER
        const user = allUsers.find((u) => u.name === name)
        if (!user) throw new Error(`no user "${name}" in this cluster`)
        const context = name === ADMIN_USER ? ADMIN_CONTEXT : `real-${name}`
        return renderKubeconfig({ server: url, caPem: pki.caPem, context, token: user.token, namespace: o.namespace })
      },
      etcdUrl: `http://127.0.0.1:${ports.etcdClient}`,
      compact: () => compactEtcd(`http://127.0.0.1:${ports.etcdClient}`),
      processes: () => [...procs.values()].filter((p) => p.isRunning()).map((p) => ({ name: p.name, pid: p.pid })),
      restartApiserver,
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}

class ComponentDied extends Error {
  constructor(p: Proc) {
    super(`${p.name} exited during start; last lines of its log:\n${logTail(p.logFile)}`)
  }
}

async function resolveBinary(log: (line: string) => void, signal?: AbortSignal): Promise<string> {
  const r = await ensureRealClusterBinary({ onLine: log, signal })
  if (r.status === 'skipped') throw new Error(`real-cluster: cannot build the control plane: ${r.reason.replace(/^skipped: /, '')}`)
  return r.binary
}

async function readyz(api: ApiClient): Promise<boolean> {
  return (await api.call('GET', '/readyz', undefined, 5000)).status === 200
}

/** GET a plain-http URL; true on 200. */
function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)))
    req.on('error', reject)
  })
}
