/**
 * `GET /api/kubeconfig`: the kubeconfig browser's body, built by the server from the files alone
 * (src/main/kube/kubeconfigBrowser.ts) and shown by the renderer's kubeconfig page.
 *
 * Why here: both sides must agree on it, and it must never grow a secret; one declaration makes
 * both facts reviewable in one place. Users carry only the *names* of their auth methods; server
 * URLs only their host.
 */

/** A kubeconfig problem: which file, which line (1-based, when known), what is wrong. */
export interface KubeconfigProblem {
  readonly path: string
  readonly line?: number
  readonly message: string
}

/** `POST /api/kubeconfig/reload`: the files were read again and changed clusters rebuilt. */
export interface KubeconfigReloadResponse {
  readonly contexts: number
  readonly problems: readonly KubeconfigProblem[]
}

export interface KubeconfigContextView {
  readonly name: string
  readonly cluster: string
  readonly user?: string
  readonly namespace?: string
  readonly current: boolean
  /** The file that defined it. */
  readonly file: string
}

export interface KubeconfigClusterView {
  readonly name: string
  /** host[:port] of the server URL ('' when the URL is invalid). */
  readonly server: string
  /** `certificate-authority-data` or `certificate-authority` is set. */
  readonly hasCA: boolean
  readonly insecureSkipTLSVerify: boolean
  readonly hasProxy: boolean
  readonly tlsServerName?: string
  /** Why the entry cannot be used. */
  readonly problem?: string
}

export interface KubeconfigUserView {
  readonly name: string
  /** Auth method names only: `token`, `tokenFile`, `client-certificate`, `exec: <cmd>`, `auth-provider: <name>`, `basic`. */
  readonly auth: readonly string[]
  readonly problem?: string
}

export interface KubeconfigNamespacesView {
  readonly context: string
  /** The context's default namespace plus the cached `namespaces` rows, sorted, unique. */
  readonly names: readonly string[]
  /** When the cached rows were last known good (absent when none are cached). */
  readonly cachedAt?: string
}

/** `GET /api/kubeconfig`. */
export interface KubeconfigView {
  readonly files: readonly string[]
  readonly currentContext?: string
  readonly contexts: readonly KubeconfigContextView[]
  readonly clusters: readonly KubeconfigClusterView[]
  readonly users: readonly KubeconfigUserView[]
  readonly namespaces: readonly KubeconfigNamespacesView[]
  readonly problems: readonly KubeconfigProblem[]
}
