/**
 * Typed HTTP calls to the local server (spec §4). No React, no stores: hooks glue these to state.
 *
 * Why one module: every request must carry the token the same way, and every failure must turn
 * into one precise, human-readable error (status + the server's own message) — never the token.
 */
import type { ClusterInfo, ErrorBody, FeaturesResponse } from '../../../shared/dto/wire.ts'
import type { RowList } from '../../../shared/dto/row.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { connection } from './bridge.ts'

/** A failed request: `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

/** Why a settings field cannot be edited in the pane. */
export interface SettingsPin {
  readonly env: string
  readonly value: string
  readonly reason: string
}

/** `GET /api/settings`. */
export interface SettingsResponse {
  readonly watchStreams: string
  readonly perUserLimit: number
  readonly enabled?: readonly KindId[]
  readonly pinned?: { readonly watchStreams?: SettingsPin | null; readonly perUserLimit?: SettingsPin | null }
}

/** The body of `PUT /api/settings`. */
export interface SettingsUpdate {
  readonly watchStreams?: string
  readonly perUserLimit?: number
}

/** `GET …/objects/{name}`. */
export interface ObjectResponse {
  readonly object: unknown
}

/**
 * `GET /api/kubeconfig`: the kubeconfig browser, secrets left out (mirrors `KubeconfigView` of
 * src/main/kube/kubeconfigBrowser.ts; the renderer cannot import main).
 */
export interface KubeconfigResponse {
  readonly files: readonly string[]
  readonly currentContext?: string
  readonly contexts: readonly { readonly name: string; readonly cluster: string; readonly user?: string; readonly namespace?: string; readonly current: boolean; readonly file: string }[]
  readonly clusters: readonly { readonly name: string; readonly server: string; readonly hasCA: boolean; readonly insecureSkipTLSVerify: boolean; readonly hasProxy: boolean; readonly tlsServerName?: string; readonly problem?: string }[]
  /** `auth` holds method names only (`token`, `exec: aws`, …), never values. */
  readonly users: readonly { readonly name: string; readonly auth: readonly string[]; readonly problem?: string }[]
  readonly namespaces: readonly { readonly context: string; readonly names: readonly string[]; readonly cachedAt?: string }[]
  readonly problems: readonly { readonly path: string; readonly line?: number; readonly message: string }[]
}

function query(namespace: string | undefined): string {
  return namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''
}

/** Path of the polled list of one kind (all namespaces when `namespace` is empty). */
export function listPath(cluster: string, kind: KindId, namespace?: string): string {
  return `/api/clusters/${encodeURIComponent(cluster)}/${kind}${query(namespace)}`
}

/**
 * Absolute URL of a watch stream, with `?token=` because EventSource cannot send headers.
 * Never log the result.
 */
export function streamUrl(cluster: string, kind: KindId, namespace?: string): string {
  const c = connection()
  const params = new URLSearchParams()
  if (namespace) params.set('namespace', namespace)
  params.set('token', c.token)
  return `${c.baseUrl}/api/clusters/${encodeURIComponent(cluster)}/${kind}/watch?${params.toString()}`
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const c = connection()
  let res: Response
  try {
    res = await fetch(c.baseUrl + path, {
      ...init,
      headers: { Authorization: `Bearer ${c.token}`, Accept: 'application/json', ...(init.headers ?? {}) }
    })
  } catch (e) {
    throw new ApiError(0, `cannot reach the Periscope server at ${c.baseUrl}: ${(e as Error).message}`)
  }
  const text = await res.text()
  if (!res.ok) {
    let message = text.trim() || res.statusText
    try { message = (JSON.parse(text) as ErrorBody).error || message } catch { /* not JSON: keep the text */ }
    throw new ApiError(res.status, message)
  }
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, `the server answered ${path} with something that is not JSON`)
  }
}

/** `GET /api/features`. */
export function fetchFeatures(): Promise<FeaturesResponse> {
  return request('/api/features')
}

/** `GET /api/clusters`. */
export function fetchClusters(): Promise<ClusterInfo[]> {
  return request('/api/clusters')
}

/** The polled list of one kind. */
export function fetchList(cluster: string, kind: KindId, namespace?: string, signal?: AbortSignal): Promise<RowList> {
  return request(listPath(cluster, kind, namespace), signal ? { signal } : {})
}

/** One object as JSON, for the detail drawer's YAML. */
export function fetchObject(cluster: string, kind: KindId, name: string, namespace?: string): Promise<ObjectResponse> {
  return request(`/api/clusters/${encodeURIComponent(cluster)}/${kind}/objects/${encodeURIComponent(name)}${query(namespace)}`)
}

/** `GET /api/kubeconfig`: read from the files on the local machine, so it works offline. */
export function fetchKubeconfig(): Promise<KubeconfigResponse> {
  return request('/api/kubeconfig')
}

/** `GET /api/settings`. */
export function fetchSettings(): Promise<SettingsResponse> {
  return request('/api/settings')
}

/** `PUT /api/settings`: 400 carries the parser's message, 409 a pinned field. */
export function putSettings(update: SettingsUpdate): Promise<SettingsResponse> {
  return request('/api/settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(update)
  })
}
