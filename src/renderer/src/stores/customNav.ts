/**
 * The sidebar's "Custom resources" section as data: a cluster's custom kinds by API group, and
 * the fuzzy filter over kind, plural, short names and group.
 *
 * Why apart from the view: a cluster may serve hundreds of CRDs in dozens of groups; the grouping
 * and the index are built once per catalog answer, each keystroke only searches (and the bench
 * measures exactly this code). Lifecycle: pure; the view memoizes `createCustomNav` per kinds list.
 */
import Fuse from 'fuse.js'
import type { CustomKindDef } from '../../../shared/kinds/custom.ts'
import { customGroups } from './kindCatalog.ts'

export interface CustomNavGroup {
  readonly apiGroup: string
  readonly kinds: readonly CustomKindDef[]
  /** How many kinds the group has in all (the filter may show fewer). */
  readonly total: number
}

export interface CustomNav {
  readonly groups: readonly CustomNavGroup[]
  readonly count: number
  /** The groups and kinds matching a query ('' = everything), groups in name order. */
  filter(query: string): readonly CustomNavGroup[]
  /** Build the search index now (idle time after a render), so the first keystroke does not. */
  warm(): void
}

/**
 * Loose enough for `certman` → cert-manager.io and `vs` → VirtualService's short name, strict
 * enough that one letter does not match everything (Fuse's default 0.6 matched most kinds).
 */
const FUZZY_THRESHOLD = 0.3

/** Builds the section's groups and its search index for one cluster's custom kinds. */
export function createCustomNav(kinds: readonly CustomKindDef[]): CustomNav {
  const groups: CustomNavGroup[] = customGroups(kinds).map((g) => ({ ...g, total: g.kinds.length }))
  const totals = new Map(groups.map((g) => [g.apiGroup, g.total]))
  let fuse: Fuse<CustomKindDef> | null = null
  const index = (): Fuse<CustomKindDef> =>
    (fuse ??= new Fuse(kinds as CustomKindDef[], {
      keys: [
        { name: 'kind', weight: 3 },
        { name: 'resource', weight: 2 },
        { name: 'shortNames', weight: 2 },
        { name: 'apiGroup', weight: 1 }
      ],
      threshold: FUZZY_THRESHOLD,
      ignoreLocation: true
    }))
  return {
    warm: () => void index(),
    groups,
    count: kinds.length,
    filter(query: string): readonly CustomNavGroup[] {
      const q = query.trim()
      if (!q) return groups
      // One letter fuzzily matches nearly every kind (and would open every group): it means "starts with".
      const hits = new Set(
        q.length === 1
          ? kinds.filter((k) => startsWith(k, q.toLowerCase()))
          : index()
              .search(q)
              .map((r) => r.item)
      )
      return groups
        .map((g) => ({ apiGroup: g.apiGroup, kinds: g.kinds.filter((k) => hits.has(k)), total: totals.get(g.apiGroup) ?? 0 }))
        .filter((g) => g.kinds.length > 0)
    }
  }
}

function startsWith(k: CustomKindDef, c: string): boolean {
  return k.kind.toLowerCase().startsWith(c) || k.resource.startsWith(c) || k.apiGroup.startsWith(c) || k.shortNames.some((s) => s.startsWith(c))
}
