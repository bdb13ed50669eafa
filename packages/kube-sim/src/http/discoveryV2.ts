/**
 * Aggregated discovery (`apidiscovery.k8s.io/v2`, KEP-3352): `/api` and `/apis` answered in one
 * document each when the client asks for `as=APIGroupDiscoveryList` — what kubectl 1.27+ and
 * client-go ask first, falling back to the legacy documents only when the server answers plain
 * `application/json`.
 *
 * Why: a real 1.34 server answers it, so kubectl's discovery against the demo cluster must take the
 * same path as against a real one (one request instead of one per group-version). The documents
 * are derived from the legacy ones (discovery.ts), so both always agree: each top-level resource
 * with its subresources nested, `scope`, `singularResource`, `responseKind`, and `freshness`.
 * Lifecycle: pure; built once and cached.
 */
import { customKindsGeneration } from '../kinds.ts'
import { discoveryDocument } from './discovery.ts'
import type { ApiResource } from './discovery.ts'

/** The Content-Type of an aggregated discovery answer. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

/**
 * True when the first media range of `accept` that the server can produce is aggregated discovery
 * v2 (kubectl: `…v=v2;as=APIGroupDiscoveryList,…v=v2beta1…,application/json`).
 */
export function wantsAggregated(accept: string | undefined): boolean {
  for (const range of (accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim())
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue
    const p = new Map(
      params.map((kv) => {
        const [k, v = ''] = kv.split('=')
        return [k.trim(), v.trim()] as const
      })
    )
    if (!p.has('as')) return false
    if (p.get('as') === 'APIGroupDiscoveryList' && p.get('g') === 'apidiscovery.k8s.io' && p.get('v') === 'v2') return true
  }
  return false
}

interface GroupVersionRef {
  groupVersion: string
  version: string
}
interface ResourceListDoc {
  resources: ApiResource[]
}

function versionOf(path: string, version: string): Record<string, unknown> {
  const list = discoveryDocument(path) as ResourceListDoc
  const tops = list.resources.filter((r) => !r.name.includes('/'))
  const resources = tops.map((r) => {
    const subs = list.resources
      .filter((s) => s.name.startsWith(`${r.name}/`))
      .map((s) => ({
        subresource: s.name.slice(r.name.length + 1),
        responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind },
        verbs: s.verbs
      }))
    return {
      resource: r.name,
      responseKind: { group: '', version: '', kind: r.kind },
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singularName,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
      ...(subs.length ? { subresources: subs } : {})
    }
  })
  return { version, resources, freshness: 'Current' }
}

function build(path: '/api' | '/apis'): string {
  let items: Record<string, unknown>[]
  if (path === '/api') {
    const versions = (discoveryDocument('/api') as { versions: string[] }).versions
    items = [{ metadata: {}, versions: versions.map((v) => versionOf(`/api/${v}`, v)) }]
  } else {
    const groups = (discoveryDocument('/apis') as { groups: { name: string; versions: GroupVersionRef[] }[] }).groups
    items = groups.map((g) => ({ metadata: { name: g.name }, versions: g.versions.map((v) => versionOf(`/apis/${v.groupVersion}`, v.version)) }))
  }
  return JSON.stringify({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items })
}

const cache = new Map<string, string>()
/** The custom-kinds generation the cache holds (CRDs come and go). */
let cacheGen = -1

/** The aggregated document of `/api` or `/apis` (JSON text), or undefined for any other path. */
export function aggregatedDiscovery(path: string): string | undefined {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  if (p !== '/api' && p !== '/apis') return undefined
  if (cacheGen !== customKindsGeneration()) {
    cache.clear()
    cacheGen = customKindsGeneration()
  }
  let doc = cache.get(p)
  if (doc === undefined) {
    doc = build(p)
    cache.set(p, doc)
  }
  return doc
}
