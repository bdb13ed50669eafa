/**
 * Command lines of the control plane components, as pure functions of the start's file layout and
 * ports (so a reader sees every flag and why in one place, and a unit test can check them).
 *
 * Why these flags: everything listens on 127.0.0.1 only; authentication is static tokens plus the
 * per-start CA; authorization is Node,RBAC; admission, watch cache, priority-and-fairness and the
 * WatchList feature stay at their 1.34 defaults, because the harness exists to be the real thing.
 * What needs real nodes or networking is turned off (endpoint reconciler, leader election, the
 * components' own HTTPS ports). Lifecycle: built once per start; restartApiserver reuses them.
 */
import { join } from 'node:path'
import type { Pki } from './pki.ts'

/** Service ClusterIPs are allocated from here; nothing routes them, they are only API data. */
export const SERVICE_CIDR = '10.96.0.0/16'
/** Pod IPs kwok hands out (its default /24 runs out after 254 pods across all fake nodes). */
export const POD_CIDR = '10.244.0.1/16'
/** Issuer of service-account tokens; the in-cluster name, as kubeadm clusters use. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local'
/** kwok manages only nodes carrying this annotation (its documented convention). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node'
export const KWOK_NODE_ANNOTATION_VALUE = 'fake'
/** Node lease duration kwok renews for each fake node (kubelet's default is 40 s). */
const NODE_LEASE_SECONDS = 40
/**
 * Client rate limits of controller-manager: the defaults (20 qps, burst 30) make a 50-replica
 * Deployment take seconds just in client-side throttling on a loopback apiserver.
 */
const KCM_QPS = 100
const KCM_BURST = 200

export interface Ports {
  readonly etcdClient: number
  readonly etcdPeer: number
  readonly apiserver: number
}

/** Where a start keeps its files (all under one temp dir). */
export interface Layout {
  readonly dir: string
  readonly logDir: string
  readonly etcdData: string
  readonly tokenFile: string
  readonly pki: Pki['files']
  readonly kubeconfigs: { readonly controllerManager: string; readonly scheduler: string; readonly kwok: string }
  /** kwok's work dir, so a developer's ~/.kwok/kwok.yaml never leaks into the cluster. */
  readonly kwokWorkdir: string
}

export function layoutFor(dir: string, pki: Pki['files']): Layout {
  return {
    dir,
    logDir: join(dir, 'logs'),
    etcdData: join(dir, 'etcd'),
    tokenFile: join(dir, 'tokens.csv'),
    pki,
    kubeconfigs: {
      controllerManager: join(dir, 'kube-controller-manager.kubeconfig'),
      scheduler: join(dir, 'kube-scheduler.kubeconfig'),
      kwok: join(dir, 'kwok.kubeconfig')
    },
    kwokWorkdir: join(dir, 'kwok')
  }
}

export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok'

export function etcdArgs(l: Layout, p: Ports): string[] {
  return [`--data-dir=${l.etcdData}`, `--client-url=http://127.0.0.1:${p.etcdClient}`, `--peer-url=http://127.0.0.1:${p.etcdPeer}`]
}

export function apiserverArgs(l: Layout, p: Ports): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${p.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${p.apiserver}`,
    `--tls-cert-file=${l.pki.servingCert}`,
    `--tls-private-key-file=${l.pki.servingKey}`,
    `--client-ca-file=${l.pki.caCert}`,
    `--token-auth-file=${l.tokenFile}`,
    '--authorization-mode=Node,RBAC',
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${l.pki.saPublicKey}`,
    `--service-account-signing-key-file=${l.pki.saPrivateKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // The `kubernetes` Service's Endpoints would have to name 127.0.0.1, which endpoint validation
    // rejects (loopback); nothing in-cluster dials it anyway (kwok's pods run nothing).
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    // Graceful stop in ~2 s instead of up to 60 s: by default the HTTP server waits --request-timeout
    // for open watch streams; with this, in-flight requests drain (new ones get 429 + Retry-After,
    // which clients retry) and the server then closes with a 2 s bound. restartApiserver relies on it.
    '--shutdown-send-retry-after=true',
    // No profiling endpoints: less surface, nothing uses them.
    '--profiling=false'
  ]
}

export function controllerManagerArgs(l: Layout): string[] {
  return [
    `--kubeconfig=${l.kubeconfigs.controllerManager}`,
    // Every controller gets its own service account and RBAC role, as in kubeadm clusters.
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${l.pki.saPrivateKey}`,
    `--root-ca-file=${l.pki.caCert}`,
    // CSRs can be signed by the per-start CA (cheap; makes certificates.k8s.io behave).
    `--cluster-signing-cert-file=${l.pki.caCert}`,
    `--cluster-signing-key-file=${l.pki.caKey}`,
    // One instance: no lease to win (a fresh one waits) and, above all, no fatal exit when the
    // lease cannot be renewed while restartApiserver has the apiserver down.
    '--leader-elect=false',
    // No HTTPS port of its own: nothing scrapes it, and it would be one more port to race for.
    '--secure-port=0',
    `--kube-api-qps=${KCM_QPS}`,
    `--kube-api-burst=${KCM_BURST}`
  ]
}

export function schedulerArgs(l: Layout): string[] {
  return [
    `--kubeconfig=${l.kubeconfigs.scheduler}`,
    '--leader-elect=false', // see controllerManagerArgs
    '--secure-port=0'
  ]
}

export function kwokArgs(l: Layout): string[] {
  return [
    `--kubeconfig=${l.kubeconfigs.kwok}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}`,
    `--node-lease-duration-seconds=${NODE_LEASE_SECONDS}`,
    `--cidr=${POD_CIDR}`
  ]
}

/** Environment each component needs beyond the launcher's. */
export function componentEnv(name: ComponentName, l: Layout): Record<string, string> {
  return name === 'kwok' ? { KWOK_WORKDIR: l.kwokWorkdir } : {}
}
