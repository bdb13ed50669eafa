/**
 * The `ui` section of the settings: the window's last place, its column choices per kind, and
 * dismissed notes — validated as strictly as the rest of the settings, and bounded.
 *
 * Why here and not only in the window's localStorage: a desktop user expects the app to open
 * where they left it and with their columns after a restart, on any window (Electron or a
 * browser tab of `npm run serve`); the settings file is the one place both read. The renderer
 * keeps a localStorage copy only as a cache for a fast first paint.
 * Why strict and bounded: the body comes over HTTP from any page holding the token; every field
 * is checked with a message naming it, unknown fields are refused, and the section as saved never
 * exceeds UI_MAX_BYTES, so the settings file stays small (its reader treats > 64 KB as corrupt).
 * Lifecycle: pure functions; runtimeConfig.ts merges an accepted patch into the saved section.
 */
import { isKindId } from '../../shared/kinds/registry.ts'
import type { KindId } from '../../shared/kinds/registry.ts'
import type { UiColumnPrefs, UiSettings, UiSettingsUpdate } from '../../shared/api/settings.ts'

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

/**
 * Largest `ui` section, as JSON, once merged: every kind with every column ordered, hidden and
 * resized is ~13 KB, so 16 KB leaves room and matches the PUT body bound.
 */
export const UI_MAX_BYTES = 16 * 1024
/** Longest saved place (a hash such as `#/c/a,b/pods?ns=x&q=…`); a filter longer than this is not a place. */
export const MAX_PLACE_CHARS = 2048
/** Most column ids in one list (the widest kind has 14 columns with NAMESPACE and CLUSTER). */
const MAX_COLUMN_IDS = 32
/** A column id: a registry id (`lastSeen`), `name`, `namespace` or `cluster`. */
const COLUMN_ID = /^[A-Za-z][A-Za-z0-9]{0,39}$/
/** A saved width outside this range is refused: it would hide a column or make it absurd. */
export const MIN_WIDTH_PX = 24
export const MAX_WIDTH_PX = 4000

const UI_FIELDS = ['place', 'columns', 'demoBannerDismissed'] as const
const COLUMN_FIELDS = ['hidden', 'order', 'widths', 'wide'] as const

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function unknownField(obj: Record<string, unknown>, known: readonly string[], where: string): string {
  for (const k of Object.keys(obj)) if (!known.includes(k)) return `${where}: unknown field "${k}" (known: ${known.join(', ')})`
  return ''
}

function columnIds(v: unknown, where: string): Parsed<readonly string[]> {
  if (!Array.isArray(v)) return { ok: false, error: `${where} must be a list of column ids, got ${JSON.stringify(v)}` }
  if (v.length > MAX_COLUMN_IDS) return { ok: false, error: `${where} has ${v.length} entries, more than ${MAX_COLUMN_IDS}` }
  const seen = new Set<string>()
  for (const id of v) {
    if (typeof id !== 'string' || !COLUMN_ID.test(id))
      return { ok: false, error: `${where}: ${JSON.stringify(id)} is not a column id (letters and digits, at most 40)` }
    if (seen.has(id)) return { ok: false, error: `${where}: column ${JSON.stringify(id)} is listed twice` }
    seen.add(id)
  }
  return { ok: true, value: v as string[] }
}

function columnPrefs(v: unknown, where: string): Parsed<UiColumnPrefs> {
  if (!isObject(v))
    return { ok: false, error: `${where} must be an object like {"hidden": ["ip"], "order": ["status"], "widths": {"name": 300}, "wide": true}` }
  const bad = unknownField(v, COLUMN_FIELDS, where)
  if (bad) return { ok: false, error: bad }
  const out: { hidden?: readonly string[]; order?: readonly string[]; widths?: Record<string, number>; wide?: boolean } = {}
  for (const f of ['hidden', 'order'] as const) {
    if (v[f] === undefined) continue
    const ids = columnIds(v[f], `${where}.${f}`)
    if (!ids.ok) return ids
    out[f] = ids.value
  }
  if (v.widths !== undefined) {
    if (!isObject(v.widths)) return { ok: false, error: `${where}.widths must be an object of column id → pixels` }
    const entries = Object.entries(v.widths)
    if (entries.length > MAX_COLUMN_IDS) return { ok: false, error: `${where}.widths has ${entries.length} entries, more than ${MAX_COLUMN_IDS}` }
    const widths: Record<string, number> = {}
    for (const [id, w] of entries) {
      if (!COLUMN_ID.test(id)) return { ok: false, error: `${where}.widths: ${JSON.stringify(id)} is not a column id` }
      if (typeof w !== 'number' || !Number.isInteger(w) || w < MIN_WIDTH_PX || w > MAX_WIDTH_PX) {
        return { ok: false, error: `${where}.widths.${id} must be a whole number of pixels from ${MIN_WIDTH_PX} to ${MAX_WIDTH_PX}, got ${JSON.stringify(w)}` }
      }
      widths[id] = w
    }
    out.widths = widths
  }
  if (v.wide !== undefined) {
    if (typeof v.wide !== 'boolean') return { ok: false, error: `${where}.wide must be true or false, got ${JSON.stringify(v.wide)}` }
    out.wide = v.wide
  }
  return { ok: true, value: out }
}

/**
 * Validate the `ui` field of a settings body or file.
 * @returns the patch (column entries may be null: forget that kind), or an error naming the field.
 */
export function validateUi(json: unknown, source: string): Parsed<UiSettingsUpdate> {
  const where = `${source} ui`
  if (!isObject(json)) return { ok: false, error: `${where} must be an object like {"place": "#/c/demo/pods", "columns": {}, "demoBannerDismissed": true}` }
  const bad = unknownField(json, UI_FIELDS, where)
  if (bad) return { ok: false, error: bad }
  const out: { place?: string; columns?: Partial<Record<KindId, UiColumnPrefs | null>>; demoBannerDismissed?: boolean } = {}
  if (json.place !== undefined) {
    const p = json.place
    if (typeof p !== 'string') return { ok: false, error: `${where}.place must be a string, got ${JSON.stringify(p)}` }
    if (p.length > MAX_PLACE_CHARS) return { ok: false, error: `${where}.place is ${p.length} characters, more than ${MAX_PLACE_CHARS}` }
    if (p !== '' && !p.startsWith('#/'))
      return { ok: false, error: `${where}.place must be '' or an address hash starting with #/, got ${JSON.stringify(p.slice(0, 40))}` }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(p)) return { ok: false, error: `${where}.place contains a control character` }
    out.place = p
  }
  if (json.columns !== undefined) {
    if (!isObject(json.columns)) return { ok: false, error: `${where}.columns must be an object of kind → column choices` }
    const columns: Partial<Record<KindId, UiColumnPrefs | null>> = {}
    for (const [kind, v] of Object.entries(json.columns)) {
      if (!isKindId(kind)) return { ok: false, error: `${where}.columns: unknown kind "${kind}" (use kind tokens such as pods, deployments)` }
      if (v === null) {
        columns[kind] = null
        continue
      }
      const c = columnPrefs(v, `${where}.columns.${kind}`)
      if (!c.ok) return c
      columns[kind] = c.value
    }
    out.columns = columns
  }
  if (json.demoBannerDismissed !== undefined) {
    if (typeof json.demoBannerDismissed !== 'boolean') return { ok: false, error: `${where}.demoBannerDismissed must be true or false` }
    out.demoBannerDismissed = json.demoBannerDismissed
  }
  return { ok: true, value: out }
}

/**
 * Apply a validated patch to the saved section.
 * @returns the merged section, or an error when it would exceed UI_MAX_BYTES (nothing applied).
 */
export function mergeUi(prev: UiSettings, patch: UiSettingsUpdate): Parsed<UiSettings> {
  const columns: Partial<Record<KindId, UiColumnPrefs>> = { ...(prev.columns ?? {}) }
  for (const [kind, v] of Object.entries(patch.columns ?? {}) as [KindId, UiColumnPrefs | null][]) {
    if (v === null || Object.keys(v).length === 0) delete columns[kind]
    else columns[kind] = v
  }
  const place = patch.place ?? prev.place
  const dismissed = patch.demoBannerDismissed ?? prev.demoBannerDismissed
  const next: UiSettings = {
    ...(place ? { place } : {}),
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(dismissed ? { demoBannerDismissed: true } : {})
  }
  const size = new TextEncoder().encode(JSON.stringify(next)).length
  if (size > UI_MAX_BYTES)
    return { ok: false, error: `settings ui: the section would be ${size} bytes, more than ${UI_MAX_BYTES}; forget some kinds' column choices first` }
  return { ok: true, value: next }
}
