/**
 * API discovery of one cluster: the resources it serves beyond Kubernetes' own groups (CRDs and
 * aggregated APIs), as `DiscoveredKind`s.
 *
 * Why discovery and not a LIST of CustomResourceDefinitions: discovery is readable by every
 * authenticated user (the `system:discovery` role), so a user who may not list CRDs still gets
 * the custom kinds they can read; and it covers aggregated APIs too. Aggregated discovery
 * (`/apis` as `APIGroupDiscoveryList`, GA in 1.30) is one request; a server without it answers
 * the legacy `APIGroupList`, and then each group's preferred version is read on its own
 * (`/apis/<group>/<version>`), as client-go's discovery client does. A group that fails (an
 * aggregated API server that is down answers 503) is left out and named in `partial`, like
 * kubectl's "unable to retrieve the complete list of server APIs".
 * Lifecycle: stateless; one call per (re-)discovery, bounded by the transport's limits.
 */
import { BUILTIN_API_GROUPS } from '../../shared/kinds/custom.ts'
import type { DiscoveredKind } from '../../shared/kinds/custom.ts'

/** What client-go's discovery client sends: aggregated v2, then v2beta1, then the legacy list. */
export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
/** Aggregated discovery of a cluster with 300 CRDs is ~150 KB (bench D1); a bound far above that. */
export const MAX_DISCOVERY_BYTES = 32 * 1024 * 1024
/** Legacy discovery reads groups in parallel, this many at a time (client-go fetches them all concurrently). */
const LEGACY_CONCURRENCY = 8

/** The one request discovery needs. */
export interface DiscoveryTransport {
  getJson(path: string, signal: AbortSignal, what: string, bounds: { maxBytes: number; accept?: string }): Promise<unknown>
}

export interface DiscoveryResult {
  /** Served custom resources that can be listed and watched, by API group then resource. */
  readonly kinds: readonly DiscoveredKind[]
  /** Groups that could not be read, with why ('' when discovery is complete). */
  readonly partial: string
  /** Which discovery answered. */
  readonly mode: 'aggregated' | 'legacy'
}

interface AggResource {
  readonly resource?: string
  readonly responseKind?: { readonly kind?: string }
  readonly scope?: string
  readonly singularResource?: string
  readonly verbs?: readonly string[]
  readonly shortNames?: readonly string[]
  readonly categories?: readonly string[]
  readonly subresources?: readonly { readonly subresource?: string }[]
}
interface AggVersion {
  readonly version?: string
  readonly resources?: readonly AggResource[]
  readonly freshness?: string
}
interface AggGroup {
  readonly metadata?: { readonly name?: string }
  readonly versions?: readonly AggVersion[]
}
interface LegacyResource {
  readonly name?: string
  readonly singularName?: string
  readonly namespaced?: boolean
  readonly kind?: string
  readonly verbs?: readonly string[]
  readonly shortNames?: readonly string[]
  readonly categories?: readonly string[]
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
/** The app lists and watches every kind it shows: a resource without both verbs is not one. */
const listable = (verbs: unknown): boolean => strings(verbs).includes('list') && strings(verbs).includes('watch')

function sortKinds(kinds: DiscoveredKind[]): DiscoveredKind[] {
  return kinds.sort((a, b) => (a.apiGroup === b.apiGroup ? (a.resource < b.resource ? -1 : 1) : a.apiGroup < b.apiGroup ? -1 : 1))
}

/** The kinds of an aggregated discovery document (`APIGroupDiscoveryList`, v2 or v2beta1). */
export function kindsFromAggregated(doc: { readonly items?: readonly AggGroup[] }): DiscoveryResult {
  const out: DiscoveredKind[] = []
  const stale: string[] = []
  for (const g of doc.items ?? []) {
    const group = g.metadata?.name ?? ''
    if (BUILTIN_API_GROUPS.has(group)) continue
    // Versions come in preference order; a resource is taken from the first version serving it.
    const seen = new Set<string>()
    for (const v of g.versions ?? []) {
      if (!v.version) continue
      if (v.freshness === 'Stale') stale.push(`${group}/${v.version}: stale discovery`)
      for (const r of v.resources ?? []) {
        if (!r.resource || seen.has(r.resource) || !listable(r.verbs)) continue
        seen.add(r.resource)
        const subs = (r.subresources ?? []).map((s) => s.subresource)
        out.push({
          apiGroup: group,
          version: v.version,
          resource: r.resource,
          kind: r.responseKind?.kind ?? '',
          singular: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced',
          shortNames: strings(r.shortNames),
          categories: strings(r.categories),
          status: subs.includes('status'),
          scale: subs.includes('scale')
        })
      }
    }
  }
  return { kinds: sortKinds(out), partial: stale.join('; '), mode: 'aggregated' }
}

/** The kinds of one legacy `APIResourceList` (`/apis/<group>/<version>`). */
export function kindsFromResourceList(group: string, version: string, list: { readonly resources?: readonly LegacyResource[] }): DiscoveredKind[] {
  const all = list.resources ?? []
  const subs = new Set(all.map((r) => r.name ?? '').filter((n) => n.includes('/')))
  const out: DiscoveredKind[] = []
  for (const r of all) {
    if (!r.name || r.name.includes('/') || !listable(r.verbs)) continue
    out.push({
      apiGroup: group,
      version,
      resource: r.name,
      kind: r.kind ?? '',
      singular: r.singularName ?? '',
      namespaced: r.namespaced === true,
      shortNames: strings(r.shortNames),
      categories: strings(r.categories),
      status: subs.has(`${r.name}/status`),
      scale: subs.has(`${r.name}/scale`)
    })
  }
  return out
}

/** Discover the custom kinds of one cluster. Throws when `/apis` itself cannot be read. */
export async function discoverCustomKinds(t: DiscoveryTransport, signal: AbortSignal): Promise<DiscoveryResult> {
  const doc = (await t.getJson('/apis', signal, 'discovery (GET /apis)', { maxBytes: MAX_DISCOVERY_BYTES, accept: DISCOVERY_ACCEPT })) as {
    readonly kind?: string
    readonly items?: readonly AggGroup[]
    readonly groups?: readonly { readonly name?: string; readonly preferredVersion?: { readonly version?: string } }[]
  }
  if (doc?.kind === 'APIGroupDiscoveryList') return kindsFromAggregated(doc)
  // Legacy discovery: each custom group's preferred version, a few groups at a time.
  const groups = (doc?.groups ?? []).filter((g) => g.name && !BUILTIN_API_GROUPS.has(g.name) && g.preferredVersion?.version)
  const out: DiscoveredKind[] = []
  const failed: string[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const g = groups[next++]
      const gv = `${g.name}/${g.preferredVersion?.version}`
      try {
        const list = (await t.getJson(`/apis/${gv}`, signal, `discovery (GET /apis/${gv})`, { maxBytes: MAX_DISCOVERY_BYTES })) as {
          resources?: LegacyResource[]
        }
        out.push(...kindsFromResourceList(g.name ?? '', g.preferredVersion?.version ?? '', list))
      } catch (err) {
        if (signal.aborted) throw err
        failed.push(`${gv}: ${(err as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(LEGACY_CONCURRENCY, groups.length) }, worker))
  return { kinds: sortKinds(out), partial: failed.sort().join('; '), mode: 'legacy' }
}
