/**
 * Demo cert-manager Certificates and Argo CD Applications in the states their controllers leave
 * them (see `customResources.ts`).
 *
 * Texts are cert-manager's readiness/trigger controller messages (`Certificate is up to date and
 * has not expired`, `Issuing certificate as Secret does not exist`, `Renewing certificate as
 * renewal was scheduled at <Go time>`, `Certificate expired on <RFC 1123>`) and Argo CD's sync,
 * health and operation states. Each kind cycles through a fixed list of states, so every seed
 * shows all of them; the seed varies names, namespaces, times and revisions.
 * Lifecycle: pure builders.
 */
import { DAY, HOUR, MINUTE } from './ids.ts'
import { goTimeString, namer, rfc1123 } from './customResourcesSupport.ts'
import type { CrContext } from './customResourcesSupport.ts'

type Obj = Record<string, unknown>

const SERVICES = ['api', 'web', 'grpc', 'admin', 'webhook', 'auth', 'ingress', 'metrics']
const ISSUERS = [
  { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  { name: 'letsencrypt-staging', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' }
]
type CertState = 'ready' | 'renewing' | 'issuing' | 'failed' | 'expired'
const CERT_STATES: readonly CertState[] = ['ready', 'ready', 'issuing', 'ready', 'renewing', 'ready', 'failed', 'ready', 'expired', 'ready']
/** cert-manager's default: a 90-day certificate renewed 30 days before it expires (`renewBefore: 720h`). */
const CERT_DURATION = 90 * DAY
const RENEW_BEFORE = 30 * DAY
const READY_MESSAGE = 'Certificate is up to date and has not expired'
const NO_SECRET = 'Issuing certificate as Secret does not exist'

const condition = (type: string, status: boolean, reason: string, message: string, atMs: number, generation: number): Obj => ({
  type,
  status: status ? 'True' : 'False',
  lastTransitionTime: new Date(atMs - (atMs % 1000)).toISOString().replace('.000Z', 'Z'),
  reason,
  message,
  observedGeneration: generation
})

/** cert-manager Certificates: mostly Ready, one issuing, renewing, failing and expired per ten. */
export function certificates(c: CrContext): Obj[] {
  const { rng, nowMs } = c
  const name = namer(rng)
  const out: Obj[] = []
  for (let i = 0; i < c.count(10); i++) {
    const ns = c.namespaces[i % c.namespaces.length]
    const svc = rng.pick(SERVICES)
    const n = name(ns, `${svc}-tls`)
    const host = `${svc}.${ns}.example.com`
    const issuer = rng.pick(ISSUERS)
    const state = CERT_STATES[i % CERT_STATES.length]
    const generation = rng.chance(0.3) ? 2 : 1
    const createdAgo = {
      issuing: rng.range(2, 20) * MINUTE,
      failed: rng.range(1, 5) * DAY + rng.int(DAY),
      renewing: rng.range(61, 110) * DAY + rng.int(DAY),
      expired: rng.range(100, 115) * DAY + rng.int(DAY),
      ready: rng.range(20, 110) * DAY + rng.int(DAY)
    }[state]
    const conditions: Obj[] = []
    const status: Obj = { conditions }
    const failedAt = nowMs - rng.range(5, 55) * MINUTE
    const failure = `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${n}-1-${rng.range(1e9, 4e9)}" to become ready: order is in "errored" state: Failed to finalize Order: 429 urn:ietf:params:acme:error:rateLimited: too many certificates (5) already issued for this exact set of domains in the last 168h0m0s`
    if (state === 'issuing') {
      conditions.push(condition('Ready', false, 'DoesNotExist', NO_SECRET, nowMs - createdAgo + 2000, generation))
      conditions.push(condition('Issuing', true, 'DoesNotExist', NO_SECRET, nowMs - createdAgo + 2000, generation))
      status.nextPrivateKeySecretName = `${n}-${rng.suffix(5)}`
    } else if (state === 'failed') {
      conditions.push(condition('Ready', false, 'DoesNotExist', NO_SECRET, failedAt - HOUR, generation))
      conditions.push(condition('Issuing', false, 'Failed', failure, failedAt, generation))
      Object.assign(status, { failedIssuanceAttempts: 3, lastFailureTime: new Date(failedAt - (failedAt % 1000)).toISOString().replace('.000Z', 'Z') })
    } else {
      // ready: issued within the last 59 days (and after it was created), so the renewal (60 days after issue) is ahead.
      const notBefore =
        state === 'renewing'
          ? nowMs - (CERT_DURATION - RENEW_BEFORE) - rng.range(1, 9) * MINUTE
          : state === 'expired'
            ? nowMs - CERT_DURATION - rng.range(2, 9) * DAY
            : nowMs - Math.min(rng.range(1, 59) * DAY + rng.int(DAY), createdAgo - MINUTE)
      const notAfter = notBefore + CERT_DURATION
      const renewal = notAfter - RENEW_BEFORE
      const t = (ms: number): string => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z')
      if (state === 'expired') {
        conditions.push(condition('Ready', false, 'Expired', `Certificate expired on ${rfc1123(notAfter - (notAfter % 1000))}`, notAfter, generation))
        conditions.push(condition('Issuing', false, 'Failed', failure, failedAt, generation))
        Object.assign(status, { failedIssuanceAttempts: 5, lastFailureTime: t(failedAt) })
      } else {
        conditions.push(condition('Ready', true, 'Ready', READY_MESSAGE, notBefore + 30_000, generation))
        if (state === 'renewing') {
          conditions.push(
            condition('Issuing', true, 'Renewing', `Renewing certificate as renewal was scheduled at ${goTimeString(renewal)}`, renewal, generation)
          )
          status.nextPrivateKeySecretName = `${n}-${rng.suffix(5)}`
        }
      }
      Object.assign(status, { notAfter: t(notAfter), notBefore: t(notBefore), renewalTime: t(renewal), revision: rng.range(1, 6) })
    }
    out.push({
      metadata: c.meta('Certificate', n, ns, createdAgo, { generation, labels: { 'app.kubernetes.io/name': svc, 'app.kubernetes.io/part-of': ns } }),
      spec: {
        secretName: n,
        issuerRef: issuer,
        dnsNames: rng.chance(0.5) ? [host, `www.${host}`] : [host],
        duration: '2160h0m0s',
        renewBefore: '720h0m0s',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' }
      },
      status
    })
  }
  return out
}

const COMPONENTS = ['frontend', 'backend', 'worker', 'redis', 'postgres', 'ingress', 'cronjobs', 'monitoring']
const PROJECTS = ['default', 'platform', 'apps']
type AppState = readonly [sync: 'Synced' | 'OutOfSync' | 'Unknown', health: 'Healthy' | 'Progressing' | 'Degraded' | 'Missing'] | null
const APP_STATES: readonly AppState[] = [
  ['Synced', 'Healthy'],
  ['OutOfSync', 'Healthy'],
  ['Synced', 'Progressing'],
  ['Synced', 'Healthy'],
  ['OutOfSync', 'Missing'],
  ['Synced', 'Degraded'],
  ['Unknown', 'Healthy'],
  ['Synced', 'Healthy'],
  ['OutOfSync', 'Degraded'],
  null
]
const GIT_REPO = 'https://github.com/acme/platform-gitops.git'

/** Argo CD Applications (in `argocd` when listed, else next to what they deploy), every sync × health pair, one not reconciled yet. */
export function applications(c: CrContext): Obj[] {
  const { rng, nowMs } = c
  const name = namer(rng)
  const out: Obj[] = []
  const home = c.namespaces.includes('argocd') ? 'argocd' : undefined
  const targets = c.namespaces.filter((n) => n !== 'argocd')
  for (let i = 0; i < c.count(10); i++) {
    const dest = targets.length > 0 ? targets[i % targets.length] : c.namespaces[0]
    const comp = rng.pick(COMPONENTS)
    const n = name(home ?? dest, `${dest}-${comp}`)
    const helm = comp === 'redis' || comp === 'postgres'
    const source = helm
      ? { repoURL: 'https://charts.bitnami.com/bitnami', chart: comp, targetRevision: comp === 'redis' ? '19.6.4' : '15.5.20', helm: { releaseName: comp } }
      : { repoURL: GIT_REPO, path: `apps/${dest}/${comp}`, targetRevision: 'main' }
    const destination = { server: 'https://kubernetes.default.svc', namespace: dest }
    const state = APP_STATES[i % APP_STATES.length]
    const createdAgo = state === null ? rng.range(5, 50) * 1000 : rng.range(3, 90) * DAY + rng.int(DAY)
    const revision = helm ? source.targetRevision : rng.hex(40)
    const spec = {
      project: rng.pick(PROJECTS),
      source,
      destination,
      syncPolicy: state?.[0] === 'OutOfSync' ? { syncOptions: ['CreateNamespace=true'] } : { automated: { prune: true, selfHeal: true } }
    }
    const t = (ms: number): string => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z')
    const obj: Obj = {
      metadata: c.meta('Application', n, home ?? dest, createdAgo, { generation: rng.range(2, 400), finalizers: ['resources-finalizer.argocd.argoproj.io'] }),
      spec
    }
    if (state !== null) {
      const [sync, health] = state
      const synced = nowMs - rng.range(2, 600) * MINUTE
      const healthMsg: Record<string, string> = {
        Progressing: `Waiting for rollout to finish: 1 out of 3 new replicas have been updated...`,
        Degraded: `Deployment "${comp}" exceeded its progress deadline`
      }
      obj.status = {
        sync: {
          status: sync,
          ...(sync === 'Unknown' ? {} : { revision }),
          comparedTo: { source, destination }
        },
        health: { status: health, ...(healthMsg[health] ? { message: healthMsg[health] } : {}) },
        ...(sync === 'Unknown'
          ? {
              conditions: [
                {
                  type: 'ComparisonError',
                  message: `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = failed to list refs: authentication required: Repository not found.`,
                  lastTransitionTime: t(nowMs - rng.range(3, 90) * MINUTE)
                }
              ]
            }
          : {}),
        reconciledAt: t(nowMs - rng.range(5, 175) * 1000),
        sourceType: helm ? 'Helm' : 'Kustomize',
        operationState: {
          operation: { sync: { revision }, initiatedBy: 'automated' in spec.syncPolicy ? { automated: true } : { username: 'admin' } },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: { revision, source },
          startedAt: t(synced),
          finishedAt: t(synced + rng.range(2, 40) * 1000)
        },
        summary: {
          images: [
            helm
              ? `docker.io/bitnami/${comp}:${comp === 'redis' ? '7.2.5' : '16.3.0'}`
              : `ghcr.io/acme/${dest}-${comp}:1.${rng.range(0, 40)}.${rng.range(0, 9)}`
          ]
        },
        controllerNamespace: 'argocd'
      }
    }
    out.push(obj)
  }
  return out
}
