/**
 * Demo Karpenter NodePools (cluster-scoped) and Istio VirtualServices (see `customResources.ts`).
 *
 * NodePool conditions follow Karpenter v1.14's controllers and operatorpkg's condition sets: a
 * condition set true has its type as reason; a false NodeClassReady copies the NodeClass's Ready
 * reason and message; the root Ready is `UnhealthyDependents` with `<Type>=False` when a
 * dependent is false. `status.nodes` is an integer and `status.resources` holds Quantities as the
 * provisioner sums node capacities (memory in Ki).
 * Lifecycle: pure builders.
 */
import { DAY, MINUTE } from './ids.ts'
import { namer } from './customResourcesSupport.ts'
import type { CrContext } from './customResourcesSupport.ts'

type Obj = Record<string, unknown>

interface PoolSpec {
  readonly name: string
  readonly nodeClass: string
  readonly arch: string
  readonly capacity: readonly string[]
  readonly family: readonly string[]
  readonly weight?: number
  /** vCPU and memory (Ki) of one typical node. */
  readonly cpu: number
  readonly memKi: number
  readonly ready: boolean
  readonly taint?: string
}

const POOLS: readonly PoolSpec[] = [
  { name: 'default', nodeClass: 'default', arch: 'amd64', capacity: ['on-demand'], family: ['m6i', 'm7i', 'c7i'], cpu: 8, memKi: 32_386_524, ready: true },
  {
    name: 'spot',
    nodeClass: 'default',
    arch: 'amd64',
    capacity: ['spot'],
    family: ['m6i', 'm6a', 'c6i', 'r6i'],
    weight: 50,
    cpu: 16,
    memKi: 64_763_196,
    ready: true
  },
  {
    name: 'arm64-batch',
    nodeClass: 'bottlerocket',
    arch: 'arm64',
    capacity: ['spot', 'on-demand'],
    family: ['m7g', 'c7g'],
    weight: 10,
    cpu: 4,
    memKi: 15_896_056,
    ready: true
  },
  {
    name: 'gpu',
    nodeClass: 'gpu',
    arch: 'amd64',
    capacity: ['on-demand'],
    family: ['g5', 'g6'],
    cpu: 8,
    memKi: 32_386_524,
    ready: false,
    taint: 'nvidia.com/gpu'
  }
]

/** Karpenter NodePools: on-demand, spot, arm64 batch and a GPU pool whose NodeClass is not ready. */
export function nodePools(c: CrContext): Obj[] {
  const { rng, nowMs } = c
  const name = namer(rng)
  const out: Obj[] = []
  const t = (ms: number): string => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z')
  for (let i = 0; i < c.count(POOLS.length); i++) {
    const p = POOLS[i % POOLS.length]
    const n = name('', i < POOLS.length ? p.name : `${p.name}-${Math.floor(i / POOLS.length) + 1}`)
    const createdAgo = rng.range(5, 55) * DAY + rng.int(DAY)
    const generation = rng.range(1, 6)
    const nodes = p.ready ? rng.range(1, p.name === 'default' ? 12 : 6) : 0
    const since = nowMs - createdAgo + 20_000
    const cond = (type: string, ok: boolean, reason = type, message = ''): Obj => ({
      type,
      status: ok ? 'True' : 'False',
      observedGeneration: generation,
      lastTransitionTime: t(ok ? since : nowMs - rng.range(10, 300) * MINUTE),
      reason,
      message
    })
    const conditions = [
      cond('ValidationSucceeded', true),
      p.ready ? cond('NodeClassReady', true) : cond('NodeClassReady', false, 'UnhealthyDependents', 'SubnetsReady=False'),
      cond('NodeRegistrationHealthy', true),
      p.ready ? cond('Ready', true) : cond('Ready', false, 'UnhealthyDependents', 'NodeClassReady=False')
    ]
    const memKi = nodes * p.memKi
    out.push({
      metadata: c.meta('NodePool', n, undefined, createdAgo, {
        generation,
        annotations: { 'karpenter.sh/nodepool-hash': String(rng.range(1e15, 9e15)), 'karpenter.sh/nodepool-hash-version': 'v3' }
      }),
      spec: {
        template: {
          metadata: { labels: { 'karpenter.sh/pool': p.name } },
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: p.nodeClass },
            requirements: [
              { key: 'kubernetes.io/arch', operator: 'In', values: [p.arch] },
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...p.capacity] },
              { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: [...p.family] }
            ],
            ...(p.taint ? { taints: [{ key: p.taint, value: 'true', effect: 'NoSchedule' }] } : {}),
            expireAfter: '720h'
          }
        },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
        limits: { cpu: '1000', memory: '1000Gi' },
        ...(p.weight !== undefined ? { weight: p.weight } : {})
      },
      status: {
        conditions,
        nodes,
        resources: {
          cpu: String(nodes * p.cpu),
          'ephemeral-storage': nodes === 0 ? '0' : `${nodes * 20_959_212}Ki`,
          memory: memKi === 0 ? '0' : `${memKi}Ki`,
          nodes: String(nodes),
          pods: String(nodes * (p.cpu >= 8 ? 58 : 29))
        }
      }
    })
  }
  return out
}

const ROUTES = ['storefront', 'api', 'checkout', 'reviews', 'ratings', 'search', 'auth']

/** Istio VirtualServices: public ones bound to the ingress gateway, mesh-internal canaries without gateways. */
export function virtualServices(c: CrContext): Obj[] {
  const { rng } = c
  const name = namer(rng)
  const out: Obj[] = []
  for (let i = 0; i < c.count(8); i++) {
    const ns = c.namespaces[(i * 3) % c.namespaces.length]
    const svc = rng.pick(ROUTES)
    const n = name(ns, svc)
    const kind = i % 4
    const fqdn = `${svc}.${ns}.svc.cluster.local`
    // 0: public via the ingress gateway; 1: public and mesh; 2: mesh-only canary; 3: two public hosts.
    const hosts = kind === 0 || kind === 1 ? [`${svc}.example.com`] : kind === 2 ? [fqdn] : [`${svc}.example.com`, `${svc}.acme.io`]
    const gateways = kind === 2 ? undefined : kind === 1 ? ['istio-system/public-gateway', 'mesh'] : ['istio-system/public-gateway']
    const canary = rng.pick([5, 10, 20, 50])
    const http =
      kind === 2
        ? [
            { name: 'canary', match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host: fqdn, subset: 'v2' } }] },
            {
              name: 'primary',
              route: [
                { destination: { host: fqdn, subset: 'v1' }, weight: 100 - canary },
                { destination: { host: fqdn, subset: 'v2' }, weight: canary }
              ]
            }
          ]
        : [
            {
              match: [{ uri: { prefix: '/' } }],
              route: [{ destination: { host: fqdn, port: { number: rng.pick([80, 8080, 9080]) } } }],
              timeout: `${rng.pick([5, 10, 30])}s`,
              retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' }
            }
          ]
    out.push({
      metadata: c.meta('VirtualService', n, ns, rng.range(1, 85) * DAY + rng.int(DAY), { generation: rng.range(1, 12), labels: { app: svc } }),
      spec: { hosts, ...(gateways ? { gateways } : {}), http },
      status: {}
    })
  }
  return out
}
