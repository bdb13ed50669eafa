/**
 * Typed HTTP calls to the local server (spec §4). No React, no stores: hooks glue these to state.
 *
 * Why one module: every request must carry the token the same way, and every failure must turn
 * into one precise, human-readable error (status + the server's own message) — never the token.
 * Every path comes from the shared route table's builder (`apiPath`), the same table the server
 * dispatches by, and every body type from src/shared/api.
 */
import { apiPath } from '../../../shared/api/routes.ts'
import type { KubeconfigReloadResponse, KubeconfigView } from '../../../shared/api/kubeconfig.ts'
import type { SettingsResponse, SettingsUpdate } from '../../../shared/api/settings.ts'
import type { ClusterInfo, ClusterKindsResponse, DebugStream, ErrorBody, FeaturesResponse, ObjectResponse } from '../../../shared/api/wire.ts'
import type { RowList } from '../../../shared/dto/row.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'

/**
 * The route table types `:kind` as a registry token; the server's router also takes a custom kind's
 * `<plural>.<group>` (the clusterKinds contract), so the renderer passes either through.
 */
export function routeKind(kind: AnyKindId): KindId {
  return kind as KindId
}
import { connection } from './bridge.ts'

/** A failed request: `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number
  /** A 403 the server marks `no access` (the user may not list this kind anywhere it looked). */
  readonly noAccess: boolean
  constructor(status: number, message: string, noAccess = false) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.noAccess = noAccess
  }
}

/** Path of the polled list of one kind (all namespaces when `namespace` is empty). */
export function listPath(cluster: string, kind: AnyKindId, namespace?: string): string {
  return apiPath('list', { cluster, kind: routeKind(kind), namespace })
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const c = connection()
  let res: Response
  try {
    res = await fetch(c.baseUrl + path, {
      ...init,
      // Browser mode has no token in the page: the same-origin session cookie signs the request in.
      credentials: 'same-origin',
      headers: { ...(c.token ? { Authorization: `Bearer ${c.token}` } : {}), Accept: 'application/json', ...(init.headers ?? {}) }
    })
  } catch (e) {
    throw new ApiError(0, `cannot reach the Periscope server at ${c.baseUrl}: ${(e as Error).message}`)
  }
  const text = await res.text()
  if (!res.ok) {
    let message = text.trim() || res.statusText
    let noAccess = false
    try {
      const body = JSON.parse(text) as ErrorBody
      message = body.error || message
      noAccess = body.noAccess === true
    } catch {
      /* not JSON: keep the text */
    }
    throw new ApiError(res.status, message, noAccess)
  }
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, `the server answered ${path} with something that is not JSON`)
  }
}

/** `GET /api/features`. */
export function fetchFeatures(): Promise<FeaturesResponse> {
  return request(apiPath('features'))
}

/** `GET /api/clusters/:cluster/kinds`: the custom kinds the cluster serves (discovery). */
export function fetchClusterKinds(cluster: string, signal?: AbortSignal): Promise<ClusterKindsResponse> {
  return request(apiPath('clusterKinds', { cluster }), signal ? { signal } : {})
}

/** `GET /api/clusters`. */
export function fetchClusters(): Promise<ClusterInfo[]> {
  return request(apiPath('clusters'))
}

/**
 * The polled list of one kind. A kind the cluster refuses fails with the apiserver's own status
 * and words (`ApiError` 403 "403 Forbidden: pods is forbidden: …").
 */
export function fetchList(cluster: string, kind: AnyKindId, namespace?: string, signal?: AbortSignal): Promise<RowList> {
  return request(listPath(cluster, kind, namespace), signal ? { signal } : {})
}

/** One object as JSON, for the detail drawer's YAML. */
export function fetchObject(cluster: string, kind: AnyKindId, name: string, namespace?: string): Promise<ObjectResponse> {
  return request(apiPath('object', { cluster, kind: routeKind(kind), name, namespace }))
}

/** `GET /api/kubeconfig`: read from the files on the local machine, so it works offline. */
export function fetchKubeconfig(): Promise<KubeconfigView> {
  return request(apiPath('kubeconfig'))
}

/** `GET /api/settings`. */
export function fetchSettings(): Promise<SettingsResponse> {
  return request(apiPath('settings'))
}

/**
 * `PUT /api/settings`: 400 carries the parser's message, 409 a pinned field.
 * @param keepalive the request outlives the page (a save while the window reloads or closes).
 */
export function putSettings(update: SettingsUpdate, keepalive = false): Promise<SettingsResponse> {
  return request(apiPath('settings'), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(update),
    ...(keepalive ? { keepalive: true } : {})
  })
}

/** `POST /api/clusters/{cluster}/retry`: probe the cluster now and wake its watches; its new status. */
export function retryCluster(cluster: string): Promise<ClusterInfo | undefined> {
  return request(apiPath('clusterRetry', { cluster }), { method: 'POST' })
}

/** `POST /api/kubeconfig/reload`: re-read the kubeconfig files and rebuild changed clusters (404: demo only). */
export function reloadKubeconfig(): Promise<KubeconfigReloadResponse> {
  return request(apiPath('kubeconfigReload'), { method: 'POST' })
}

/** `GET /debug/streams`: the open streams (the settings page counts them). */
export function fetchDebugStreams(): Promise<DebugStream[]> {
  return request(apiPath('debugStreams'))
}
