/**
 * The kinds grammar of `PERISCOPE_WATCH_STREAMS` and the settings pane (spec §3).
 *
 * Why: one parser, shared by the server (launch-time validation, live apply) and the renderer
 * (live validation in the settings pane), derived from the registry so a new kind or group needs
 * no edit here. A misspelling is an error that names the token, never a silent drop.
 */
import { GROUP_IDS, KIND_IDS, isKindId, kindsOfGroup } from './registry.ts'
import type { GroupId, KindId } from './registry.ts'
import { CUSTOM_GROUP, isCustomToken } from './custom.ts'
import type { CustomKindId } from './custom.ts'

/**
 * Which custom kinds (CRDs, aggregated APIs: `custom.ts`) a value enables: every one a cluster
 * serves (`all`, empty, or the alias `custom`), or the named `<plural>.<group>` tokens. A named
 * token no cluster serves is kept (it is reported, and it starts working when the CRD appears).
 */
export interface CustomSelection {
  readonly all: boolean
  readonly tokens: readonly CustomKindId[]
}

export const CUSTOM_ALL: CustomSelection = Object.freeze({ all: true, tokens: [] })
export const CUSTOM_NONE: CustomSelection = Object.freeze({ all: false, tokens: [] })

export type KindsParse =
  | { readonly ok: true; readonly kinds: readonly KindId[]; readonly custom: CustomSelection }
  | { readonly ok: false; readonly error: string; readonly token: string }

/** Whether a selection enables the custom kind `token`. */
export function customEnabled(sel: CustomSelection, token: string): boolean {
  return sel.all || (sel.tokens as readonly string[]).includes(token)
}

/** Tokens that mean "everything" or "nothing" and are only valid alone. */
const ALL = new Set(['all'])
const NONE = new Set(['off', 'none'])

const VALID_HELP =
  `valid kind tokens: ${KIND_IDS.join(', ')}, or a custom resource as <plural>.<group> (e.g. certificates.cert-manager.io); ` +
  `groups: ${GROUP_IDS.join(', ')}, ${CUSTOM_GROUP}; or exactly one of: all, off, none (or empty for all)`

function isGroup(t: string): t is GroupId {
  return (GROUP_IDS as readonly string[]).includes(t)
}

function fail(token: string, why: string): KindsParse {
  return { ok: false, token, error: `invalid watch-streams value: ${why}; ${VALID_HELP}` }
}

/**
 * Parse a kinds grammar value into the enabled kinds, in registry order.
 * @param value `undefined`, `""` or whitespace mean every kind.
 * @returns the enabled set, or an error naming the offending token and listing what is valid.
 */
export function parseKinds(value: string | undefined | null): KindsParse {
  const raw = (value ?? '').trim()
  if (raw === '') return { ok: true, kinds: KIND_IDS, custom: CUSTOM_ALL }
  const tokens = raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
  if (tokens.length === 0) return fail(raw, `"${raw}" names no kind`)
  const enabled = new Set<KindId>()
  const custom = new Set<CustomKindId>()
  let allCustom = false
  for (const t of tokens) {
    if (ALL.has(t) || NONE.has(t)) {
      if (tokens.length > 1) return fail(t, `"${t}" must be used alone, not mixed with other tokens ("${raw}")`)
      return ALL.has(t) ? { ok: true, kinds: KIND_IDS, custom: CUSTOM_ALL } : { ok: true, kinds: [], custom: CUSTOM_NONE }
    }
    if (isKindId(t)) enabled.add(t)
    else if (isGroup(t)) for (const k of kindsOfGroup(t)) enabled.add(k)
    else if (t === CUSTOM_GROUP) allCustom = true
    else if (isCustomToken(t)) custom.add(t)
    else {
      const lower = t.toLowerCase()
      const hint =
        lower !== t && (isKindId(lower) || isGroup(lower) || ALL.has(lower) || NONE.has(lower))
          ? ` (tokens are lower-case: did you mean "${lower}"?)`
          : suggest(t)
      return fail(t, `unknown token "${t}"${hint}`)
    }
  }
  return { ok: true, kinds: KIND_IDS.filter((k) => enabled.has(k)), custom: allCustom ? CUSTOM_ALL : { all: false, tokens: [...custom].sort() } }
}

/** A "did you mean" for a near miss (edit distance ≤ 2), or ''. */
function suggest(t: string): string {
  const candidates = [...KIND_IDS, ...GROUP_IDS, CUSTOM_GROUP, 'all', 'off', 'none']
  let best = ''
  let bestD = 3
  for (const cand of candidates) {
    const d = distance(t.toLowerCase(), cand)
    if (d < bestD) {
      bestD = d
      best = cand
    }
  }
  return best ? ` (did you mean "${best}"?)` : ''
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]
}

/**
 * The canonical grammar string for a set of kinds: "" when all (every built-in and every custom
 * kind), "off" when none. Pass the custom selection to keep (`parseKinds(…).custom`); without
 * it no custom kind is enabled.
 */
export function formatKinds(kinds: Iterable<KindId>, custom: CustomSelection = CUSTOM_NONE): string {
  const set = new Set(kinds)
  if (set.size === KIND_IDS.length && custom.all) return ''
  if (set.size === 0 && !custom.all && custom.tokens.length === 0) return 'off'
  const parts: string[] = []
  const covered = new Set<KindId>()
  for (const g of GROUP_IDS) {
    const ks = kindsOfGroup(g)
    if (ks.every((k) => set.has(k))) {
      parts.push(g)
      ks.forEach((k) => covered.add(k))
    }
  }
  for (const k of KIND_IDS) if (set.has(k) && !covered.has(k)) parts.push(k)
  if (custom.all) parts.push(CUSTOM_GROUP)
  else parts.push(...[...custom.tokens].sort())
  return parts.join(',')
}

/**
 * The startup log line: `watch streams enabled: pods=true events=true … custom=true` in registry
 * order, every entry `name=true|false`: `custom=` says whether every custom kind is enabled, and
 * each named custom token follows as its own `<plural>.<group>=true`.
 */
export function enabledLogLine(kinds: readonly KindId[], custom: CustomSelection = CUSTOM_ALL): string {
  const set = new Set(kinds)
  const named = custom.all ? '' : custom.tokens.map((t) => ` ${t}=true`).join('')
  return 'watch streams enabled: ' + KIND_IDS.map((k) => `${k}=${set.has(k)}`).join(' ') + ` ${CUSTOM_GROUP}=${custom.all}${named}`
}
