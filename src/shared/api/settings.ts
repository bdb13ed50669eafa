/**
 * `GET|PUT /api/settings`: the settings pane's bodies (spec §3, §5).
 *
 * Why here: the server (src/main/config) produces them and the pane edits them; one declaration
 * keeps the pinned-by-env explanation and the field names in step on both sides.
 */
import type { KindId } from '../kinds/registry.ts'

/** Why a field cannot be changed from the settings pane. */
export interface SettingsPin {
  /** The env var that pins the field. */
  readonly env: string
  /** The env var's raw value. */
  readonly value: string
  readonly reason: string
}

/** The values in force, plus where they come from. */
export interface EffectiveSettings {
  /** The kinds grammar string in force (canonical form: "" = all, "off" = none). */
  readonly watchStreams: string
  /** Enabled kinds, registry order. */
  readonly enabled: readonly KindId[]
  /** 0 = no cap. */
  readonly perUserLimit: number
  readonly pinned: { readonly watchStreams: SettingsPin | null; readonly perUserLimit: SettingsPin | null }
}

/** `GET /api/settings`, and the answer to a successful `PUT`. */
export interface SettingsResponse extends EffectiveSettings {
  /** The settings file in use, when settings are persisted. */
  readonly file?: string
  /** A problem found at launch, e.g. a corrupt settings file kept aside. */
  readonly problem?: string
}

/**
 * The body of `PUT /api/settings` (and the content of the settings file): a missing field keeps
 * its value. 400 carries the parser's message, 409 a field pinned by the environment.
 */
export interface SettingsUpdate {
  readonly watchStreams?: string
  readonly perUserLimit?: number
}
