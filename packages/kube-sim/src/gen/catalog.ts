/**
 * Believable names and images for the demo cluster, and the factory of pod templates.
 *
 * Why: a demo and a benchmark both read better with `payments/ledger-api-7d9f8c6b5x-q2wz8` than
 * with `ns-3/pod-17`. Everything here is static data plus one seeded factory.
 */
import type { Rng } from './prng.ts'
import type { ContainerTemplate, PodTemplate } from './podSpec.ts'

/** App namespaces, used in order (then suffixed `-2`, `-3`, … for very large clusters). */
export const APP_NAMESPACES = [
  'payments',
  'checkout',
  'search',
  'ml-training',
  'catalog',
  'identity',
  'notifications',
  'analytics',
  'orders',
  'inventory',
  'shipping',
  'recommendations',
  'billing',
  'media',
  'observability',
  'data-platform',
  'fraud-detection',
  'pricing',
  'customer-support',
  'loyalty',
  'gateway',
  'messaging',
  'reporting',
  'experiments',
  'feature-store',
  'ledger',
  'auth',
  'storefront',
  'partner-api',
  'batch-jobs'
]

/** Service names combined with namespaces: `<ns-word>-<role>` or `<role>`. */
export const APP_ROLES = [
  'api',
  'worker',
  'frontend',
  'gateway',
  'scheduler',
  'indexer',
  'consumer',
  'processor',
  'web',
  'grpc',
  'cache-warmer',
  'sync',
  'webhook',
  'admin',
  'exporter',
  'router',
  'reconciler',
  'ingest',
  'notifier',
  'auth-proxy'
]

/** Stateful services (statefulsets): name and image. */
export const STATEFUL = [
  ['postgres', 'postgres:16.4-alpine', 5432],
  ['redis', 'redis:7.4.1-alpine', 6379],
  ['kafka', 'bitnami/kafka:3.8.0', 9092],
  ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch:8.15.3', 9200],
  ['zookeeper', 'bitnami/zookeeper:3.9.2', 2181],
  ['rabbitmq', 'rabbitmq:3.13.7-management', 5672],
  ['mongodb', 'mongo:7.0.14', 27017]
] as const

const REGISTRY = 'registry.example.com'
const SIDECARS = [
  ['istio-proxy', 'docker.io/istio/proxyv2:1.23.2', 15090, '/healthz/ready'],
  ['otel-agent', 'otel/opentelemetry-collector-contrib:0.111.0', 8888, '/'],
  ['envoy', 'envoyproxy/envoy:v1.31.2', 9901, '/ready'],
  ['fluent-bit', 'fluent/fluent-bit:3.1.9', 2020, '/api/v1/health']
] as const
const TEAMS = ['platform', 'core', 'growth', 'risk', 'data', 'web', 'mobile', 'infra', 'ml', 'sre']
const CPU = ['50m', '100m', '250m', '500m', '1', '2']
const MEM = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi']

/** Env vars of a main container: literal values, downward API, ConfigMap and Secret keys. */
function mainEnv(app: string, ns: string, rng: Rng): (readonly [string, string])[] {
  return [
    ['POD_NAME', 'fieldRef:metadata.name'],
    ['POD_NAMESPACE', 'fieldRef:metadata.namespace'],
    ['POD_IP', 'fieldRef:status.podIP'],
    ['NODE_NAME', 'fieldRef:spec.nodeName'],
    ['APP_NAME', app],
    ['APP_ENV', 'production'],
    ['LOG_LEVEL', rng.pick(['info', 'warn', 'debug'])],
    ['LOG_FORMAT', 'json'],
    ['HTTP_PORT', '8080'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://otel-collector.observability:4317'],
    ['OTEL_SERVICE_NAME', `${ns}.${app}`],
    ['DATABASE_URL', 'secret:database-url'],
    ['FEATURE_FLAGS_URL', 'cm:feature-flags-url'],
    ['GOMAXPROCS', String(rng.range(1, 4))]
  ]
}

function sidecarEnv(app: string): (readonly [string, string])[] {
  return [
    ['POD_NAME', 'fieldRef:metadata.name'],
    ['POD_NAMESPACE', 'fieldRef:metadata.namespace'],
    ['INSTANCE_IP', 'fieldRef:status.podIP'],
    ['HOST_IP', 'fieldRef:status.hostIP'],
    ['SERVICE_ACCOUNT', app],
    ['PROXY_CONFIG', '{}'],
    ['CLUSTER_ID', 'Kubernetes'],
    ['MESH_ID', 'cluster.local'],
    ['WORKLOAD_NAME', app],
    ['TRUST_DOMAIN', 'cluster.local'],
    ['STATS_PORT', '15090'],
    ['DRAIN_DURATION', '45s'],
    ['CONCURRENCY', '2'],
    ['TLS_MODE', 'secret:tls-mode']
  ]
}

export interface TemplateInput {
  readonly app: string
  readonly instance: string
  readonly namespace: string
  readonly image?: string
  readonly port?: number
  readonly component?: string
  readonly restartPolicy?: PodTemplate['restartPolicy']
  readonly priorityClass?: string
  readonly extraLabels: readonly (readonly [string, string])[]
}

/** A pod template for one workload; draws a handful of values from `rng`. */
export function makeTemplate(rng: Rng, i: TemplateInput): PodTemplate {
  const version = `${rng.range(1, 4)}.${rng.range(0, 30)}.${rng.range(0, 12)}`
  const s = rng.pick(SIDECARS)
  const cpu = rng.int(CPU.length - 1)
  const mem = rng.int(MEM.length - 1)
  const main: ContainerTemplate = {
    name: i.app.length <= 20 ? i.app : 'app',
    image: i.image ?? `${REGISTRY}/${i.namespace}/${i.app}:v${version}`,
    port: i.port ?? 8080,
    portName: 'http',
    env: mainEnv(i.app, i.namespace, rng),
    requests: [CPU[cpu], MEM[mem]],
    limits: [CPU[cpu + 1], MEM[mem + 1]],
    probePath: '/healthz',
    mountPath: '/etc/app'
  }
  const sidecar: ContainerTemplate = {
    name: s[0],
    image: s[1],
    port: s[2],
    portName: 'metrics',
    env: sidecarEnv(i.app),
    requests: ['50m', '64Mi'],
    limits: ['200m', '256Mi'],
    probePath: s[3],
    mountPath: `/etc/${s[0]}`
  }
  return {
    app: i.app,
    instance: i.instance,
    version,
    component: i.component ?? 'backend',
    team: rng.pick(TEAMS),
    main,
    sidecar,
    serviceAccount: i.app,
    configMap: `${i.app}-config`,
    secret: `${i.app}-secrets`,
    priorityClass: i.priorityClass,
    antiAffinity: rng.chance(0.3),
    restartPolicy: i.restartPolicy ?? 'Always',
    initContainers: rng.chance(0.2) ? rng.range(1, 2) : 0,
    extraLabels: i.extraLabels,
    checksum: rng.hex(64)
  }
}
