/**
 * A kubeconfig that reaches the simulated apiserver with a bearer token over TLS.
 *
 * Why: kubectl, client-node and the app all connect through a kubeconfig, exactly as to a real
 * cluster. The file holds a token, so it is written with mode 0600.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'

export interface KubeconfigOptions {
  /** `https://127.0.0.1:<port>` (or http for tls: false). */
  readonly server: string
  readonly token: string
  /** PEM CA; undefined for plain http (then `insecure-skip-tls-verify` is set, which client-node needs). */
  readonly caPem?: string
  /** Context (and cluster/user) name; default `periscope-sim`. */
  readonly context?: string
  /** The context's default namespace; default `default`. */
  readonly namespace?: string
  /** More users of the same server, one context (and user entry) each; the first context stays current. */
  readonly users?: readonly KubeconfigUser[]
}

/** Another user of the server: its context name (also its user entry's), token and namespace. */
export interface KubeconfigUser {
  readonly context: string
  readonly token: string
  readonly namespace: string
  /** The user's name as the apiserver knows it (informational). */
  readonly name?: string
}

/** Render the kubeconfig YAML. */
export function renderKubeconfig(o: KubeconfigOptions): string {
  const name = o.context ?? 'periscope-sim'
  const cluster: Record<string, unknown> = { server: o.server }
  if (o.caPem) cluster['certificate-authority-data'] = Buffer.from(o.caPem).toString('base64')
  else cluster['insecure-skip-tls-verify'] = true
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: o.token } }, ...(o.users ?? []).map((u) => ({ name: u.context, user: { token: u.token } }))],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: o.namespace ?? 'default' } },
      ...(o.users ?? []).map((u) => ({ name: u.context, context: { cluster: name, user: u.context, namespace: u.namespace } }))
    ],
    'current-context': name,
    preferences: {}
  })
}

/** Write a kubeconfig file readable by its owner only (0600, also when it already existed). */
export function writeKubeconfig(path: string, yaml: string): void {
  writeFileSync(path, yaml, { mode: 0o600 })
  chmodSync(path, 0o600)
}
