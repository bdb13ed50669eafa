/**
 * Production-shaped pods for the real apiserver (kwok nodes), created fast, and a churn driver
 * that writes to them at a given rate.
 *
 * Why: the bench compares the product on the real apiserver with the simulator at the same
 * sizes (spec §10: "on the real apiserver (kwok pods) at 10k and 50k"). Pods are created directly
 * with `spec.nodeName` on kwok's fake nodes (no scheduler in the way; kwok then marks them
 * Running, as a kubelet would), in a few namespaces, each ~7–8 KB of JSON once the apiserver has
 * added managedFields, status and the service-account volume — the shape of performance-notes §1.6
 * (2 containers, 14 env vars each, probes, projected volume). Churn is `PATCH` of one label on a
 * pod at a steady rate; each write's answer carries the new resourceVersion, and the time the
 * answer arrived stands for the emit time of the watch event (the write is committed by then).
 * Lifecycle: `createPods` (bounded concurrency over one keep-alive agent) → `startChurn(rate)` /
 * `stop()` as often as needed → `close()` drops the agent.
 */
import { Agent, request } from 'node:https'
import type { Emits } from './stats.ts'

export interface RealApi {
  readonly url: string
  readonly caPem: string
  readonly token: string
}

/** Writes in flight at once: enough to keep a loopback apiserver busy, few enough for its APF seats. */
const CREATE_CONCURRENCY = 24
/** A write that takes longer than this means the apiserver is overloaded beyond use. */
const WRITE_TIMEOUT_MS = 60_000
/** Pods per namespace: like a big tenant (the per-namespace threshold is 3,000). */
const PODS_PER_NAMESPACE = 2_500

const ENV = [
  ['APP_ENV', 'production'],
  ['LOG_LEVEL', 'info'],
  ['LOG_FORMAT', 'json'],
  ['HTTP_PORT', '8080'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://otel-collector.observability:4317'],
  ['GOMAXPROCS', '4'],
  ['FEATURE_FLAGS_URL', 'http://flags.platform.svc.cluster.local:8080/v1/flags'],
  ['CACHE_TTL_SECONDS', '300'],
  ['DB_POOL_SIZE', '20'],
  ['REQUEST_TIMEOUT', '30s']
] as const

function container(name: string, image: string, port: number, app: string): Record<string, unknown> {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'APP_NAME', value: app },
      ...ENV.map(([n, v]) => ({ name: n, value: v }))
    ],
    resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    livenessProbe: {
      httpGet: { path: '/healthz', port, scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3
    },
    readinessProbe: { httpGet: { path: '/ready', port, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' }
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File'
  }
}

/** The pod `i` (namespace `bench-<i / PODS_PER_NAMESPACE>`), bound to one of `nodes` kwok nodes. */
export function realPod(i: number, nodes: number): { namespace: string; body: Record<string, unknown> } {
  const app = `svc-${i % 97}`
  const namespace = benchNamespace(Math.floor(i / PODS_PER_NAMESPACE))
  return {
    namespace,
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${i.toString(36).padStart(5, '0')}`,
        namespace,
        labels: {
          'app.kubernetes.io/name': app,
          'app.kubernetes.io/instance': app,
          'app.kubernetes.io/version': '1.29.0',
          'app.kubernetes.io/component': 'backend',
          team: `team-${i % 7}`,
          'pod-template-hash': '7c9f8d6b5'
        },
        annotations: { 'checksum/config': '95786a8c653fae53493bca57c576b7709a255d6837b0a0aa9822eb18267b5c8a', 'kubectl.kubernetes.io/default-container': 'app' }
      },
      spec: {
        nodeName: `kwok-node-${i % nodes}`,
        containers: [
          container('app', `registry.example.com/team/${app}:v1.29.0`, 8080, app),
          container('istio-proxy', 'docker.io/istio/proxyv2:1.22.3', 15090, app)
        ],
        volumes: [
          { name: 'config', configMap: { name: `${app}-config`, defaultMode: 420 } },
          { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }
        ]
      }
    }
  }
}

export function benchNamespace(n: number): string {
  return `bench-${n}`
}

export interface RealClient {
  /** One request; resolves with status and body text. */
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: string }>
  close(): void
}

/** A keep-alive HTTPS client of the apiserver. */
export function realClient(api: RealApi): RealClient {
  const base = new URL(api.url)
  const agent = new Agent({ keepAlive: true, maxSockets: CREATE_CONCURRENCY * 2, ca: api.caPem })
  return {
    call(method, path, body, contentType = 'application/json') {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: base.hostname,
            port: base.port,
            method,
            path,
            agent,
            timeout: WRITE_TIMEOUT_MS,
            headers: {
              authorization: `Bearer ${api.token}`,
              accept: 'application/json',
              ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) })
            }
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
            res.on('error', reject)
          }
        )
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)))
        req.on('error', reject)
        req.end(payload)
      })
    },
    close: () => agent.destroy()
  }
}

/** Run `fn(i)` for i in [from, to) with `concurrency` at a time. */
async function pool(from: number, to: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = from
  const worker = async (): Promise<void> => {
    while (next < to) await fn(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker))
}

/**
 * Create pods [from, to) (and their namespaces, waiting for each namespace's default
 * ServiceAccount, which pod admission needs). 409 AlreadyExists counts as created.
 * @returns pods created per second.
 */
export async function createPods(c: RealClient, from: number, to: number, nodes: number, log: (l: string) => void): Promise<number> {
  const t0 = Date.now()
  const namespaces = new Set<string>()
  for (let i = from; i < to; i += PODS_PER_NAMESPACE) namespaces.add(realPod(i, nodes).namespace)
  namespaces.add(realPod(to - 1, nodes).namespace)
  for (const ns of namespaces) {
    const r = await c.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    if (r.status !== 201 && r.status !== 409) throw new Error(`create namespace ${ns}: ${r.status} ${r.body.slice(0, 200)}`)
  }
  for (const ns of namespaces) {
    const end = Date.now() + 60_000
    while ((await c.call('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status !== 200) {
      if (Date.now() > end) throw new Error(`namespace ${ns} got no default ServiceAccount within 60 s`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  let done = 0
  let lastLog = Date.now()
  await pool(from, to, CREATE_CONCURRENCY, async (i) => {
    const p = realPod(i, nodes)
    for (let attempt = 0; ; attempt++) {
      const r = await c.call('POST', `/api/v1/namespaces/${p.namespace}/pods`, p.body)
      if (r.status === 201 || r.status === 409) break
      // 429 (APF) and 5xx under load: back off and try again, a few times.
      if ((r.status === 429 || r.status >= 500) && attempt < 20) {
        await new Promise((res) => setTimeout(res, 200 * (attempt + 1)))
        continue
      }
      throw new Error(`create pod ${i}: ${r.status} ${r.body.slice(0, 300)}`)
    }
    done++
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now()
      log(`created ${done}/${to - from} pods (${Math.round(done / ((Date.now() - t0) / 1000))}/s)`)
    }
  })
  return Math.round((to - from) / ((Date.now() - t0) / 1000))
}

export interface Churn {
  /** Change the write rate (0 = stop). */
  setRate(perSecond: number): void
  /** Writes answered 200 and writes that failed so far. */
  readonly writes: number
  readonly failures: number
  stop(): Promise<void>
}

/** Epoch ms (comparable across processes). */
const now = (): number => performance.timeOrigin + performance.now()

/**
 * Churn on pods [0, pods): every write is a merge PATCH of one label of a pod (a MODIFIED event),
 * cycling through the pods; at most `rate` writes start per second, in 10 ms ticks, with a bound
 * on writes in flight (an overloaded apiserver slows the churn instead of queueing without end).
 */
export function startChurn(c: RealClient, pods: number, nodes: number): Churn {
  let rate = 0
  let next = 0
  let failures = 0
  let writes = 0
  let inFlight = 0
  let stopped = false
  let credit = 0
  let last = now()
  const tick = setInterval(() => {
    const t = now()
    credit = Math.min(rate, credit + ((t - last) / 1000) * rate)
    last = t
    while (credit >= 1 && inFlight < CREATE_CONCURRENCY * 4 && !stopped) {
      credit--
      const i = next++ % pods
      const p = realPod(i, nodes)
      const name = (p.body.metadata as { name: string }).name
      inFlight++
      void c
        .call('PATCH', `/api/v1/namespaces/${p.namespace}/pods/${name}`, { metadata: { labels: { churn: String(next) } } }, 'application/merge-patch+json')
        .then(
          (r) => {
            if (r.status === 200) writes++
            else failures++
          },
          () => {
            failures++
          }
        )
        .finally(() => {
          inFlight--
        })
    }
  }, 10)
  return {
    setRate(r) {
      rate = r
      credit = 0
      last = now()
    },
    get writes() {
      return writes
    },
    get failures() {
      return failures
    },
    async stop() {
      stopped = true
      clearInterval(tick)
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 20))
    }
  }
}

export interface Tap {
  /** Pod events seen in [from, to) (epoch ms of arrival at the tap). */
  emits(from: number, to: number): Emits
  /** Why the tap's watch ended (error or status), or undefined while it runs: an ended tap sees nothing. */
  readonly ended: string | undefined
  close(): void
}

/** Events the tap keeps (5,000 ev/s for minutes); older ones are dropped first. */
const TAP_KEEP = 2_000_000

/**
 * The reference for delta latency on the real apiserver: a raw watch of all pods in the bench
 * process (no parse: resourceVersion, namespace and name are cut out of each line's metadata,
 * which the apiserver writes first), stamping each event when it arrives. A product or kubectl
 * arrival minus the tap's arrival of the same resourceVersion is the latency the product adds
 * over a bare watch of the same apiserver on the same machine.
 */
export function startTap(api: RealApi, resourceVersion: string): Tap {
  const base = new URL(api.url)
  let rvs: number[] = []
  let times: number[] = []
  let keys: string[] = []
  let types: string[] = []
  let tail = ''
  let ended: string | undefined
  const field = (line: string, key: string, from: number): string => {
    const i = line.indexOf(`"${key}":"`, from)
    if (i < 0) return ''
    const s = i + key.length + 4
    return line.slice(s, line.indexOf('"', s))
  }
  let lastRv = resourceVersion
  let req: ReturnType<typeof request> | undefined
  let closed = false
  // The apiserver ends every watch after its request timeout; the tap resumes from the last
  // resourceVersion it saw (a 410 or an error ends it: then it reports why).
  const open = (): void => {
    req = request(
      {
        host: base.hostname,
        port: base.port,
        ca: api.caPem,
        agent: false,
        path: `/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(lastRv)}`,
        headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' }
      },
      (res) => {
        if (res.statusCode !== 200) ended = `watch answered ${res.statusCode}`
        res.on('end', () => {
          if (!ended && !closed) open()
        })
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const at = now()
          const lines = (tail + chunk).split('\n')
          tail = lines.pop() ?? ''
          for (const line of lines) {
            const type = field(line, 'type', 0)
            const meta = line.indexOf('"metadata":{')
            if (type === 'BOOKMARK') lastRv = field(line, 'resourceVersion', meta) || lastRv
            if (type === 'ERROR') ended ??= `watch error: ${line.slice(0, 200)}`
            if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') continue
            const rv = field(line, 'resourceVersion', meta)
            lastRv = rv
            rvs.push(Number(rv))
            keys.push(`${field(line, 'namespace', meta)}/${field(line, 'name', meta)}`)
            times.push(at)
            types.push(type)
          }
          if (rvs.length > TAP_KEEP) {
            const cut = rvs.length - TAP_KEEP / 2
            rvs = rvs.slice(cut)
            times = times.slice(cut)
            keys = keys.slice(cut)
            types = types.slice(cut)
          }
        })
      }
    )
    req.on('error', (e) => {
      if (!closed) ended ??= e.message
    })
    req.end()
  }
  open()
  return {
    emits(from, to) {
      const idx: number[] = []
      for (let i = 0; i < times.length; i++) if ((times[i] as number) >= from && (times[i] as number) < to) idx.push(i)
      return {
        rvs: idx.map((i) => rvs[i] as number),
        times: idx.map((i) => times[i] as number),
        keys: idx.map((i) => keys[i] as string),
        types: idx.map((i) => types[i] as string)
      }
    },
    get ended() {
      return ended
    },
    close: () => {
      closed = true
      ended ??= 'closed'
      req?.destroy()
    }
  }
}
