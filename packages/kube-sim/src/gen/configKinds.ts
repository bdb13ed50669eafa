/**
 * Demo objects of the config and API-extension kinds: a ResourceQuota and a LimitRange per app
 * namespace (the quota's status filled as the quota controller fills it: `hard` copied from the
 * spec, `used` counted from the namespace's generated pods and configmaps), TLS, registry and
 * Helm-release Secrets, and the admission webhooks of the add-ons a real cluster runs.
 *
 * Why: the app lists these kinds; an empty demo list shows nothing of their columns (REQUEST and
 * LIMIT, TYPE and DATA, WEBHOOKS). Lifecycle: pure builders, called once by `emitCluster`.
 * Secret values here are demo text; they must never reach the app's rows (rows/config.ts).
 */
import type { KubeObject } from '../types.ts'
import type { Plan } from './plan.ts'
import type { Rng } from './prng.ts'
import { DAY, iso, MINUTE } from './ids.ts'

type Op = { kind: 'resourcequotas' | 'limitranges' | 'secrets' | 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations'; object: KubeObject }

const b64 = (s: string): string => Buffer.from(s).toString('base64')

/** Canonical Quantity text of a CPU amount in millicores (`1500m`, `2`, `0`). */
const milli = (m: number): string => (m % 1000 === 0 ? String(m / 1000) : `${m}m`)
/** Canonical Quantity text of a memory amount in MiB (`640Mi`, `1Gi`, `0`). */
const mebi = (mi: number): string => (mi === 0 ? '0' : mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`)

/** A quota per app namespace: compute requests/limits and object counts, in canonical Quantity form. */
function quota(ns: string, createdMs: number, pods: number, configmaps: number, big: boolean): KubeObject {
  const hard: Record<string, string> = big
    ? { 'limits.cpu': '40', 'limits.memory': '80Gi', pods: '200', 'requests.cpu': '20', 'requests.memory': '40Gi', 'count/configmaps': '100' }
    : { 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '50', 'requests.cpu': '4', 'requests.memory': '8Gi' }
  // The generated pods request 100m / 128Mi and limit 500m / 512Mi per container pair (≈ what the quota controller sums).
  const used: Record<string, string> = {
    'limits.cpu': milli(pods * 500),
    'limits.memory': mebi(pods * 512),
    pods: String(pods),
    'requests.cpu': milli(pods * 100),
    'requests.memory': mebi(pods * 128)
  }
  if (hard['count/configmaps']) used['count/configmaps'] = String(configmaps)
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute-resources', namespace: ns, creationTimestamp: iso(createdMs) },
    spec: { hard },
    status: { hard, used }
  }
}

function limitRange(ns: string, createdMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'container-defaults', namespace: ns, creationTimestamp: iso(createdMs) },
    spec: {
      limits: [
        { type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } }
      ]
    }
  }
}

function secret(ns: string, name: string, type: string, data: Record<string, string>, createdMs: number, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns, creationTimestamp: iso(createdMs), ...(labels ? { labels } : {}) },
    type,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]))
  }
}

/** The add-on webhooks: [name, kind, webhook names, age in days]. */
const WEBHOOKS: readonly [string, 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations', readonly string[], number][] = [
  ['cert-manager-webhook', 'mutatingwebhookconfigurations', ['webhook.cert-manager.io'], 120],
  ['cert-manager-webhook', 'validatingwebhookconfigurations', ['webhook.cert-manager.io'], 120],
  [
    'istio-sidecar-injector',
    'mutatingwebhookconfigurations',
    [
      'rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io',
      'namespace.sidecar-injector.istio.io',
      'object.sidecar-injector.istio.io'
    ],
    90
  ],
  ['istio-validator-istio-system', 'validatingwebhookconfigurations', ['rev.validation.istio.io'], 90],
  ['kyverno-policy-validating-webhook-cfg', 'validatingwebhookconfigurations', ['validate-policy.kyverno.svc'], 45],
  ['kyverno-resource-mutating-webhook-cfg', 'mutatingwebhookconfigurations', ['mutate.kyverno.svc-fail', 'mutate.kyverno.svc-ignore'], 45]
]

function webhookConfig(name: string, kind: Op['kind'], hooks: readonly string[], createdMs: number): KubeObject {
  const mutating = kind === 'mutatingwebhookconfigurations'
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: mutating ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
    metadata: { name, creationTimestamp: iso(createdMs) },
    webhooks: hooks.map((h) => ({
      name: h,
      admissionReviewVersions: ['v1'],
      clientConfig: {
        service: { name: name.split('-')[0], namespace: name.startsWith('istio') ? 'istio-system' : name.split('-')[0], path: '/validate', port: 443 }
      },
      rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*/*'], scope: '*' }],
      failurePolicy: h.endsWith('-ignore') ? 'Ignore' : 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {},
      objectSelector: {},
      sideEffects: 'None',
      timeoutSeconds: 10,
      ...(mutating ? { reinvocationPolicy: 'Never' } : {})
    }))
  }
}

/** The config and webhook objects of the demo cluster. */
export function configObjects(rng: Rng, plan: Plan, now: number): Op[] {
  const out: Op[] = []
  const podsIn = new Map<string, number>()
  for (const p of plan.pods) if (p.state !== 'Completed') podsIn.set(p.namespace, (podsIn.get(p.namespace) ?? 0) + 1)
  const apps = plan.namespaces.filter((n) => !n.system)
  apps.forEach((ns, i) => {
    const created = ns.createdMs + MINUTE
    out.push({ kind: 'resourcequotas', object: quota(ns.name, created, podsIn.get(ns.name) ?? 0, 2 + rng.int(6), i % 3 === 0) })
    if (i % 2 === 0) out.push({ kind: 'limitranges', object: limitRange(ns.name, created) })
    out.push({
      kind: 'secrets',
      object: secret(
        ns.name,
        `${ns.name}-tls`,
        'kubernetes.io/tls',
        { 'tls.crt': '-----BEGIN CERTIFICATE-----\ndemo\n', 'tls.key': '-----BEGIN PRIVATE KEY-----\ndemo\n' },
        created
      )
    })
    if (i % 3 === 1)
      out.push({
        kind: 'secrets',
        object: secret(
          ns.name,
          'registry-credentials',
          'kubernetes.io/dockerconfigjson',
          { '.dockerconfigjson': '{"auths":{"registry.example":{"auth":"ZGVtbzpkZW1v"}}}' },
          created
        )
      })
    if (i % 4 === 2)
      out.push({
        kind: 'secrets',
        object: secret(
          ns.name,
          `sh.helm.release.v1.${ns.name}.v${1 + rng.int(9)}`,
          'helm.sh/release.v1',
          { release: 'H4sIAAAAAAAA/demo' },
          now - rng.range(1, 30) * DAY,
          {
            name: ns.name,
            owner: 'helm',
            status: 'deployed'
          }
        )
      })
  })
  for (const [name, kind, hooks, days] of WEBHOOKS) out.push({ kind, object: webhookConfig(name, kind, hooks, now - days * DAY) })
  return out
}
