/**
 * `GET|PUT /api/settings`: the settings pane's bodies (spec §3, §5).
 *
 * Why here: the server (src/main/config) produces them and the pane edits them; one declaration
 * keeps the pinned-by-env explanation and the field names in step on both sides.
 */
import type { CustomSelection } from '../kinds/grammar.ts'
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
  /** Enabled custom kinds: every one a cluster serves, or the named `<plural>.<group>` tokens. */
  readonly custom: CustomSelection
  /** 0 = no cap. */
  readonly perUserLimit: number
  readonly pinned: { readonly watchStreams: SettingsPin | null; readonly perUserLimit: SettingsPin | null }
}

/** One kind's table columns as the user chose them (ids are registry column ids, `name`, `namespace`, `cluster`). */
export interface UiColumnPrefs {
  /** Columns not shown. */
  readonly hidden?: readonly string[]
  /** Columns in this order first; the rest keep the registry's order after them. */
  readonly order?: readonly string[]
  /** Column id → width in px the user dragged. */
  readonly widths?: Readonly<Record<string, number>>
  /** Show kubectl's `-o wide` columns. */
  readonly wide?: boolean
}

/**
 * The window's own choices, kept in the settings file so they survive a restart (the renderer's
 * localStorage is only a cache of it): the last place, the columns per kind, dismissed notes.
 * Small and bounded (see `UI_MAX_BYTES` in src/main/config/uiSettings.ts).
 */
export interface UiSettings {
  /** The last place, as the address's hash (`#/c/demo/pods?ns=payments`); '' = none. */
  readonly place?: string
  readonly columns?: Readonly<Partial<Record<KindId, UiColumnPrefs>>>
  /** The "this cluster is simulated" note was dismissed. */
  readonly demoBannerDismissed?: boolean
}

/**
 * The `ui` part of a `PUT /api/settings` body: fields present replace theirs; `columns` replaces
 * the entries of the kinds it names (null forgets a kind's choices) and keeps the others.
 */
export interface UiSettingsUpdate {
  readonly place?: string
  readonly columns?: Readonly<Partial<Record<KindId, UiColumnPrefs | null>>>
  readonly demoBannerDismissed?: boolean
}

/**
 * One cluster's (kubeconfig context's) access settings, for users who may not list everything:
 * the namespaces an "all namespaces" view should watch when the user may not list namespaces
 * (DNS-1123 labels), and the per-cluster budget of namespace watches those views may open.
 */
export interface ClusterSettings {
  readonly namespacesToWatch?: readonly string[]
  readonly namespaceWatchBudget?: number
}

/** `GET /api/settings`, and the answer to a successful `PUT`. */
export interface SettingsResponse extends EffectiveSettings {
  /** The window's saved choices ({} when none). */
  readonly ui: UiSettings
  /** Per-cluster settings by context name ({} when none). */
  readonly clusters: Readonly<Record<string, ClusterSettings>>
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
  readonly ui?: UiSettingsUpdate
  /** Replaces the settings of the clusters it names; null forgets a cluster's. */
  readonly clusters?: Readonly<Record<string, ClusterSettings | null>>
}
