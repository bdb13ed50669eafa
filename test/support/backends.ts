/**
 * One factory for the two apiservers the tests run against: the simulator (`@periscope/kube-sim`)
 * and a real Kubernetes control plane (`realcluster/`), behind the same small interface: URL, CA,
 * admin token, kubeconfig YAML, users without rights, restart, and "expire old versions now".
 *
 * Why: a conformance test written once runs on both (`describe.each(BACKENDS)`), and the
 * differential suite sends both the same requests. Backend-specific knobs stay here: how each one
 * expires continue tokens and old resourceVersions, and how it restarts.
 * Lifecycle: `startBackend(kind)` starts one (the real one takes ~5-15 s; its binary is built
 * once into the cache, see realcluster/README.md); `stop()` ends everything it started. The real
 * backend is only available when `realBinary` is set (Go present, build done); suites skip it
 * otherwise, saying why once (test/realcluster/helpers.ts does the gate and the CI failure).
 */
import { stringify } from 'yaml'
import { ensureRealClusterBinary } from '../../realcluster/build.ts'
import { startRealCluster } from '../../realcluster/launch.ts'
import type { RealCluster } from '../../realcluster/launch.ts'
import { KIND_IDS } from '../../src/shared/kinds/registry.ts'
import { makeTls, startSim } from '@periscope/kube-sim'
import type { Sim, SimOptions } from '@periscope/kube-sim'
import type { ApiTarget } from './kubeApi.ts'

export type BackendKind = 'sim' | 'real'

/** A user the backend knows besides the admin. It has no rights beyond discovery on either backend. */
export interface BackendUser {
  readonly name: string
  readonly token: string
}

export interface Backend extends ApiTarget {
  readonly kind: BackendKind
  /** The kubeconfig context (= the app's cluster id): `sim` or `real`. */
  readonly context: string
  readonly users: readonly BackendUser[]
  /**
   * A single-context kubeconfig (context `this.context`) for the admin, or for `user`; `server`
   * and `caPem` override the URL and CA (e.g. a proxy in front of the apiserver, test/support/apiProxy.ts).
   */
  kubeconfig(opts?: { readonly user?: string; readonly namespace?: string; readonly server?: string; readonly caPem?: string }): string
  /**
   * Make every resourceVersion and continue token issued so far too old (410 Expired) — the sim
   * drops its history; the real cluster compacts etcd (the apiserver learns of it within ~1 s, its
   * watch cache within 15 s, so callers poll for the 410).
   */
  expireVersions(): Promise<void>
  /**
   * Restart the apiserver on the same URL, CA and tokens. Real: the same etcd (data survives; the
   * new watch cache starts at etcd's current revision, so older resourceVersions are outside its
   * window). Sim: a new process-equivalent on a fresh generated store (the sim has no etcd).
   */
  restartApiserver(opts?: { readonly crash?: boolean }): Promise<void>
  stop(): Promise<void>
  /** The running simulator (sim backend only). */
  readonly sim?: Sim
  /** The running real cluster (real backend only). */
  readonly real?: RealCluster
}

export interface BackendOptions {
  /** Fake nodes of the real cluster (default 2). */
  readonly nodes?: number
  /** Users without rights (both backends answer them 403 on every resource). */
  readonly users?: readonly string[]
  /**
   * Users whom RBAC alone decides on both backends (in group system:authenticated, no bindings
   * until the test creates them): the simulator's RBAC against the real apiserver's.
   */
  readonly rbacUsers?: readonly string[]
  /** Options of the sim (default: no generated pods, no churn). */
  readonly sim?: SimOptions
  /** Extra kube-apiserver flags for the real cluster. */
  readonly apiserverArgs?: readonly string[]
}

const build = await ensureRealClusterBinary()
/** The real control plane's binary, when it can run here. */
export const realBinary: string | undefined = build.status === 'ready' ? build.binary : undefined
/** Why the real backend cannot run here (Go missing, build failed), when it cannot. */
export const realSkipReason: string | undefined = build.status === 'skipped' ? build.reason : undefined
/** The backends available on this machine, the simulator first. */
export const BACKENDS: readonly BackendKind[] = realBinary ? ['sim', 'real'] : ['sim']

function renderKubeconfig(server: string, caPem: string, context: string, token: string, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: context, user: { token } }],
    contexts: [{ name: context, context: { cluster: context, user: context, namespace } }],
    'current-context': context
  })
}

/** Start a backend of `kind`. */
export async function startBackend(kind: BackendKind, opts: BackendOptions = {}): Promise<Backend> {
  return kind === 'sim' ? startSimBackend(opts) : startRealBackend(opts)
}

async function startSimBackend(opts: BackendOptions): Promise<Backend> {
  const tls = await makeTls()
  const token = 'sim-admin-token-0123456789abcdef'
  const denied = (opts.users ?? []).map((name) => ({ name, token: `sim-token-${name}` }))
  const rbac = (opts.rbacUsers ?? []).map((name) => ({ name, token: `sim-token-${name}` }))
  const users = [...denied, ...rbac]
  const simOpts: SimOptions = {
    pods: 0,
    churn: 0,
    // The real backend is a 1.34 apiserver, where WatchList is on by default.
    featureGates: { WatchList: true },
    ...opts.sim,
    token,
    tlsIdentity: tls,
    users: [...(opts.sim?.users ?? []), ...denied.map((u) => ({ ...u, deny: [...KIND_IDS] })), ...rbac]
  }
  let sim = await startSim(simOpts)
  const port = sim.port
  let stopped = false
  const b: Backend = {
    kind: 'sim',
    context: 'sim',
    url: sim.url,
    caPem: sim.caPem,
    token,
    users,
    get sim() {
      return sim
    },
    kubeconfig: (o = {}) => renderKubeconfig(o.server ?? sim.url, o.caPem ?? sim.caPem, 'sim', o.user ? userToken(users, o.user) : token, o.namespace),
    expireVersions: () => {
      sim.faults.expireHistory()
      return Promise.resolve()
    },
    async restartApiserver() {
      await sim.stop()
      sim = await startSim({ ...simOpts, port })
    },
    async stop() {
      if (stopped) return
      stopped = true
      await sim.stop()
    }
  }
  return b
}

async function startRealBackend(opts: BackendOptions): Promise<Backend> {
  if (!realBinary) throw new Error(`the real backend cannot run here: ${realSkipReason ?? 'no binary'}`)
  const real = await startRealCluster({
    binary: realBinary,
    nodes: opts.nodes ?? 2,
    users: [...(opts.users ?? []), ...(opts.rbacUsers ?? [])].map((name) => ({ name })),
    apiserverArgs: opts.apiserverArgs
  })
  const users = real.users.filter((u) => u.name !== 'periscope-admin').map((u) => ({ name: u.name, token: u.token }))
  return {
    kind: 'real',
    context: 'real',
    url: real.url,
    caPem: real.caPem,
    token: real.adminToken,
    users,
    real,
    kubeconfig: (o = {}) =>
      renderKubeconfig(o.server ?? real.url, o.caPem ?? real.caPem, 'real', o.user ? userToken(users, o.user) : real.adminToken, o.namespace),
    async expireVersions() {
      await real.compact()
    },
    restartApiserver: (o) => real.restartApiserver(o),
    stop: () => real.stop()
  }
}

function userToken(users: readonly BackendUser[], name: string): string {
  const u = users.find((x) => x.name === name)
  if (!u) throw new Error(`no user ${name}`)
  return u.token
}
