/**
 * Kubeconfigs for a real cluster: one per identity, all pointing at the same apiserver URL and CA.
 *
 * Why: kubectl, client-node, Periscope and the control plane's own components all connect through
 * a kubeconfig, exactly as to any cluster. Contexts are named `real-<user>`, the admin's `real-admin`.
 * Lifecycle: rendered on demand (kubeconfig()) and written into the temp dir for the components
 * at start; the files hold tokens, so they are written with mode 0600.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'

export interface KubeconfigSpec {
  /** `https://127.0.0.1:<port>`. */
  readonly server: string
  readonly caPem: string
  /** Context name, also used for the cluster/user entries. */
  readonly context: string
  readonly token: string
  /** The context's default namespace; `default` when omitted. */
  readonly namespace?: string
}

/** Render a single-context kubeconfig whose current context is `spec.context`. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: spec.context, cluster: { server: spec.server, 'certificate-authority-data': Buffer.from(spec.caPem).toString('base64') } }],
    users: [{ name: spec.context, user: { token: spec.token } }],
    contexts: [{ name: spec.context, context: { cluster: spec.context, user: spec.context, namespace: spec.namespace ?? 'default' } }],
    'current-context': spec.context,
    preferences: {}
  })
}

/** Write a kubeconfig readable by its owner only (0600, also when the file already existed). */
export function writeKubeconfig(path: string, yaml: string): void {
  writeFileSync(path, yaml, { mode: 0o600 })
  chmodSync(path, 0o600)
}
