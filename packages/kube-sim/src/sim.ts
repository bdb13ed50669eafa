/**
 * The programmatic API of the simulated kube-apiserver: the demo cluster and every test's fixture.
 *
 * Why: the app (demo mode), the tests and the benchmarks all start the same faithful apiserver
 * with one call and get its URL, CA, token, kubeconfig, store, fault hooks and request log.
 * Lifecycle: `startSim` generates the cluster into a fresh store, creates the TLS identity, binds
 * 127.0.0.1 (port 0 = a free one) and starts the churn; `stop()` stops churn and compaction, ends
 * every watch and closes the server, destroying any socket left, so no handle stays open.
 */
import { startCrdController } from './crd/controller.ts'
import { loadDemoCustomResources } from './crd/demo.ts'
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import { ChurnDriver } from './churn.ts'
import { startHandover } from './handover.ts'
import { SimFaults } from './faults.ts'
import { createChurn, generateCluster } from './gen/index.ts'
import { Authenticator } from './http/auth.ts'
import type { SimUser } from './http/auth.ts'
import { RequestLog } from './http/requestLog.ts'
import { Authorizer, PRIVILEGED_GROUP } from './rbac/authorizer.ts'
import { addDemoUsers, loadBootstrapPolicy } from './rbac/bootstrap.ts'
import { closeServer, createSimServer, listen } from './http/server.ts'
import { WatchHub } from './http/watchHub.ts'
import { LogBook } from './logs/book.ts'
import { LogFollows } from './logs/follow.ts'
import { SimLogs } from './logs/record.ts'
import { renderKubeconfig } from './kubeconfig.ts'
import type { KubeconfigUser } from './kubeconfig.ts'
import { Lifecycle } from './lifecycle/lifecycle.ts'
import { startControllers } from './controllers/manager.ts'
import type { ControllerOptions } from './controllers/manager.ts'
import { SimStore } from './store/store.ts'
import { StoreError } from './store/types.ts'
import { makeTls } from './tls.ts'
import type { SimTls } from './tls.ts'
import type { SimWriteOp } from './types.ts'

export type { SimUser } from './http/auth.ts'
export type { KubeconfigUser } from './kubeconfig.ts'
export type { RequestLog, RequestEntry } from './http/requestLog.ts'
export type { SimStore } from './store/store.ts'
export type { SimFaults } from './faults.ts'

export interface SimOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** Serve https with a per-launch certificate (default true); false = plain http, tests only. */
  tls?: boolean
  /**
   * Reuse this key and certificate instead of making new ones (a restarted apiserver keeps its
   * identity: tests restart the sim on the same port with the same CA and token).
   */
  tlsIdentity?: SimTls
  /** The admin token; default a random one per launch. */
  token?: string
  /** Pods to generate (default 200; other kinds scale with it). */
  pods?: number
  /** Churn in events/s (default 0). */
  churn?: number
  /** Seed of the generators and the churn (default 1). */
  seed?: number
  /** Events kept for watch resume (default 10,000); older versions get 410. */
  historySize?: number
  /** BOOKMARK period for watches with allowWatchBookmarks (default 60,000 ms, as the apiserver). */
  bookmarkIntervalMs?: number
  /** Extra users (tokens) besides the admin. */
  users?: SimUser[]
  /**
   * Add the demo cluster's restricted users (`dev-team-a`: reads `team-a` and `team-b` only;
   * `viewer`: the `view` ClusterRole cluster-wide) with their namespaces, pods and bindings
   * (default false: tests get the generated world unchanged).
   */
  demoUsers?: boolean
  /**
   * Log lines per second of each running container (default 1): access logs, JSON lines, stack
   * traces. A pod's annotation `sim.periscope.dev/log-rate` overrides it for that pod.
   */
  logRate?: number
  /** Simulated controllers (deployment … kubelet) options, e.g. a fast `stepMs` for tests; false = none. */
  controllers?: ControllerOptions | false
  /**
   * The apiserver's feature gates (`--feature-gates`). `WatchList`: whether a watch may ask for
   * `sendInitialEvents` (a streaming list). Default false, as the 1.33 the simulator reports: a
   * request for it gets the real 1.33's 422. The real-cluster backends turn it on, to match 1.34.
   */
  featureGates?: { WatchList?: boolean }
}

export interface Sim {
  /** `https://127.0.0.1:<port>` (http for tls: false). */
  url: string
  port: number
  /** The admin user's bearer token. */
  token: string
  /** The CA (= the server certificate) in PEM; '' for plain http. */
  caPem: string
  /**
   * A kubeconfig for this sim (default: admin token, context `periscope-sim`, namespace
   * `default`); `users` adds one context per user (the first context stays current).
   */
  kubeconfig(opts?: { context?: string; token?: string; namespace?: string; users?: readonly KubeconfigUser[] }): string
  /** The demo users (with `demoUsers`): name, token and the context they get in `demoKubeconfig`. */
  demoUsers: readonly KubeconfigUser[]
  /** The admin's kubeconfig plus one context per demo user (admin current). */
  demoKubeconfig(): string
  store: SimStore
  faults: SimFaults
  /** Change the churn rate live (events/s; 0 pauses). */
  setChurn(eventsPerSecond: number): void
  requests: RequestLog
  /** Pod logs: the simulator's own record of what each container wrote, and the open follows. */
  logs: SimLogs
  /** Number of watch responses currently open. */
  openWatches(): number
  stop(): Promise<void>
}

/** Name of the admin user in 403 messages and `kubectl auth whoami`-like output. */
const ADMIN_NAME = 'periscope-sim-admin'
/** Etcd compacts about every 5 minutes; continue tokens older than one period then expire (410). */
const COMPACTION_MS = 5 * 60_000

/**
 * Apply the generated ops, releasing each one as it is stored: the generated objects are the
 * largest transient heap (≈ 2.6 GB at 150k pods), and every major GC during the load marks
 * whatever is still alive, so freeing as we go keeps the load linear (measured at 150k pods:
 * start 86 s holding the array, 49 s releasing it). The churn must have been
 * created from the array before this runs. A refused op is a generator bug, reported precisely.
 */
function load(store: SimStore, ops: (SimWriteOp | undefined)[]): void {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as SimWriteOp
    ops[i] = undefined
    try {
      if (op.op === 'create') store.create(op.kind, op.object)
      else if (op.op === 'update') store.update(op.kind, op.object)
      else store.delete(op.kind, op.object.metadata?.namespace, op.object.metadata?.name ?? '')
    } catch (err) {
      if (!(err instanceof StoreError)) throw err
      const m = op.object.metadata
      throw new Error(
        `sim: generated ${op.op} of ${op.kind} ${m?.namespace ? m.namespace + '/' : ''}${m?.name ?? m?.generateName ?? '?'} was refused: ${err.message}`,
        { cause: err }
      )
    }
  }
}

/** Start a simulated apiserver. */
export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const seed = opts.seed ?? 1
  const store = new SimStore(opts.historySize ?? 10_000)
  const generated: (SimWriteOp | undefined)[] = generateCluster({ seed, pods: opts.pods ?? 200 })
  const source = createChurn({ seed, generated: generated as SimWriteOp[] })
  const churn = new ChurnDriver(store, source, 0)
  load(store, generated)
  generated.length = 0
  loadBootstrapPolicy(store)
  const demo = opts.demoUsers ? addDemoUsers(store, Date.now()) : []
  const demoUsers: KubeconfigUser[] = demo.map((u) => ({
    context: `periscope-sim-${u.name}`,
    token: u.token,
    name: u.name,
    namespace: u.name === 'dev-team-a' ? 'team-a' : 'default'
  }))
  // CRDs are served (crd/controller.ts), and the demo's custom resources are in place from the start.
  const hub = new WatchHub()
  // A changed or deleted CRD ends the open watches of its resource.
  const crds = startCrdController(store, (id) => void hub.endKind(id))
  loadDemoCustomResources(store, seed)
  const authz = new Authorizer(store)
  const tls = opts.tls === false ? undefined : (opts.tlsIdentity ?? (await makeTls()))
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const auth = new Authenticator([{ token, name: ADMIN_NAME, groups: [PRIVILEGED_GROUP] }, ...demo, ...(opts.users ?? [])])
  const faults = new SimFaults(hub, store)
  const requests = new RequestLog()
  const lifecycle = new Lifecycle(store)
  const book = new LogBook(seed, opts.logRate ?? 1)
  const follows = new LogFollows()
  const controllers =
    opts.controllers === false
      ? undefined
      : startControllers(store, {
          existingAreGenerated: true,
          delete: (k, ns, n, o) => {
            lifecycle.delete(k, ns, n, o)
          },
          logBook: book,
          ...opts.controllers
        })
  const handover = startHandover({ store, churn: source, driver: churn, controllers })
  const server: Server = createSimServer({
    store,
    hub,
    faults,
    requests,
    auth,
    authz,
    lifecycle,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    watchList: opts.featureGates?.WatchList ?? false,
    tls,
    logs: { store, book, follows }
  })
  const port = await listen(server, opts.port ?? 0)
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  let compactFrom = store.currentRv()
  const compaction = setInterval(() => {
    store.compact(compactFrom)
    compactFrom = store.currentRv()
  }, COMPACTION_MS)
  compaction.unref()
  // While the demo is animated, the generated CronJobs run on their schedule: the cronjob and job
  // controllers and the kubelet take them (with their Jobs and pods). A still world (churn 0) stays as generated.
  let cronAnimated = false
  const setRate = (r: number): void => {
    churn.setRate(r)
    if (r > 0 && !cronAnimated && controllers) {
      cronAnimated = true
      for (const rec of store.list('cronjobs').items) controllers.adopt('cronjobs', rec.ns, rec.name)
    }
  }
  setRate(opts.churn ?? 0)
  let stopped: Promise<void> | undefined
  return {
    url,
    port,
    token,
    caPem: tls?.cert ?? '',
    store,
    faults,
    requests,
    logs: new SimLogs(book, follows),
    kubeconfig: (k = {}) =>
      renderKubeconfig({ server: url, token: k.token ?? token, caPem: tls?.cert, context: k.context, namespace: k.namespace, users: k.users }),
    demoUsers,
    demoKubeconfig: () => renderKubeconfig({ server: url, token, caPem: tls?.cert, users: demoUsers }),
    setChurn: setRate,
    openWatches: () => hub.size(),
    stop: () => {
      stopped ??= (async () => {
        churn.stop()
        handover.stop()
        controllers?.stop()
        crds.stop()
        lifecycle.stop()
        authz.stop()
        clearInterval(compaction)
        follows.endAll()
        await closeServer(server, hub)
      })()
      return stopped
    }
  }
}
