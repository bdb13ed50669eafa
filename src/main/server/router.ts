/**
 * The server's side of the route table: request target → decoded segments + query, then the
 * shared matcher (src/shared/api/routes.ts) → a typed route, or a precise 4xx.
 *
 * Why: only the routes of the shared table exist, and every path parameter is validated by the
 * shared rules (src/shared/api/params.ts) before a handler runs: cluster ids are URL-decoded
 * context names (bad escapes, `..`, NUL and control characters, over-long values are refused),
 * kinds are registry tokens, namespaces are DNS-1123 labels. Traversal attempts and malformed
 * targets are 400, long URLs 414, never 500.
 * Lifecycle: pure functions; nothing is kept between requests. No error names the query string
 * (it may carry the token).
 */
import { MAX_URL_LENGTH, segmentError } from '../../shared/api/params.ts'

export { MAX_URL_LENGTH, MAX_CLUSTER_LENGTH } from '../../shared/api/params.ts'
export { allowedMethods, matchRoute } from '../../shared/api/routes.ts'
export type { Route, RouteOf, RouteResult } from '../../shared/api/routes.ts'

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
    const err = segmentError(d)
    if (err) return { ok: false, status: 400, error: err }
    segments.push(d)
  }
  return { ok: true, pathname, segments, query }
}
