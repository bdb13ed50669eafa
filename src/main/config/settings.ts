/**
 * Runtime settings of the watch streams: which kinds stream, and the per-user cap (spec §3, §5).
 *
 * Why: the env vars, the settings file and the settings pane all feed the same two values, and
 * the rules for them (grammar, cap validation, "the env var wins, even when empty") must live in
 * one pure place so the launch check, the file loader and `PUT /api/settings` agree exactly.
 * Lifecycle: pure functions, no state; `runtimeConfig.ts` holds the live values.
 */
import { formatKinds, parseKinds } from '../../shared/kinds/grammar.ts'
import type { CustomSelection } from '../../shared/kinds/grammar.ts'
import type { KindId } from '../../shared/kinds/registry.ts'
import type { EffectiveSettings, SettingsPin, SettingsUpdate, UiSettings } from '../../shared/api/settings.ts'
import { validateUi } from './uiSettings.ts'
import { validateClusters } from './clusterSettings.ts'
import type { ClusterSettings } from '../../shared/api/settings.ts'

/** Env var of the kinds grammar. */
export const ENV_KINDS = 'PERISCOPE_WATCH_STREAMS'
/** Env var of the per-user cap. */
export const ENV_LIMIT = 'PERISCOPE_WATCH_PER_USER_LIMIT'
/** Default cap: the operator guide's "~10 tabs × 6 list views", with headroom. */
export const DEFAULT_PER_USER_LIMIT = 60
/** Largest accepted cap: far above any real use, and keeps the value a safe small integer. */
export const MAX_PER_USER_LIMIT = 100_000

/** Why a field cannot be changed from the settings pane (the wire type of `GET /api/settings`). */
export type Pin = SettingsPin
/** What the settings file stores; a missing field means "default". */
export interface SavedSettings {
  readonly watchStreams?: string
  readonly perUserLimit?: number
  /** The window's choices (place, columns, dismissed notes); see uiSettings.ts. */
  readonly ui?: UiSettings
  /** Per-cluster access settings by context name; see clusterSettings.ts. */
  readonly clusters?: Readonly<Record<string, ClusterSettings>>
}
/** A validated `PUT /api/settings` body (or settings file): `ui` may forget kinds with null. */
export type SettingsPatch = SettingsUpdate
export type { EffectiveSettings }

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

/**
 * Validate a cap value from the env (a string) or JSON (a number).
 * @param source names the origin in the error, e.g. `PERISCOPE_WATCH_PER_USER_LIMIT`.
 * @returns a non-negative integer, or an error naming the value; `""` means the default.
 */
export function parseLimit(value: unknown, source: string): Parsed<number> {
  const bad = (why: string): Parsed<number> => ({
    ok: false,
    error: `invalid ${source} value ${JSON.stringify(value)}: ${why}; use a whole number from 0 (no cap) to ${MAX_PER_USER_LIMIT}`
  })
  if (typeof value === 'string') {
    const t = value.trim()
    if (t === '') return { ok: true, value: DEFAULT_PER_USER_LIMIT }
    if (!/^[0-9]+$/.test(t)) return bad(t.startsWith('-') ? 'it is negative' : 'it is not a whole number')
    return parseLimit(Number(t), source)
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad('it is not a number')
  if (!Number.isInteger(value)) return bad('it is not a whole number')
  if (value < 0) return bad('it is negative')
  if (value > MAX_PER_USER_LIMIT) return bad('it is too large')
  return { ok: true, value }
}

/**
 * Validate a kinds grammar value.
 * @returns the enabled kinds, or the grammar's own message (it names the bad token).
 */
export function parseKindsValue(value: unknown, source: string): Parsed<{ readonly kinds: readonly KindId[]; readonly custom: CustomSelection }> {
  if (typeof value !== 'string') return { ok: false, error: `invalid ${source} value: expected a string` }
  const r = parseKinds(value)
  return r.ok ? { ok: true, value: { kinds: r.kinds, custom: r.custom } } : { ok: false, error: `${source}: ${r.error}` }
}

/**
 * The effective settings: an env var that is set (even to "") wins over the saved value.
 * @param env the process environment (only the two vars are read).
 * @param saved the settings file's content (already validated).
 * @returns the settings, or the first env error (the caller exits 2 on it at launch).
 */
export function resolveSettings(env: Readonly<Record<string, string | undefined>>, saved: SavedSettings): Parsed<EffectiveSettings> {
  const envKinds = env[ENV_KINDS]
  const envLimit = env[ENV_LIMIT]
  const kinds = parseKindsValue(envKinds ?? saved.watchStreams ?? '', envKinds !== undefined ? ENV_KINDS : 'saved watchStreams')
  if (!kinds.ok) return kinds
  const limit = envLimit !== undefined ? parseLimit(envLimit, ENV_LIMIT) : parseLimit(saved.perUserLimit ?? DEFAULT_PER_USER_LIMIT, 'saved perUserLimit')
  if (!limit.ok) return limit
  const pin = (name: string, value: string | undefined): Pin | null =>
    value === undefined
      ? null
      : {
          env: name,
          value,
          reason: `set by the environment variable ${name}, which wins over the settings pane; unset it and restart to edit this here`
        }
  return {
    ok: true,
    value: {
      watchStreams: formatKinds(kinds.value.kinds, kinds.value.custom),
      enabled: kinds.value.kinds,
      custom: kinds.value.custom,
      perUserLimit: limit.value,
      pinned: { watchStreams: pin(ENV_KINDS, envKinds), perUserLimit: pin(ENV_LIMIT, envLimit) }
    }
  }
}

/**
 * Validate the parsed JSON of a settings file (or a `PUT /api/settings` body).
 * @returns the recognised fields, or an error naming the bad field; unknown fields are errors.
 */
export function validateSaved(json: unknown, source: string): Parsed<SettingsPatch> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: `${source}: expected a JSON object like {"watchStreams": "pods,events", "perUserLimit": 60}` }
  }
  const obj = json as Record<string, unknown>
  for (const k of Object.keys(obj)) {
    if (k !== 'watchStreams' && k !== 'perUserLimit' && k !== 'ui' && k !== 'clusters')
      return { ok: false, error: `${source}: unknown field "${k}" (known: watchStreams, perUserLimit, ui, clusters)` }
  }
  const out: { watchStreams?: string; perUserLimit?: number; ui?: SettingsPatch['ui']; clusters?: SettingsPatch['clusters'] } = {}
  if (obj.watchStreams !== undefined) {
    const k = parseKindsValue(obj.watchStreams, `${source} watchStreams`)
    if (!k.ok) return k
    out.watchStreams = obj.watchStreams as string
  }
  if (obj.perUserLimit !== undefined) {
    if (typeof obj.perUserLimit !== 'number') return { ok: false, error: `${source}: perUserLimit must be a number, got ${JSON.stringify(obj.perUserLimit)}` }
    const l = parseLimit(obj.perUserLimit, `${source} perUserLimit`)
    if (!l.ok) return l
    out.perUserLimit = l.value
  }
  if (obj.ui !== undefined) {
    const u = validateUi(obj.ui, source)
    if (!u.ok) return u
    out.ui = u.value
  }
  if (obj.clusters !== undefined) {
    const c = validateClusters(obj.clusters, source)
    if (!c.ok) return c
    out.clusters = c.value
  }
  return { ok: true, value: out }
}
