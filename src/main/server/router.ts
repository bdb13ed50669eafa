/**
 * The route table of the local server: request target → a typed route, or a precise 4xx.
 *
 * Why: only the routes of spec §4 exist, and every path parameter is validated here, once,
 * before a handler runs: cluster ids are URL-decoded context names (bad escapes, `..`, NUL and
 * control characters, over-long values are refused), kinds are registry tokens, namespaces are
 * DNS-1123 labels. Traversal attempts and malformed targets are 400, long URLs 414, never 500.
 * Lifecycle: pure functions; nothing is kept between requests. No error names the query string
 * (it may carry the token).
 */
import { findKind } from '../../shared/kinds/registry.ts'
import type { KindDef } from '../../shared/kinds/registry.ts'

/** Longest request target accepted; routes are short, so anything longer is abuse (414). */
export const MAX_URL_LENGTH = 4096
/** Longest cluster id: far above real context names (EKS ARNs are ~100), bounded for /debug. */
export const MAX_CLUSTER_LENGTH = 253
/** DNS-1123 label, the shape of every namespace name. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
/** DNS-1123 subdomain (≤ 253), the shape of object names (a superset of what most kinds allow). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/

export type Route =
  | { readonly name: 'features' | 'clusters' | 'settings' | 'kubeconfig' | 'debugStreams' | 'debugWatches' }
  | { readonly name: 'list' | 'watch'; readonly cluster: string; readonly kindToken: string; readonly kind: KindDef | undefined; readonly namespace: string }
  | { readonly name: 'object'; readonly cluster: string; readonly kindToken: string; readonly kind: KindDef | undefined; readonly namespace: string; readonly objectName: string }
  | { readonly name: 'static'; readonly segments: readonly string[] }
  | { readonly name: 'notFound' }

export type Target =
  | { readonly ok: true; readonly pathname: string; readonly segments: readonly string[]; readonly query: URLSearchParams }
  | { readonly ok: false; readonly status: 400 | 414; readonly error: string }

/**
 * Split and decode a request target. Each path segment is decoded on its own, so an encoded `/`
 * stays inside its segment (context names may hold slashes).
 */
export function parseTarget(url: string): Target {
  if (url.length > MAX_URL_LENGTH) return { ok: false, status: 414, error: `request URL longer than ${MAX_URL_LENGTH} characters` }
  if (!url.startsWith('/')) return { ok: false, status: 400, error: 'request target must be an absolute path' }
  const q = url.indexOf('?')
  const pathname = q < 0 ? url : url.slice(0, q)
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
  if (pathname.includes('\\')) return { ok: false, status: 400, error: 'backslash in path' }
  const raw = pathname.split('/').slice(1)
  const segments: string[] = []
  for (const r of raw) {
    let d: string
    try {
      d = decodeURIComponent(r)
    } catch {
      return { ok: false, status: 400, error: 'malformed percent-encoding in path' }
    }
    if (d === '.' || d === '..' || d.includes('..')) return { ok: false, status: 400, error: 'path segments may not contain ".."' }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(d)) return { ok: false, status: 400, error: 'control character (e.g. NUL) in path' }
    segments.push(d)
  }
  return { ok: true, pathname, segments, query }
}

export type RouteResult = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly status: 400; readonly error: string }

/** Map decoded segments (+ query) to a route. Unknown `/api` and `/debug` paths are `notFound`. */
export function matchRoute(segments: readonly string[], query: URLSearchParams): RouteResult {
  const [a, b, c, d, e, ...rest] = segments
  const ok = (route: Route): RouteResult => ({ ok: true, route })
  if (a === 'debug') {
    if (segments.length === 2 && b === 'streams') return ok({ name: 'debugStreams' })
    if (segments.length === 2 && b === 'watches') return ok({ name: 'debugWatches' })
    return ok({ name: 'notFound' })
  }
  if (a !== 'api') return ok({ name: 'static', segments })
  if (segments.length === 2 && b === 'features') return ok({ name: 'features' })
  if (segments.length === 2 && b === 'settings') return ok({ name: 'settings' })
  if (segments.length === 2 && b === 'clusters') return ok({ name: 'clusters' })
  if (segments.length === 2 && b === 'kubeconfig') return ok({ name: 'kubeconfig' })
  if (b !== 'clusters' || c === undefined || d === undefined) return ok({ name: 'notFound' })
  const isObject = e === 'objects' && rest.length === 1
  if (!isObject && (rest.length > 0 || (e !== undefined && e !== 'watch'))) return ok({ name: 'notFound' })
  if (c === '' || c.length > MAX_CLUSTER_LENGTH) return { ok: false, status: 400, error: `cluster id must be 1 to ${MAX_CLUSTER_LENGTH} characters` }
  const kind = findKind(d)
  const ns = namespaceParam(query)
  if (!ns.ok) return ns
  const namespace = kind && !kind.namespaced ? '' : ns.namespace
  if (isObject) {
    const objectName = rest[0]
    if (!DNS1123_SUBDOMAIN.test(objectName)) return { ok: false, status: 400, error: `invalid object name ${JSON.stringify(objectName.slice(0, 80))}: must be a DNS-1123 subdomain` }
    if (kind?.namespaced && namespace === '') return { ok: false, status: 400, error: `${kind.id} are namespaced: give ?namespace=` }
    return ok({ name: 'object', cluster: c, kindToken: d, kind, namespace, objectName })
  }
  return ok({ name: e === 'watch' ? 'watch' : 'list', cluster: c, kindToken: d, kind, namespace })
}

function namespaceParam(query: URLSearchParams): { ok: true; namespace: string } | { ok: false; status: 400; error: string } {
  const all = query.getAll('namespace')
  if (all.length > 1) return { ok: false, status: 400, error: 'namespace given more than once' }
  const ns = all[0] ?? ''
  if (ns === '' || DNS1123_LABEL.test(ns)) return { ok: true, namespace: ns }
  return { ok: false, status: 400, error: `invalid namespace ${JSON.stringify(ns.slice(0, 80))}: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)` }
}

/** Methods each route answers; anything else is 405 with `Allow`. */
export function allowedMethods(route: Route): readonly string[] {
  if (route.name === 'settings') return ['GET', 'PUT']
  if (route.name === 'static') return ['GET', 'HEAD']
  return ['GET']
}
