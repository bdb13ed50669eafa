/**
 * Discovery, version and OpenAPI index: what kubectl reads before any other request.
 *
 * Legacy discovery (`/api`, `/api/v1`, `/apis`, `/apis/<g>`, `/apis/<g>/<v>`) and aggregated
 * discovery v2 (`/api` and `/apis` with kubectl's Accept header) are compared whole, content type
 * included; `/version` and the `/openapi/v3` index by shape, since their values are the server's
 * identity (release, build, per-document hashes).
 */
import { KINDS } from '../../../src/shared/kinds/registry.ts'
import type { Pair } from '../harness.ts'

/** The Accept header kubectl 1.27+ sends for discovery: aggregated v2 first, legacy JSON as fallback. */
export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

/** The group-versions the app's kinds live in (the simulator serves these). */
export function servedGroupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>()
  for (const k of KINDS) seen.set(`${k.apiGroup}/${k.version}`, { group: k.apiGroup, version: k.version })
  return [...seen.values()]
}

/** The type of every leaf: `/version`'s values are the server's identity, its shape is the contract. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape)
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
  if (typeof v === 'string') return /^v\d+\.\d+\.\d+/.test(v) ? 'string:semver' : /^\d+$/.test(v) ? 'string:digits' : 'string'
  return typeof v
}

/** `/openapi/v3`: the document paths, each entry's shape and URL form (hash values dropped). */
function openapiIndex(v: unknown): unknown {
  const paths = (v as { paths?: Record<string, { serverRelativeURL?: string }> } | undefined)?.paths ?? {}
  return Object.fromEntries(
    Object.entries(paths).map(([p, e]) => [
      p,
      {
        keys: Object.keys(e).sort(),
        url: (e.serverRelativeURL ?? '').replace(/hash=[0-9A-F]+$/i, 'hash=<hash>')
      }
    ])
  )
}

/** Run every discovery request; returns the unexplained report lines. */
export async function discoverySection(p: Pair): Promise<string[]> {
  const out: string[] = []
  const run = async (label: string, path: string, accept = 'application/json', pick?: (b: unknown) => unknown): Promise<void> => {
    const c = await p.same(`${label} ${path}`, 'GET', path, { accept, compareContentType: true, pick })
    out.push(...c.unexplained)
  }
  await run('GET', '/api')
  await run('GET', '/apis')
  for (const { group, version } of servedGroupVersions()) {
    if (group) await run('GET', `/apis/${group}`)
    await run('GET', group ? `/apis/${group}/${version}` : `/api/${version}`)
  }
  await run('GET(aggregated)', '/api', AGGREGATED_ACCEPT)
  await run('GET(aggregated)', '/apis', AGGREGATED_ACCEPT)
  await run('GET(shape)', '/version', 'application/json', shape)
  await run('GET(index)', '/openapi/v3', 'application/json', openapiIndex)
  return out
}
