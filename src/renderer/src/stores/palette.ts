/**
 * The command palette's language and search: k9s-style commands (`:po`, `:deploy kube-system`,
 * `:ctx <cluster>`, `:ns <namespace>`) and fuzzy search over kinds (names and kubectl's short
 * names from the registry), clusters, namespaces, actions and the objects of the lists loaded.
 *
 * Why two searches: Fuse.js ranks well but costs ~100 ms over 100,000 objects (5 clusters × 20k
 * pods); objects are first narrowed with one case-insensitive subsequence test per name (~15 ms),
 * substring matches first, then the best MAX_CANDIDATES are ranked by Fuse. The small sets
 * (kinds, clusters, namespaces, actions) go to Fuse whole.
 * Pure: the view (views/CommandPalette.tsx) gathers the items and runs what is picked.
 */
import Fuse from 'fuse.js'
import type { RowDto } from '../../../shared/dto/row.ts'
import { KINDS } from '../../../shared/kinds/registry.ts'
import type { AnyKindDef, AnyKindId } from '../../../shared/kinds/anyKind.ts'
import type { CustomKindDef } from '../../../shared/kinds/custom.ts'

/** Objects handed to Fuse after the cheap narrowing: enough for a good top 30, fast to rank. */
const MAX_CANDIDATES = 1_000
/** Items shown. */
export const MAX_RESULTS = 40

export type PaletteItem =
  | {
      readonly type: 'kind'
      readonly id: string
      readonly kind: AnyKindId
      readonly title: string
      readonly aliases: string
      readonly namespace?: string
      /** A custom kind's API group (shown, and searched). */
      readonly apiGroup?: string
    }
  | { readonly type: 'cluster'; readonly id: string; readonly cluster: string; readonly title: string; readonly note: string }
  | { readonly type: 'namespace'; readonly id: string; readonly namespace: string; readonly title: string }
  | { readonly type: 'action'; readonly id: string; readonly title: string; readonly keys: string; readonly note: string }
  | { readonly type: 'object'; readonly id: string; readonly cluster: string; readonly row: RowDto; readonly title: string }

/** Every word a kind answers to: its token, singular, kind, display plural and kubectl short names. */
export function kindWordsOf(k: AnyKindDef): string[] {
  return [...new Set([k.id, k.singular, k.kind.toLowerCase(), k.resource, ...k.shortNames])]
}

/** The kind a command word names (`po`, `pod`, `pods`, `deploy`, `hpa`, `pvc`, `Deployment`), or undefined. */
export function resolveKind(word: string, custom: readonly CustomKindDef[] = []): AnyKindId | undefined {
  const w = word.toLowerCase()
  // Built-in kinds first, as kubectl prefers the core groups when a short name is ambiguous.
  return KINDS.find((k) => kindWordsOf(k).includes(w))?.id ?? custom.find((k) => kindWordsOf(k).includes(w))?.id
}

/** A palette text that is a command: `:` then a word and arguments. */
export interface Command {
  readonly word: string
  readonly args: readonly string[]
}

/** `:deploy kube-system` → { word: 'deploy', args: ['kube-system'] }; null when the text is not a command. */
export function parseCommand(text: string): Command | null {
  const t = text.trimStart()
  if (!t.startsWith(':')) return null
  const [word = '', ...args] = t.slice(1).trim().split(/\s+/).filter(Boolean)
  return { word: word.toLowerCase(), args }
}

/** The palette's kind items (one per kind), titled like the sidebar. */
export function kindItems(plural: (k: AnyKindDef) => string, custom: readonly CustomKindDef[] = []): PaletteItem[] {
  const builtin: PaletteItem[] = KINDS.map((k) => ({
    type: 'kind' as const,
    id: `kind:${k.id}`,
    kind: k.id,
    title: plural(k),
    aliases: kindWordsOf(k).join(' ')
  }))
  const customs: PaletteItem[] = custom.map((k) => ({
    type: 'kind' as const,
    id: `kind:${k.id}`,
    kind: k.id,
    title: plural(k),
    aliases: [...kindWordsOf(k), k.apiGroup].join(' '),
    apiGroup: k.apiGroup
  }))
  return [...builtin, ...customs]
}

/** Fuse over the small sets: titles first, then aliases and notes. */
export function searchItems(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const q = query.trim()
  if (!q) return [...items]
  const fuse = new Fuse(items, {
    keys: [
      { name: 'title', weight: 2 },
      { name: 'aliases', weight: 1.5 },
      { name: 'note', weight: 0.5 },
      { name: 'keys', weight: 0.3 }
    ],
    threshold: 0.35,
    ignoreLocation: true,
    includeScore: true
  })
  return fuse.search(q).map((r) => r.item)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Objects whose name (or namespace/name) matches `query`, best first.
 * @param rows every loaded row with its cluster, deduplicated by the caller.
 */
export function searchObjects(
  rows: Iterable<{ readonly cluster: string; readonly row: RowDto }>,
  query: string,
  limit = MAX_RESULTS
): { cluster: string; row: RowDto }[] {
  const q = query.trim().toLowerCase()
  if (!q) return []
  const sub = new RegExp([...q].map(escapeRegExp).join('.*?'), 'i')
  const exact: { cluster: string; row: RowDto; at: number }[] = []
  const loose: { cluster: string; row: RowDto }[] = []
  for (const x of rows) {
    const name = x.row.name
    const at = name.toLowerCase().indexOf(q)
    if (at >= 0) exact.push({ ...x, at })
    else if (loose.length < MAX_CANDIDATES && sub.test(name)) loose.push(x)
  }
  // Substring hits: earlier and shorter first (a name that starts with what was typed wins).
  exact.sort((a, b) => a.at - b.at || a.row.name.length - b.row.name.length || (a.row.name < b.row.name ? -1 : 1))
  const candidates = [...exact.slice(0, MAX_CANDIDATES), ...loose].slice(0, MAX_CANDIDATES)
  if (exact.length >= limit) return exact.slice(0, limit).map(({ cluster, row }) => ({ cluster, row }))
  // Every candidate already matches (as a subsequence): Fuse only orders them (threshold 1 keeps all).
  const fuse = new Fuse(candidates, { keys: ['row.name'], threshold: 1, ignoreLocation: true })
  const ranked = fuse.search(q, { limit }).map((r) => r.item)
  // Substring hits keep their order ahead of fuzzy ones.
  const seen = new Set(exact.map((e) => e.row))
  return [...exact.map(({ cluster, row }) => ({ cluster, row })), ...ranked.filter((r) => !seen.has(r.row))].slice(0, limit)
}
